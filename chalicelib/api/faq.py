"""FAQ JSON API: public lists, entries, search and audio; anonymous feedback; staff statistics."""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint, Response
from pydantic import Field, StrictBool

from chalicelib.api.schemas import Model, QueryParams, Strict
from chalicelib.auth import STAFF
from chalicelib.http import ApiContext, api_route
from chalicelib.services import faq
from chalicelib.text import VISIBLE_PATTERN

faq_api = Blueprint(__name__)
LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]


class ListQuery(QueryParams):
    group: Literal["buergergeld", "asyl", "corona", "portal"] | None = None


class LangQuery(QueryParams):
    pass


class SearchQuery(QueryParams):
    q: str = Field(min_length=1, max_length=500, pattern=VISIBLE_PATTERN)


class ListItem(Model):
    id: str
    title: str
    group: str


class FaqList(Model):
    lang: str
    groups: list[str]
    items: list[ListItem]


class SourceOut(Model):
    label: str
    url: str


class FaqEntryOut(Model):
    id: str
    lang: str
    group: str
    title: str
    answer: str
    details: str
    sources: list[SourceOut]
    link: str | None
    checked_on: str
    translation: Literal["original", "reviewed", "machine"]
    review: str | None = Field(description="set while the entry awaits a legal review")
    audio_url: str


class SearchResult(Model):
    id: str
    title: str
    score: float


class SearchResults(Model):
    lang: str
    results: list[SearchResult]


class Feedback(Strict):
    lang: LangCode
    helpful: StrictBool


class NotFoundReport(Strict):
    lang: LangCode


class EntryStats(Model):
    id: str
    lang: str
    helpful: int
    not_helpful: int


class FaqStats(Model):
    items: list[EntryStats]
    not_found: dict[str, int]


NO_CONTENT = {"204": {"description": "Counted"}}


@api_route(faq_api, "/api/faq", summary="FAQ entries of a language, optionally of one group", tags=["faq"],
           query=ListQuery, response=FaqList)
def list_faq(ctx: ApiContext) -> FaqList:
    lang, group = ctx.query.lang, ctx.query.group
    return FaqList(lang=lang, groups=list(faq.FAQ_GROUPS),
                   items=[ListItem(**item) for item in faq.list_entries(lang, group)])


@api_route(faq_api, "/api/faq/search", summary="Search the FAQ of a language, best first", tags=["faq"],
           query=SearchQuery, response=SearchResults, errors=(503,))
def search_faq(ctx: ApiContext) -> SearchResults:  # 503 while no index is published
    lang = ctx.query.lang
    hits = faq.search(ctx.query.q, lang)
    return SearchResults(lang=lang, results=[SearchResult(id=h.id, title=h.title, score=h.score) for h in hits])


@api_route(faq_api, "/api/faq/search/not-found", "POST", summary="Count a search that found no answer",
           tags=["faq"], body=NotFoundReport, status=204, extra_responses=NO_CONTENT)
def report_not_found(ctx: ApiContext) -> Response:
    faq.record_not_found(ctx.body.lang)
    return Response(body="", status_code=204)


@api_route(faq_api, "/api/faq/{entry_id}", summary="One FAQ entry in one language", tags=["faq"],
           query=LangQuery, response=FaqEntryOut, errors=(404,))
def get_faq(ctx: ApiContext, entry_id: str) -> FaqEntryOut:
    lang = ctx.query.lang
    entry = faq.get_entry(entry_id, lang)
    return FaqEntryOut(**entry.__dict__, audio_url=faq.public_audio_path(entry.id, lang))


@api_route(faq_api, "/api/faq/{entry_id}/audio", summary="Redirect to the entry's audio (presigned, 5 min)",
           tags=["faq"], query=LangQuery, status=302, errors=(404,),
           extra_responses={"302": {"description": "Location of the MP3", "headers": {
               "Location": {"schema": {"type": "string"}}}}})
def faq_audio(ctx: ApiContext, entry_id: str) -> Response:
    url = faq.audio_url(entry_id, ctx.query.lang)
    return Response(body="", status_code=302, headers={"Location": url, "Cache-Control": "no-store"})


@api_route(faq_api, "/api/faq/{entry_id}/feedback", "POST", summary="Was this answer helpful? (anonymous)",
           tags=["faq"], body=Feedback, status=204, errors=(404,), extra_responses=NO_CONTENT)
def faq_feedback(ctx: ApiContext, entry_id: str) -> Response:
    faq.record_feedback(entry_id, ctx.body.lang, ctx.body.helpful)
    return Response(body="", status_code=204)


@api_route(faq_api, "/api/staff/faq-stats", summary="Feedback counts per entry and language (staff)",
           tags=["faq", "staff"], role=STAFF, response=FaqStats)
def faq_stats(ctx: ApiContext) -> FaqStats:
    return FaqStats(**faq.feedback_stats())
