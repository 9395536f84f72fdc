"""Chat JSON API (public) and the staff list of callback requests."""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint, Response
from pydantic import Field

from chalicelib.api.schemas import Model, QueryParams, Strict
from chalicelib.auth import STAFF
from chalicelib.http import ApiContext, api_route
from chalicelib.services import chat
from chalicelib.text import VISIBLE_PATTERN

chat_api = Blueprint(__name__)


LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]


class ChatRequest(Strict):
    message: str = Field(min_length=1, max_length=1000, pattern=VISIBLE_PATTERN,
                         description="1 to 1000 characters with at least one visible one")
    session_id: str | None = Field(default=None, max_length=200)
    lang: LangCode | None = Field(default=None, description="absent: detected from the message")


class Suggestion(Model):
    id: str
    title: str


class ChatReply(Model):
    session_id: str
    lang: str
    reply: str
    faq_id: str | None
    confidence: float = Field(ge=0, le=1)
    suggestions: list[Suggestion]
    handoff: bool
    audio_url: str | None


class CallbackIn(Strict):
    contact: str = Field(max_length=200, pattern=chat.CONTACT_PATTERN, description="phone number or e-mail address")
    preferred_time: str = Field(default="", max_length=200)
    lang: LangCode = "de"
    session_id: str | None = Field(default=None, max_length=200)


class CallbackCreated(Model):
    id: str
    status: Literal["open"]


class CallbackQuery(QueryParams):
    status: Literal["open", "closed"] = "open"
    after: str = Field(default="", max_length=300, description="the `next` cursor of the previous page")


class CallbackOut(Model):
    id: str
    status: str
    created_at: str
    contact: str
    preferred_time: str
    lang: str
    topic: str | None


class CallbackList(Model):
    items: list[CallbackOut]
    next: str | None


@api_route(chat_api, "/api/chat", "POST", summary="One chat turn", tags=["chat"], body=ChatRequest,
           response=ChatReply, invalid_body_status=400, errors=(503,))
def chat_turn(ctx: ApiContext) -> ChatReply:
    result = chat.respond(ctx.body.message, ctx.body.session_id, ctx.body.lang)
    return ChatReply(session_id=result.session_id, lang=result.lang, reply=result.reply, faq_id=result.faq_id,
                     confidence=result.confidence, suggestions=[Suggestion(**s) for s in result.suggestions],
                     handoff=result.handoff, audio_url=result.audio_url)


@api_route(chat_api, "/api/chat/callback", "POST", summary="Ask a person to call or write back",
           tags=["chat"], body=CallbackIn, response=CallbackCreated, status=201, invalid_body_status=400)
def chat_callback(ctx: ApiContext) -> CallbackCreated:
    callback_id = chat.request_callback(ctx.body.contact, ctx.body.preferred_time, ctx.body.lang,
                                        ctx.body.session_id)
    return CallbackCreated(id=callback_id, status="open")


@api_route(chat_api, "/api/staff/callbacks", summary="Callback requests, newest first (staff)",
           tags=["chat", "staff"], role=STAFF, query=CallbackQuery, response=CallbackList)
def staff_callbacks(ctx: ApiContext) -> CallbackList:
    items, cursor = chat.list_callbacks(ctx.query.status, after=ctx.query.after)
    return CallbackList(next=cursor, items=[CallbackOut(
        id=c.callback_id, status=c.status, created_at=c.created_key.split("#")[0], contact=c.contact,
        preferred_time=c.preferred_time, lang=c.lang, topic=c.topic) for c in items])


@api_route(chat_api, "/api/staff/callbacks/{callback_id}/close", "POST", summary="Close a callback (staff)",
           tags=["chat", "staff"], role=STAFF, status=204, errors=(404,),
           extra_responses={"204": {"description": "Closed"}})
def close_callback(ctx: ApiContext, callback_id: str) -> Response:
    chat.close_callback(callback_id, ctx.subject)
    return Response(body="", status_code=204)
