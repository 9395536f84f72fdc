"""Offers API: the public list and detail, registering interest without an account, confirming it;
staff see registrations per offer, mark them contacted and export them (audited)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from chalice import Blueprint, Response
from pydantic import BeforeValidator, Field

from chalicelib.api.schemas import LangCode, Model, QueryParams, Strict
from chalicelib.auth import STAFF
from chalicelib.http import ApiContext, api_route
from chalicelib.services import audit, offer_interest, offers, rate_limits
from chalicelib.services.chat import CONTACT_PATTERN
from chalicelib.text import VISIBLE_PATTERN

offers_api = Blueprint(__name__)
Kind = Literal["course", "counselling", "job_fair", "participation"]
OfferStatus = Literal["upcoming", "running", "finished"]
TargetGroup = Literal["everyone", "jobseekers", "refugees", "young_people", "parents"]
TranslationMark = Literal["original", "reviewed", "machine"]


def _only_true(value: Any) -> Any:
    # Literal[True] alone would take 1 and 1.0 for true; consent is the JSON value true and nothing else.
    if value is not True:
        raise ValueError("consent must be true")
    return value


class OffersQuery(QueryParams):
    kind: Kind | None = None
    status: OfferStatus | None = None
    language: LangCode | None = Field(default=None, description="only offers held in this language "
                                                                "(`lang` chooses the language of the texts)")


class OfferSummary(Model):
    id: str
    kind: Kind
    status: OfferStatus
    target_group: TargetGroup
    title: str
    summary: str
    schedule: str
    starts_on: str
    ends_on: str
    place: str | None
    online: bool
    languages: list[LangCode]
    capacity: int | None = Field(description="places; null: no limit")
    translation: TranslationMark = Field(description="who wrote the texts in this language")


class OfferList(Model):
    items: list[OfferSummary]


class OfferDetail(OfferSummary):
    description: str
    places_left: int | None = Field(description="null: no limit; 0: new registrations go on the waiting list")
    registration_open: bool
    registrations_deleted_after: str = Field(description="the day registrations for this offer are deleted")
    updated: str


class InterestIn(Strict):
    name: str = Field(min_length=1, max_length=offer_interest.NAME_MAX, pattern=VISIBLE_PATTERN,
                      description="1 to 100 characters with at least one visible one")
    contact: str = Field(max_length=offer_interest.CONTACT_MAX, pattern=CONTACT_PATTERN,
                         description="e-mail address (confirmed by a link) or phone number (counts at once)")
    preferred_lang: LangCode | None = Field(default=None, description="language for contact; absent: `lang`")
    message: str = Field(default="", max_length=offer_interest.MESSAGE_MAX, description="never echoed back")
    consent: Annotated[Literal[True], BeforeValidator(_only_true)] = Field(
        description="consent to processing the data for this offer; must be true")


class InterestReceived(Model):
    offer_id: str
    channel: Literal["email", "phone"]
    status: Literal["pending_confirmation", "confirmed", "waiting_list"] = Field(
        description="e-mail: always pending_confirmation (the e-mail says the rest)")
    confirm_within_hours: int | None
    unconfirmed_deleted_after_hours: int | None
    deleted_after: str = Field(description="the day the registration is deleted (offer end + 90 days)")


class ConfirmIn(Strict):
    token: str = Field(pattern=offer_interest.TOKEN_PATTERN, description="the token from the e-mail's link")


class ConfirmationOut(Model):
    offer_id: str
    status: Literal["confirmed", "waiting_list"]


class RegistrationsQuery(QueryParams):
    limit: int = Field(default=50, ge=1, le=100)
    after: str = Field(default="", max_length=500, description="the `next` cursor of the previous page")


class RegistrationOut(Model):
    id: str
    status: Literal["confirmed", "waiting_list"]
    name: str
    contact: str
    channel: Literal["email", "phone"]
    preferred_lang: str
    message: str
    registered_at: str
    decided_at: str | None
    contacted_at: str | None


class RegistrationList(Model):
    items: list[RegistrationOut]
    next: str | None


def _summary(offer: offers.Offer, lang: str) -> dict[str, Any]:
    text = offer.text(lang)
    return {"id": offer.id, "kind": offer.kind, "status": offer.status(), "target_group": offer.target_group,
            "title": text["title"], "summary": text["summary"], "schedule": text["schedule"],
            "starts_on": offer.starts_on.isoformat(), "ends_on": offer.ends_on.isoformat(), "place": offer.place,
            "online": offer.online, "languages": list(offer.languages), "capacity": offer.capacity,
            "translation": offer.translation[lang]}


def _registration(r: Any) -> RegistrationOut:
    return RegistrationOut(id=r.registration_id, status=r.status, name=r.name, contact=r.contact, channel=r.channel,
                           preferred_lang=r.preferred_lang, message=r.message, registered_at=r.registered_at,
                           decided_at=r.decided_at, contacted_at=r.contacted_at)


@api_route(offers_api, "/api/offers", summary="The centre's offers, filtered by kind, status and language",
           tags=["offers"], query=OffersQuery, response=OfferList)
def list_offers(ctx: ApiContext) -> OfferList:
    q = ctx.query
    return OfferList(items=[OfferSummary(**_summary(o, ctx.lang))
                            for o in offers.listing(q.kind, q.status, q.language)])


@api_route(offers_api, "/api/offers/{offer_id}", summary="One offer with its places and deletion date",
           tags=["offers"], query=QueryParams, response=OfferDetail, errors=(404,))
def offer_detail(ctx: ApiContext, offer_id: str) -> OfferDetail:
    offer = offers.get(offer_id)
    return OfferDetail(**_summary(offer, ctx.lang), description=offer.text(ctx.lang)["description"],
                       places_left=offer_interest.places_left(offer),
                       registration_open=offer.status() != "finished",
                       registrations_deleted_after=offer.deleted_after.isoformat(), updated=offer.updated.isoformat())


@api_route(offers_api, "/api/offers/{offer_id}/interest", "POST",
           summary="Register interest without an account (e-mail: confirm by link within 48 hours; "
                   "5 per 10 minutes per client address)",
           tags=["offers"], query=QueryParams, body=InterestIn, response=InterestReceived, status=202,
           errors=(404, 409, 429))
def register_interest(ctx: ApiContext, offer_id: str) -> InterestReceived:
    body = ctx.body
    outcome = offer_interest.register_interest(
        offer_id, offer_interest.Interest(name=body.name, contact=body.contact,
                                          preferred_lang=body.preferred_lang or ctx.lang, message=body.message,
                                          consent=body.consent),
        rate_limits.client_address(ctx.request.context), ctx.lang)
    return InterestReceived(offer_id=offer_id, channel=outcome.channel, status=outcome.status,
                            confirm_within_hours=outcome.confirm_within_hours,
                            unconfirmed_deleted_after_hours=outcome.confirm_within_hours,
                            deleted_after=outcome.deleted_after.isoformat())


@api_route(offers_api, "/api/offers/confirmations", "POST", summary="Confirm an e-mail registration with the "
           "token from its link", tags=["offers"], query=QueryParams, body=ConfirmIn, response=ConfirmationOut,
           errors=(404, 410))
def confirm_interest(ctx: ApiContext) -> ConfirmationOut:
    offer, status = offer_interest.confirm(ctx.body.token)
    return ConfirmationOut(offer_id=offer.id, status=status)


@api_route(offers_api, "/api/staff/offers/{offer_id}/registrations", summary="Confirmed and waiting "
           "registrations of an offer, first decided first (staff)", tags=["offers", "staff"], role=STAFF,
           query=RegistrationsQuery, response=RegistrationList, errors=(404,))
def staff_registrations(ctx: ApiContext, offer_id: str) -> RegistrationList:
    items, cursor = offer_interest.listed(offer_id, ctx.query.limit, ctx.query.after)
    audit.record(ctx.subject, "offers.registrations.list", f"offer#{offer_id}", ctx.request_id)
    return RegistrationList(items=[_registration(r) for r in items], next=cursor)


@api_route(offers_api, "/api/staff/offers/{offer_id}/registrations/{registration_id}/contacted", "POST",
           summary="Mark a registration as contacted (staff)", tags=["offers", "staff"], role=STAFF,
           query=QueryParams, response=RegistrationOut, errors=(404,))
def staff_contacted(ctx: ApiContext, offer_id: str, registration_id: str) -> RegistrationOut:
    registration = offer_interest.mark_contacted(offer_id, registration_id, ctx.subject)
    audit.record(ctx.subject, "offers.registrations.contacted", f"offer-registration#{registration_id}",
                 ctx.request_id)
    return _registration(registration)


@api_route(offers_api, "/api/staff/offers/{offer_id}/registrations.csv", summary="Export the confirmed and "
           "waiting registrations as CSV (staff)", tags=["offers", "staff"], role=STAFF, query=QueryParams,
           errors=(404,), extra_responses={"200": {"description": "CSV, `;`-separated, UTF-8 with BOM", "content": {
               "text/csv": {"schema": {"type": "string"}}}}})
def staff_export(ctx: ApiContext, offer_id: str) -> Response:
    body = offer_interest.export_csv(offer_id)
    audit.record(ctx.subject, "offers.registrations.export", f"offer#{offer_id}", ctx.request_id)
    return Response(body=body, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="anmeldungen-{offer_id}.csv"'})
