"""Offers on the web: the list with filters (a GET form), the offer with the interest form, and the
confirmation page. The confirmation link only shows a button (a POST with the CSRF double-submit token),
so mail scanners that open links do not confirm anything. Staff see each offer's places, its confirmed
and waiting registrations (paginated), mark them contacted and export them as CSV; every list view,
mark and export is audited with the same action names as the staff API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from chalice import Blueprint, Response

from chalicelib.auth import STAFF
from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.errors import BadRequest, Gone, NotFound, ValidationFailed
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import audit, offer_interest, offers, rate_limits
from chalicelib.web.render import render

offers_pages = Blueprint(__name__)
SENT = ("pending_confirmation", "confirmed", "waiting_list")
STAFF_PAGE_SIZE = 50
CURSOR_MAX = 500


def _filter(ctx: PageContext, name: str, allowed: tuple[str, ...]) -> str | None:
    value = ctx.query.get(name) or None
    if value is not None and value not in allowed:
        raise BadRequest()
    return value


@page_route(offers_pages, "/offers")
def offer_list(ctx: PageContext) -> Response:
    kind = _filter(ctx, "kind", offers.KINDS)
    status = _filter(ctx, "status", offers.STATUSES)
    language = _filter(ctx, "language", SUPPORTED_LANGUAGES)
    return render("offers.html", ctx, offers=offers.listing(kind, status, language), kind=kind, status_filter=status,
                  language=language, kinds=offers.KINDS, statuses=offers.STATUSES)


def _offer_page(ctx: PageContext, offer: offers.Offer, status: int = 200, errors: dict[str, str] | None = None,
                form: dict[str, Any] | None = None) -> Response:
    sent = ctx.query.get("sent")
    return render("offer.html", ctx, status=status, offer=offer, text=offer.text(ctx.lang),
                  offer_status=offer.status(), places_left=offer_interest.places_left(offer),
                  errors=errors or {}, form=form or {"preferred_lang": ctx.lang}, sent=sent if sent in SENT else None,
                  pending_hours=offer_interest.PENDING_HOURS, name_max=offer_interest.NAME_MAX,
                  contact_max=offer_interest.CONTACT_MAX, message_max=offer_interest.MESSAGE_MAX)


@page_route(offers_pages, "/offers/{offer_id}")
def offer_page(ctx: PageContext, offer_id: str) -> Response:
    return _offer_page(ctx, offers.get(offer_id))


@page_route(offers_pages, "/offers/{offer_id}/interest", methods=("POST",))
def offer_interest_form(ctx: PageContext, offer_id: str) -> Response:
    offer = offers.get(offer_id)
    interest = offer_interest.Interest(
        name=ctx.form.get("name", ""), contact=ctx.form.get("contact", "").strip(),
        preferred_lang=ctx.form.get("preferred_lang", ctx.lang), message=ctx.form.get("message", ""),
        consent=ctx.form.get("consent") == "yes")
    try:
        outcome = offer_interest.register_interest(offer.id, interest,
                                                   rate_limits.client_address(ctx.request.context), ctx.lang)
    except ValidationFailed as err:
        # Shown again as typed (escaped by the template), cut to the field's limit; nothing was stored.
        form = {"name": interest.name[:offer_interest.NAME_MAX],
                "contact": interest.contact[:offer_interest.CONTACT_MAX],
                "preferred_lang": interest.preferred_lang, "message": interest.message[:offer_interest.MESSAGE_MAX],
                "consent": interest.consent}
        return _offer_page(ctx, offer, status=422, errors={e.field: e.message for e in err.errors}, form=form)
    return redirect(f"/offers/{offer.id}?lang={ctx.lang}&sent={outcome.status}#result")


@page_route(offers_pages, "/offers/confirm/{token}", methods=("GET", "POST"))
def confirmation_page(ctx: PageContext, token: str) -> Response:
    try:
        if ctx.request.method == "POST":
            offer, status = offer_interest.confirm(token)
        else:
            offer, status = offer_interest.confirmation(token)
    except (NotFound, Gone) as err:
        return render("offer_confirm.html", ctx, status=err.status, offer=None, problem=err.code, token=token,
                      registration_status=None)
    return render("offer_confirm.html", ctx, offer=offer, text=offer.text(ctx.lang), problem=None, token=token,
                  registration_status=status)


# -- staff ------------------------------------------------------------------------------------------------


def _berlin_time(value: str | None) -> str:
    """A stored UTC timestamp as local time (dd.mm.yyyy hh:mm); empty when there is none."""
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).astimezone(offers.BERLIN).strftime("%d.%m.%Y %H:%M")


def _cursor(value: str | None) -> str:
    # Opaque and URL-safe when it is ours; anything else starts from the first page (as the API does).
    value = (value or "")[:CURSOR_MAX]
    return value if value.replace("-", "").replace("_", "").isalnum() else ""


@page_route(offers_pages, "/staff/offers", role=STAFF)
def staff_offers(ctx: PageContext) -> Response:
    rows = []
    for offer in offers.listing():
        taken = offer_interest.places_taken(offer.id) if offer.capacity is not None else None
        rows.append({"offer": offer, "title": offer.text(ctx.lang)["title"], "status": offer.status(),
                     "taken": taken, "left": None if taken is None else max(0, offer.capacity - taken)})
    return render("staff_offers.html", ctx, rows=rows)


@page_route(offers_pages, "/staff/offers/{offer_id}", role=STAFF)
def staff_offer(ctx: PageContext, offer_id: str) -> Response:
    offer = offers.get(offer_id)
    after = _cursor(ctx.query.get("after"))
    items, cursor = offer_interest.listed(offer.id, STAFF_PAGE_SIZE, after or None)
    audit.record(ctx.principal.subject, "offers.registrations.list", f"offer#{offer.id}", ctx.request_id)
    taken = offer_interest.places_taken(offer.id) if offer.capacity is not None else None
    return render("staff_offer.html", ctx, offer=offer, text=offer.text(ctx.lang), offer_status=offer.status(),
                  taken=taken, left=None if taken is None else max(0, offer.capacity - taken),
                  registrations=items, after=after, next_cursor=cursor, when=_berlin_time,
                  marked=ctx.query.get("contacted") == "1")


@page_route(offers_pages, "/staff/offers/{offer_id}/registrations/{registration_id}/contacted", methods=("POST",),
            role=STAFF)
def staff_contacted(ctx: PageContext, offer_id: str, registration_id: str) -> Response:
    offer_interest.mark_contacted(offer_id, registration_id, ctx.principal.subject)
    audit.record(ctx.principal.subject, "offers.registrations.contacted", f"offer-registration#{registration_id}",
                 ctx.request_id)
    after = _cursor(ctx.form.get("after"))
    back = f"&after={quote(after)}" if after else ""
    return redirect(f"/staff/offers/{offer_id}?lang={ctx.lang}{back}&contacted=1#{registration_id}")


@page_route(offers_pages, "/staff/offers/{offer_id}/registrations.csv", role=STAFF)
def staff_export(ctx: PageContext, offer_id: str) -> Response:
    body = offer_interest.export_csv(offer_id)
    audit.record(ctx.principal.subject, "offers.registrations.export", f"offer#{offer_id}", ctx.request_id)
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="anmeldungen-{offer_id}.csv"', "Cache-Control": "no-store"})
