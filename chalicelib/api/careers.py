"""Career pass API for young people (role `youth`), its public one-time-link endpoints (parents'
consent, external assessment) and the counsellor's read-only view of passes shared with them."""

from __future__ import annotations

import json
from typing import Any, Literal

from chalice import Blueprint, Response
from pydantic import ConfigDict, Field

from chalicelib.api.portal import FileDeclaration, UploadTicketOut
from chalicelib.api.schemas import Model, QueryParams
from chalicelib.auth import STAFF, YOUTH
from chalicelib.http import ApiContext, api_route
from chalicelib.services import audit, careers, documents
from chalicelib.services.careers import (
    AssessmentIn,
    AssessmentLinkIn,
    ConsentRequestIn,
    ExperienceIn,
    GoalIn,
    SelfAssessmentIn,
    ShareIn,
    TalkIn,
)

careers_api = Blueprint(__name__)
TAGS = ["careers"]
TOKEN = Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class PassOut(Model):
    consent: Literal["not_needed", "required", "given"]
    consent_requested: bool
    birthdate: str
    strengths: dict[str, int]
    interests: list[str]
    assessed_at: str | None


class CatalogueItem(Model):
    id: str
    title: str
    group: str | None = None
    hint: str | None = None


class ScaleLevel(Model):
    level: int
    label: str


class CatalogueOut(Model):
    scale: list[ScaleLevel]
    groups: list[CatalogueItem]
    strengths: list[CatalogueItem]
    interests: list[CatalogueItem]


class EntryMeta(Model):
    id: str
    created_at: str
    updated_at: str | None


class ExperienceOut(ExperienceIn, EntryMeta):
    model_config = ConfigDict(extra="ignore", defer_build=True)


class GoalOut(GoalIn, EntryMeta):
    model_config = ConfigDict(extra="ignore", defer_build=True)


class TalkOut(TalkIn, EntryMeta):
    model_config = ConfigDict(extra="ignore", defer_build=True)


class AssessmentOut(EntryMeta):
    assessor_name: str
    role: str
    levels: dict[str, int]
    comment: str
    given_on: str


class Experiences(Model):
    items: list[ExperienceOut]


class Goals(Model):
    items: list[GoalOut]


class Talks(Model):
    items: list[TalkOut]


class Assessments(Model):
    items: list[AssessmentOut]


class ConsentRequested(Model):
    consent: Literal["required"]
    requested_at: str


class AssessmentLinkOut(Model):
    url: str
    expires_at: str


class AssessmentSubmission(AssessmentIn):
    token: str = TOKEN


class ConsentSubmission(careers.ConsentIn):
    token: str = TOKEN


class ConsentOut(Model):
    consent: Literal["given"]


class CareerUploadIn(FileDeclaration):
    category: Literal["photo", "certificate", "other"]
    experience_id: str | None = Field(default=None, pattern=r"^exp_[A-Za-z0-9_-]{12}$")


class CareerDocumentOut(Model):
    id: str
    status: str
    category: str
    filename: str
    experience_id: str | None
    created_at: str
    download_url: str | None = None


class CareerDocuments(Model):
    items: list[CareerDocumentOut]


class ShareOut(Model):
    id: str
    counsellor: str
    since: str


class Shares(Model):
    items: list[ShareOut]


class SharedPassSummary(Model):
    id: str
    name: str
    since: str


class SharedPasses(Model):
    items: list[SharedPassSummary]


class SharedPassOut(Model):
    id: str
    name: str
    birthdate: str
    strengths: dict[str, int]
    interests: list[str]
    experiences: list[ExperienceOut]
    goals: list[GoalOut]
    talks: list[TalkOut]
    assessments: list[AssessmentOut]
    documents: list[CareerDocumentOut]


class ExportOut(Model):
    exported_at: str
    name: str
    birthdate: str
    parental_consent: dict[str, Any]
    strengths: dict[str, int]
    interests: list[str]
    experiences: list[dict[str, Any]]
    goals: list[dict[str, Any]]
    talks: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    shares: list[dict[str, Any]]


def _pass_out(career_pass: Any) -> PassOut:
    return PassOut(consent=career_pass.consent, consent_requested=career_pass.consent_requested_at is not None,
                   birthdate=career_pass.birthdate, strengths=dict(career_pass.strengths or {}),
                   interests=list(career_pass.interests or []),
                   assessed_at=career_pass.assessed_at.isoformat() if career_pass.assessed_at else None)


def _meta(entry: careers.Entry) -> dict[str, Any]:
    return {"id": entry.id, "created_at": entry.created_at, "updated_at": entry.updated_at, **entry.data}


def _document_out(document: Any, with_url: bool = False) -> CareerDocumentOut:
    url = documents.download_url(document) if with_url and document.status == "accepted" else None
    return CareerDocumentOut(id=document.document_id, status=document.status, category=document.category,
                             filename=document.filename,
                             experience_id=document.link_id if document.link_id != "pass" else None,
                             created_at=document.created_at.isoformat(), download_url=url)


# -- the pass and the self-assessment --------------------------------------------------------------


@api_route(careers_api, "/api/careers/catalogue", summary="The strengths catalogue, its scale and the interests",
           tags=TAGS, query=QueryParams, response=CatalogueOut)
def catalogue(ctx: ApiContext) -> CatalogueOut:
    lang = ctx.query.lang
    return CatalogueOut(scale=careers.scale(lang), groups=careers.groups(lang), strengths=careers.strengths(lang),
                        interests=careers.interests(lang))


@api_route(careers_api, "/api/careers/pass", summary="My career pass (started on first use)", tags=TAGS,
           role=YOUTH, response=PassOut, errors=(403, 404))
def get_pass(ctx: ApiContext) -> PassOut:
    return _pass_out(careers.start_pass(ctx.subject))


@api_route(careers_api, "/api/careers/pass", "DELETE", summary="Delete my pass with everything in it (GDPR Art. 17)",
           tags=TAGS, role=YOUTH, status=204, errors=(403, 404))
def delete_pass(ctx: ApiContext) -> Response:
    careers.delete_pass(ctx.subject)
    return Response(body="", status_code=204)


@api_route(careers_api, "/api/careers/pass/consent-request", "POST", tags=TAGS, role=YOUTH,
           summary="Under 16: ask a parent for consent (an e-mail with a one-time link)",
           body=ConsentRequestIn, response=ConsentRequested, status=202, errors=(403, 404))
def request_consent(ctx: ApiContext) -> ConsentRequested:
    career_pass = careers.request_consent(ctx.subject, ctx.body)
    return ConsentRequested(consent="required", requested_at=career_pass.consent_requested_at.isoformat())


@api_route(careers_api, "/api/careers/consent", "POST", tags=TAGS, body=ConsentSubmission, response=ConsentOut,
           summary="A parent consents through the one-time link (public; the token is the credential)",
           errors=(404,))
def give_consent(ctx: ApiContext) -> ConsentOut:
    careers.give_consent(ctx.body.token, ctx.body, ctx.lang)
    return ConsentOut(consent="given")


@api_route(careers_api, "/api/careers/strengths", "PUT", summary="Save my self-assessment of strengths and interests",
           tags=TAGS, role=YOUTH, body=SelfAssessmentIn, response=PassOut, errors=(403, 404))
def save_strengths(ctx: ApiContext) -> PassOut:
    return _pass_out(careers.save_self_assessment(ctx.subject, ctx.body, ctx.lang))


# -- entries -------------------------------------------------------------------------------------------

_ENTRY_ROUTES: tuple[tuple[str, str, type[Model], type[Model], type[Model]], ...] = (
    ("experience", "experiences", ExperienceIn, ExperienceOut, Experiences),
    ("goal", "goals", GoalIn, GoalOut, Goals),
    ("talk", "talks", TalkIn, TalkOut, Talks),
)


def _register_entry_routes(kind: str, plural: str, body: type[Model], out: type[Model],
                           listing: type[Model]) -> None:
    """The same five routes for experiences, goals and talks (Chalice names views by function name)."""
    collection, item = f"/api/careers/{plural}", f"/api/careers/{plural}/{{entry_id}}"

    def list_view(ctx: ApiContext) -> Model:
        careers.usable_pass(ctx.subject)
        return listing(items=[out.model_validate(_meta(e)) for e in careers.list_entries(ctx.subject, kind)])

    def add_view(ctx: ApiContext) -> Model:
        return out.model_validate(_meta(careers.add_entry(ctx.subject, kind, ctx.body)))

    def get_view(ctx: ApiContext, entry_id: str) -> Model:
        return out.model_validate(_meta(careers.get_entry(ctx.subject, kind, entry_id)))

    def update_view(ctx: ApiContext, entry_id: str) -> Model:
        return out.model_validate(_meta(careers.update_entry(ctx.subject, kind, entry_id, ctx.body)))

    def delete_view(ctx: ApiContext, entry_id: str) -> Response:
        careers.delete_entry(ctx.subject, kind, entry_id)
        return Response(body="", status_code=204)

    common: dict[str, Any] = {"tags": TAGS, "role": YOUTH, "errors": (403, 404)}
    for view, path, method, options in (
        (list_view, collection, "GET", {"summary": f"My {plural}", "response": listing}),
        (add_view, collection, "POST", {"summary": f"Add to my {plural}", "body": body, "response": out,
                                        "status": 201}),
        (get_view, item, "GET", {"summary": f"One of my {plural}", "response": out}),
        (update_view, item, "PUT", {"summary": f"Change one of my {plural}", "body": body, "response": out}),
        (delete_view, item, "DELETE", {"summary": f"Delete one of my {plural}", "status": 204}),
    ):
        view.__name__ = view.__qualname__ = f"{view.__name__.removesuffix('_view')}_{kind}"
        api_route(careers_api, path, method, **common, **options)(view)


for _spec in _ENTRY_ROUTES:
    _register_entry_routes(*_spec)


# -- external assessments -----------------------------------------------------------------------------


@api_route(careers_api, "/api/careers/assessments", summary="Assessments others gave me", tags=TAGS, role=YOUTH,
           response=Assessments, errors=(403, 404))
def list_assessments(ctx: ApiContext) -> Assessments:
    careers.usable_pass(ctx.subject)
    return Assessments(items=[AssessmentOut.model_validate(_meta(e))
                              for e in careers.list_entries(ctx.subject, "assessment")])


@api_route(careers_api, "/api/careers/assessment-links", "POST", tags=TAGS, role=YOUTH, body=AssessmentLinkIn,
           summary="A link for a teacher, parent, counsellor or employer to add one assessment (expires)",
           response=AssessmentLinkOut, status=201, errors=(403, 404))
def create_assessment_link(ctx: ApiContext) -> AssessmentLinkOut:
    from chalicelib.config import settings

    token, expires = careers.create_assessment_link(ctx.subject, ctx.body.role, ctx.lang)
    return AssessmentLinkOut(url=f"{settings().public_base_url}/careers/assess/{token}",
                             expires_at=expires.isoformat(timespec="seconds"))


@api_route(careers_api, "/api/careers/assessments", "POST", tags=TAGS, body=AssessmentSubmission,
           summary="Add one assessment through a link (public; the token is the credential, used once)",
           response=AssessmentOut, status=201, errors=(404,))
def add_assessment(ctx: ApiContext) -> AssessmentOut:
    return AssessmentOut.model_validate(_meta(careers.add_assessment(ctx.body.token, ctx.body, ctx.lang)))


# -- documents ----------------------------------------------------------------------------------------


@api_route(careers_api, "/api/careers/documents", summary="Photos, certificates and references in my pass",
           tags=TAGS, role=YOUTH, response=CareerDocuments, errors=(403, 404))
def list_documents(ctx: ApiContext) -> CareerDocuments:
    careers.usable_pass(ctx.subject)
    return CareerDocuments(items=[_document_out(d) for d in careers.career_documents(ctx.subject)])


@api_route(careers_api, "/api/careers/documents/uploads", "POST", tags=TAGS, role=YOUTH, body=CareerUploadIn,
           summary="An upload ticket (presigned POST) for a photo or certificate, optionally of one experience",
           response=UploadTicketOut, status=201, errors=(403, 404))
def upload_ticket(ctx: ApiContext) -> UploadTicketOut:
    body = ctx.body
    ticket = careers.create_upload(ctx.subject, body.filename, body.content_type, body.size, body.category,
                                   experience_id=body.experience_id)
    return UploadTicketOut(document_id=ticket.document_id, url=ticket.url, fields=ticket.fields,
                           expires_at=ticket.expires_at)


@api_route(careers_api, "/api/careers/documents/{document_id}", summary="One document, with a 5-minute download link",
           tags=TAGS, role=YOUTH, response=CareerDocumentOut, errors=(403, 404))
def get_document(ctx: ApiContext, document_id: str) -> CareerDocumentOut:
    return _document_out(careers.own_document(ctx.subject, document_id), with_url=True)


# -- sharing ------------------------------------------------------------------------------------------


def _share_out(share: Any) -> ShareOut:
    return ShareOut(id=share.share_id, counsellor=share.counsellor_name, since=share.created_key[:10])


@api_route(careers_api, "/api/careers/shares", summary="Counsellors who can read my pass", tags=TAGS, role=YOUTH,
           response=Shares, errors=(403, 404))
def list_shares(ctx: ApiContext) -> Shares:
    careers.usable_pass(ctx.subject)
    return Shares(items=[_share_out(s) for s in careers.list_shares(ctx.subject)])


@api_route(careers_api, "/api/careers/shares", "POST", tags=TAGS, role=YOUTH, body=ShareIn, response=ShareOut,
           summary="Share a read-only view with a counsellor (by their work e-mail)", status=201, errors=(403, 404))
def share(ctx: ApiContext) -> ShareOut:
    return _share_out(careers.share_with(ctx.subject, ctx.body, ctx.lang))


@api_route(careers_api, "/api/careers/shares/{share_id}", "DELETE", summary="Stop sharing with a counsellor",
           tags=TAGS, role=YOUTH, status=204, errors=(403, 404))
def revoke(ctx: ApiContext, share_id: str) -> Response:
    careers.revoke_share(ctx.subject, share_id)
    return Response(body="", status_code=204)


# -- export ------------------------------------------------------------------------------------------


@api_route(careers_api, "/api/careers/export", summary="Everything my pass stores, as JSON (data export)",
           tags=TAGS, role=YOUTH, response=ExportOut, errors=(403, 404))
def export_json(ctx: ApiContext) -> Response:
    data = careers.export_data(ctx.subject)
    return Response(body=json.dumps(data, ensure_ascii=False, indent=1), status_code=200, headers={
        "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="career-pass.json"'})


class DownloadOut(Model):
    url: str
    expires_at: str


@api_route(careers_api, "/api/careers/export/pdf", summary="My pass as a PDF portfolio: a 5-minute download link",
           tags=TAGS, role=YOUTH, query=QueryParams, response=DownloadOut, errors=(403, 404))
def export_pdf(ctx: ApiContext) -> DownloadOut:
    from chalicelib.services import career_pdf

    download = career_pdf.portfolio_download(ctx.subject, ctx.query.lang)
    return DownloadOut(url=download.url, expires_at=download.expires_at)


# -- counsellors -----------------------------------------------------------------------------------


@api_route(careers_api, "/api/staff/careers", summary="Career passes shared with me", tags=["staff", *TAGS],
           role=STAFF, response=SharedPasses)
def shared_with_me(ctx: ApiContext) -> SharedPasses:
    return SharedPasses(items=[SharedPassSummary(id=s.share_id, name=s.owner_name, since=s.created_key[:10])
                               for s in careers.shares_for_counsellor(ctx.subject)])


@api_route(careers_api, "/api/staff/careers/{share_id}", summary="A career pass shared with me (read-only)",
           tags=["staff", *TAGS], role=STAFF, response=SharedPassOut, errors=(404,))
def shared_pass(ctx: ApiContext, share_id: str) -> SharedPassOut:
    share, view = careers.shared_pass(ctx.subject, share_id)
    audit.record(ctx.subject, "career_pass_read", share_id, ctx.request_id)
    return SharedPassOut(
        id=share.share_id, name=view.name, birthdate=view.birthdate, strengths=view.strengths,
        interests=view.interests, experiences=[ExperienceOut.model_validate(_meta(e)) for e in view.experiences],
        goals=[GoalOut.model_validate(_meta(e)) for e in view.goals],
        talks=[TalkOut.model_validate(_meta(e)) for e in view.talks],
        assessments=[AssessmentOut.model_validate(_meta(e)) for e in view.assessments],
        documents=[_document_out(d) for d in view.documents])
