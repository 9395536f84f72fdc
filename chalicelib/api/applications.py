"""Online applications API: forms, drafts, answers, submission, withdrawal; staff review."""

from __future__ import annotations

from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.api.schemas import Model, QueryParams, Strict
from chalicelib.auth import CITIZEN, STAFF
from chalicelib.errors import BadRequest
from chalicelib.http import ApiContext, api_route
from chalicelib.services import applications, audit, forms

applications_api = Blueprint(__name__)
FormId = Literal["erstantrag", "weiterbewilligung", "veraenderungsmitteilung"]
IDEMPOTENCY_KEY = (8, 200)  # length bounds of the Idempotency-Key header
Status = Literal["draft", "submitted", "in_review", "documents_requested", "decided", "withdrawn"]


class FormSummary(Model):
    id: str
    title: str
    intro: str


class FormList(Model):
    items: list[FormSummary]


class FieldOut(Model):
    id: str
    type: str
    label: str
    help: str | None
    required: bool
    when: dict[str, Any] | None
    choices: list[dict[str, str]]
    max_length: int
    dates: str


class PageOut(Model):
    id: str
    title: str
    help: str | None
    when: dict[str, Any] | None
    repeat: dict[str, Any] | None
    fields: list[FieldOut]


class FormOut(Model):
    id: str
    version: int
    lang: str
    title: str
    intro: str
    declaration: str
    pages: list[PageOut]


class NewApplication(Strict):
    form_id: FormId


class AnswersIn(Strict):
    answers: dict[str, Any] = Field(description="{page id: {field id: value}}; repeated pages hold a list")
    document_ids: list[str] | None = Field(default=None, max_length=20)


class ApplicationOut(Model):
    id: str
    form_id: str
    status: Status
    reference: str | None
    created_at: str
    updated_at: str
    submitted_at: str | None
    expires_at: str | None = Field(description="drafts: deleted 30 days after the last change")
    answers: dict[str, Any]
    document_ids: list[str]
    version: int
    receipt_url: str | None = None


class ApplicationList(Model):
    items: list[ApplicationOut]


class SubmitResult(Model):
    id: str
    status: Status
    reference: str
    submitted_at: str


class StaffQuery(QueryParams):
    status: Status = "submitted"
    limit: int = Field(default=50, ge=1, le=100)
    after: str = Field(default="", max_length=500)


class StaffList(Model):
    items: list[ApplicationOut]
    next: str | None


class StaffChange(Strict):
    status: Literal["in_review", "documents_requested", "decided"]
    version: int = Field(ge=0)


def _condition(condition: forms.Condition | None) -> dict[str, Any] | None:
    if condition is None:
        return None
    result: dict[str, Any] = {"field": f"{condition.page}.{condition.field}"}
    if condition.contains is not None:
        result["contains"] = condition.contains
    elif condition.among:
        result["in"] = list(condition.among)
    else:
        result["equals"] = condition.equals
    return result


def _help(texts: dict[str, str] | None, lang: str) -> str | None:
    return texts[lang] if texts else None


def _out(application: Any, with_receipt: bool = False) -> ApplicationOut:
    return ApplicationOut(
        id=application.application_id, form_id=application.form_id, status=application.status,
        reference=application.reference, created_at=application.created_key.split("#")[0],
        updated_at=application.updated_at, submitted_at=application.submitted_at,
        expires_at=application.expires_at.isoformat() if application.expires_at else None,
        answers=applications.answers(application), document_ids=list(application.document_ids or []),
        version=int(application.version or 0),
        receipt_url=applications.receipt_url(application) if with_receipt else None)


@api_route(applications_api, "/api/forms", summary="The application forms", tags=["applications"],
           query=QueryParams, response=FormList)
def list_forms(ctx: ApiContext) -> FormList:
    lang = ctx.query.lang
    return FormList(items=[FormSummary(id=f.id, title=f.title[lang], intro=f.intro[lang])
                           for f in map(forms.load_form, forms.FORMS)])


@api_route(applications_api, "/api/forms/{form_id}", summary="One form in one language", tags=["applications"],
           query=QueryParams, response=FormOut, errors=(404,))
def get_form(ctx: ApiContext, form_id: str) -> FormOut:
    lang, form = ctx.query.lang, forms.load_form(form_id)
    return FormOut(id=form.id, version=form.version, lang=lang, title=form.title[lang], intro=form.intro[lang],
                   declaration=form.declaration[lang], pages=[PageOut(
                       id=p.id, title=p.title[lang], help=_help(p.help, lang), when=_condition(p.when),
                       repeat={k: (v[lang] if k == "add" else v) for k, v in p.repeat.items()} if p.repeat else None,
                       fields=[FieldOut(id=f.id, type=f.type, label=f.label[lang], help=_help(f.help, lang),
                                        required=f.required, when=_condition(f.when), max_length=f.max_length,
                                        dates=f.dates, choices=[{"value": v, "label": label[lang]}
                                                                for v, label in f.choices])
                               for f in p.fields]) for p in form.pages])


@api_route(applications_api, "/api/applications", "POST", summary="Start an application (a draft)",
           tags=["applications"], role=CITIZEN, body=NewApplication, response=ApplicationOut, status=201,
           invalid_body_status=400, errors=(404,))
def create(ctx: ApiContext) -> ApplicationOut:
    return _out(applications.create_draft(ctx.subject, ctx.body.form_id, ctx.lang))


@api_route(applications_api, "/api/applications", summary="My applications with their status",
           tags=["applications"], role=CITIZEN, response=ApplicationList)
def mine(ctx: ApiContext) -> ApplicationList:
    return ApplicationList(items=[_out(a) for a in applications.list_own(ctx.subject)])


@api_route(applications_api, "/api/applications/{application_id}", "PUT",
           summary="Save answers of a draft (422 with a message per field; fields the server owns: 400)",
           tags=["applications"], role=CITIZEN, body=AnswersIn, response=ApplicationOut,
           invalid_body_status=400, errors=(404, 409, 422))
def save(ctx: ApiContext, application_id: str) -> ApplicationOut:
    return _out(applications.save_answers(ctx.subject, application_id, ctx.body.answers, ctx.body.document_ids,
                                          ctx.lang))


@api_route(applications_api, "/api/applications/{application_id}", summary="One of my applications",
           tags=["applications"], role=CITIZEN, response=ApplicationOut, errors=(404,))
def get_one(ctx: ApiContext, application_id: str) -> ApplicationOut:
    return _out(applications.own(ctx.subject, application_id), with_receipt=True)


@api_route(applications_api, "/api/applications/{application_id}/submit", "POST",
           summary="Submit (idempotent with the Idempotency-Key header)", tags=["applications"], role=CITIZEN,
           response=SubmitResult, errors=(404, 409, 422), headers={"Idempotency-Key": {
               "type": "string", "minLength": IDEMPOTENCY_KEY[0], "maxLength": IDEMPOTENCY_KEY[1],
               "pattern": "^[\\x21-\\x7e]+$"}})
def submit(ctx: ApiContext, application_id: str) -> SubmitResult:
    key = ctx.request.headers.get("idempotency-key")
    if key is not None and not (IDEMPOTENCY_KEY[0] <= len(key) <= IDEMPOTENCY_KEY[1] and key.isascii()
                                and key.isprintable() and " " not in key):
        raise BadRequest("idempotency_key")
    return SubmitResult(**applications.submit(ctx.subject, application_id, ctx.lang, key))


@api_route(applications_api, "/api/applications/{application_id}/withdraw", "POST",
           summary="Withdraw an application that is not decided", tags=["applications"], role=CITIZEN,
           response=ApplicationOut, errors=(404, 409))
def withdraw(ctx: ApiContext, application_id: str) -> ApplicationOut:
    return _out(applications.withdraw(ctx.subject, application_id))


@api_route(applications_api, "/api/staff/applications", summary="Applications by status, oldest first (staff)",
           tags=["applications", "staff"], role=STAFF, query=StaffQuery, response=StaffList)
def staff_list(ctx: ApiContext) -> StaffList:
    items, cursor = applications.staff_list(ctx.query.status, ctx.query.limit, ctx.query.after or None)
    audit.record(ctx.subject, f"applications.list.{ctx.query.status}", "applications", ctx.request_id)
    return StaffList(items=[_out(a) for a in items], next=cursor)


@api_route(applications_api, "/api/staff/applications/{application_id}", summary="One application (staff, audited)",
           tags=["applications", "staff"], role=STAFF, response=ApplicationOut, errors=(404,))
def staff_get(ctx: ApiContext, application_id: str) -> ApplicationOut:
    application = applications.staff_get(application_id)
    audit.record(ctx.subject, "applications.read", f"citizen#{application.owner}", ctx.request_id)
    return _out(application, with_receipt=True)


@api_route(applications_api, "/api/staff/applications/{application_id}", "PATCH",
           summary="Change the status with the version seen (409 when someone else was faster)",
           tags=["applications", "staff"], role=STAFF, body=StaffChange, response=ApplicationOut, errors=(404, 409))
def staff_change(ctx: ApiContext, application_id: str) -> ApplicationOut:
    application = applications.staff_change(application_id, ctx.body.status, ctx.body.version)
    audit.record(ctx.subject, f"applications.status.{ctx.body.status}", f"citizen#{application.owner}",
                 ctx.request_id)
    return _out(application)
