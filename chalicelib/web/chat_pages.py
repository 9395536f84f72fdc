"""The chat page. Without JavaScript every turn is a form post and the page is rendered again; the
conversation so far travels in the form itself, so no message text is kept on the server. With
JavaScript (static/chat.js) the same page talks to POST /api/chat without reloading."""

from __future__ import annotations

import json

from chalice import Blueprint, Response

from chalicelib.errors import BadRequest
from chalicelib.http import PageContext, page_route
from chalicelib.i18n import translate
from chalicelib.services import chat
from chalicelib.web.render import render

chat_pages = Blueprint(__name__)
MAX_TURNS = 20
MAX_HISTORY_BYTES = 12_000


def _history(raw: str) -> list[dict[str, object]]:
    """The conversation the browser sent back: shown again only to the same browser, escaped."""
    if not raw or len(raw) > MAX_HISTORY_BYTES:
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        return []
    turns = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("who") in ("me", "bot") and isinstance(item.get("text"), str):
            turns.append({"who": item["who"], "text": item["text"][:2000],
                          "faq_id": item.get("faq_id") if isinstance(item.get("faq_id"), str) else None})
    return turns[-MAX_TURNS:]


def _page(ctx: PageContext, history: list[dict[str, object]], session_id: str = "", status: int = 200,
          **extra: object) -> Response:
    context = {"history": history, "history_json": json.dumps(history, ensure_ascii=False),
               "session_id": session_id, "suggestions": [], "handoff": False, "audio": None, "error": None,
               "callback_done": False, "message": ""}
    context.update(extra)
    return render("chat.html", ctx, status=status, **context)


@page_route(chat_pages, "/chat")
def chat_page(ctx: PageContext) -> Response:
    return _page(ctx, [])


@page_route(chat_pages, "/chat", methods=("POST",))
def chat_post(ctx: PageContext) -> Response:
    history = _history(ctx.form.get("history", ""))
    message = ctx.form.get("message", "")
    session_id = ctx.form.get("session_id", "")[:64]
    try:
        reply = chat.respond(message, session_id or None, ctx.lang)
    except BadRequest as err:
        return _page(ctx, history, session_id, status=400, error=f"error.{err.detail}",
                     message=message[:chat.MAX_MESSAGE])
    shown = chat.clean(message) if reply.kind != "personal_data" else "…"
    history += [{"who": "me", "text": shown, "faq_id": None},
                {"who": "bot", "text": reply.reply, "faq_id": reply.faq_id}]
    return _page(ctx, history[-MAX_TURNS:], reply.session_id, suggestions=reply.suggestions,
                 handoff=reply.handoff, audio=f"/api/faq/{reply.faq_id}/audio?lang={reply.lang}"
                 if reply.faq_id else None)


@page_route(chat_pages, "/chat/callback", methods=("POST",))
def chat_callback(ctx: PageContext) -> Response:
    history = _history(ctx.form.get("history", ""))
    session_id = ctx.form.get("session_id", "")[:64]
    try:
        chat.request_callback(ctx.form.get("contact", ""), ctx.form.get("preferred_time", ""), ctx.lang,
                              session_id or None)
    except BadRequest as err:
        return _page(ctx, history, session_id, status=400, handoff=True, error=f"error.{err.detail}")
    history.append({"who": "bot", "text": translate(ctx.lang, "chat.handoff.thanks"), "faq_id": None})
    return _page(ctx, history, session_id, callback_done=True)
