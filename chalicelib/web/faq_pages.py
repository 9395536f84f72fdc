"""FAQ pages: groups and lists, one answer with its audio, search, feedback. Work without JavaScript."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.errors import BadRequest
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import faq
from chalicelib.services.faq_content import markup_to_html
from chalicelib.web.render import render

faq_pages = Blueprint(__name__)


@page_route(faq_pages, "/faq")
def faq_index(ctx: PageContext) -> Response:
    group = faq.check_group(ctx.query.get("group") or None)
    items = faq.list_entries(ctx.lang, group)
    return render("faq_list.html", ctx, groups=faq.FAQ_GROUPS, group=group, items=items, query="")


@page_route(faq_pages, "/faq/search")
def faq_search(ctx: PageContext) -> Response:
    query = ctx.query.get("q", "")
    reported = ctx.query.get("reported") == "1"
    if reported and not query.strip():
        return render("faq_search.html", ctx, query="", hits=[], error=None, reported=True)
    try:
        hits = faq.search(query, ctx.lang)
        error = None
    except BadRequest as err:
        hits, error = [], f"error.{err.detail}"
    status = 400 if error else 200
    return render("faq_search.html", ctx, status=status, query=query[:faq.MAX_QUERY], hits=hits, error=error,
                  reported=False)


@page_route(faq_pages, "/faq/search/not-found", methods=("POST",))
def faq_not_found(ctx: PageContext) -> Response:
    faq.record_not_found(ctx.lang)
    return redirect(f"/faq/search?lang={ctx.lang}&reported=1")


@page_route(faq_pages, "/faq/{entry_id}")
def faq_entry(ctx: PageContext, entry_id: str) -> Response:
    try:
        entry = faq.get_entry(entry_id, ctx.lang)
    except faq.TranslationMissing as missing:
        return render("faq_missing.html", ctx, status=404, entry_id=entry_id,
                      alternatives=missing.params["alternatives"].split(", "))
    return render("faq_entry.html", ctx, entry=entry, answer_html=markup_to_html(entry.answer),
                  details_html=markup_to_html(entry.details) if entry.details else "",
                  audio_src=f"/api/faq/{entry.id}/audio?lang={ctx.lang}",
                  thanks=ctx.query.get("thanks") == "1")


@page_route(faq_pages, "/faq/{entry_id}/feedback", methods=("POST",))
def faq_feedback(ctx: PageContext, entry_id: str) -> Response:
    helpful = ctx.form.get("helpful")
    if helpful not in ("yes", "no"):
        raise BadRequest()
    faq.record_feedback(entry_id, ctx.lang, helpful == "yes")
    return redirect(f"/faq/{entry_id}?lang={ctx.lang}&thanks=1#feedback")
