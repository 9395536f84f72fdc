"""Letters API: the citizen's consent and mailbox; staff sending, print list, history (audited)."""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint
from pydantic import ConfigDict, Field, StrictBool

from chalicelib.api.schemas import Model, QueryParams, Strict
from chalicelib.auth import CITIZEN, STAFF
from chalicelib.http import ApiContext, api_route
from chalicelib.services import audit, documents, letters, people

letters_api = Blueprint(__name__)
LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]
TemplateId = Literal["einladung", "unterlagen-anfordern", "bescheid-begleitschreiben"]


class ConsentIn(Strict):
    digital: StrictBool
    lang: LangCode = Field(default="de", description="language of the notice e-mail")


class ConsentOut(Model):
    digital: StrictBool
    lang: str
    changed_at: str | None


class NewLetter(Strict):
    model_config = ConfigDict(extra="forbid", regex_engine="python-re", defer_build=True)
    citizen_id: str = Field(min_length=1, max_length=100)
    subject: str = Field(min_length=1, max_length=200, pattern=r"\S")
    template: TemplateId | None = None
    values: dict[str, str] | None = Field(default=None, max_length=20)
    document_id: str | None = Field(default=None, pattern=r"^doc_[A-Za-z0-9_-]{16}$")
    summary_lang: LangCode | None = None


class LetterCreated(Model):
    id: str
    status: Literal["created"]


class StatusChangeOut(Model):
    status: str
    at: str
    reason: str | None


class LetterOut(Model):
    id: str
    subject: str
    status: str
    created_at: str
    opened_at: str | None
    deemed_delivered_on: str | None
    download_url: str | None = None


class StaffLetterOut(LetterOut):
    citizen_id: str
    failure_reason: str | None
    history: list[StatusChangeOut]


class Mailbox(Model):
    items: list[LetterOut]
    next: str | None


class StaffLetters(Model):
    items: list[StaffLetterOut]
    next: str | None


class MailboxQuery(QueryParams):
    limit: int = Field(default=20, ge=1, le=100)
    after: str = Field(default="", max_length=300, description="the `next` cursor of the previous page")


class StatusQuery(MailboxQuery):
    status: Literal["created", "sending", "delivered", "print", "failed"] = "print"


class StaffUploadIn(Strict):
    model_config = ConfigDict(extra="forbid", regex_engine="python-re", defer_build=True)
    filename: str = Field(max_length=255, pattern=documents.FILENAME_PATTERN)
    size: int = Field(ge=1, le=documents.MAX_BYTES)


class UploadTicketOut(Model):
    document_id: str
    url: str
    fields: dict[str, str]
    expires_at: str


def _letter(letter: object, url: str | None = None) -> LetterOut:
    return LetterOut(id=letter.letter_id, subject=letter.subject, status=letter.status,  # type: ignore[attr-defined]
                     created_at=letter.created_key.split("#")[0], opened_at=letter.opened_at,  # type: ignore[attr-defined]
                     deemed_delivered_on=letter.deemed_delivered_on, download_url=url)  # type: ignore[attr-defined]


def _staff_letter(letter: object, with_url: bool = False) -> StaffLetterOut:
    base = _letter(letter, letters.pdf_url(letter) if with_url and letter.pdf_key else None)  # type: ignore[attr-defined]
    return StaffLetterOut(**base.model_dump(), citizen_id=letter.citizen,  # type: ignore[attr-defined]
                          failure_reason=letter.failure_reason,  # type: ignore[attr-defined]
                          history=[StatusChangeOut(status=h.status, at=h.at, reason=h.reason)
                                   for h in letter.history])  # type: ignore[attr-defined]


@api_route(letters_api, "/api/letters/consent", "PUT", summary="My choice: letters digitally or on paper",
           tags=["letters"], role=CITIZEN, body=ConsentIn, response=ConsentOut)
def put_consent(ctx: ApiContext) -> ConsentOut:
    citizen = people.citizen_by_id(ctx.subject) if ctx.body.digital else None
    email = citizen.email if citizen else None
    saved = letters.set_consent(ctx.subject, ctx.body.digital, email, ctx.body.lang)
    return ConsentOut(digital=saved.digital, lang=saved.lang, changed_at=saved.changed_at)


@api_route(letters_api, "/api/letters/consent", summary="My current choice of delivery", tags=["letters"],
           role=CITIZEN, response=ConsentOut)
def get_consent(ctx: ApiContext) -> ConsentOut:
    saved = letters.get_consent(ctx.subject)
    if saved is None:
        return ConsentOut(digital=False, lang=ctx.lang, changed_at=None)
    return ConsentOut(digital=saved.digital, lang=saved.lang, changed_at=saved.changed_at)


@api_route(letters_api, "/api/letters", summary="My mailbox, newest first (paginated)", tags=["letters"],
           role=CITIZEN, query=MailboxQuery, response=Mailbox)
def mailbox(ctx: ApiContext) -> Mailbox:
    items, cursor = letters.mailbox(ctx.subject, ctx.query.limit, ctx.query.after)
    return Mailbox(items=[_letter(item) for item in items], next=cursor)


@api_route(letters_api, "/api/letters/{letter_id}", summary="One of my letters with a 5-minute download link; "
           "marks it opened", tags=["letters"], role=CITIZEN, response=LetterOut, errors=(404,))
def open_letter(ctx: ApiContext, letter_id: str) -> LetterOut:
    letter, url = letters.open_letter(ctx.subject, letter_id)
    return _letter(letter, url)


@api_route(letters_api, "/api/staff/letters/uploads", "POST", summary="Ticket to upload a letter PDF (staff)",
           tags=["letters", "staff"], role=STAFF, body=StaffUploadIn, response=UploadTicketOut, status=201,
           invalid_body_status=400)
def staff_upload(ctx: ApiContext) -> UploadTicketOut:
    ticket = documents.create_upload(ctx.subject, ctx.body.filename, "application/pdf", ctx.body.size, "other")
    return UploadTicketOut(**ticket.__dict__)


@api_route(letters_api, "/api/staff/letters", "POST", summary="Send a letter: template with values, or an "
           "uploaded PDF (staff)", tags=["letters", "staff"], role=STAFF, body=NewLetter, response=LetterCreated,
           status=201, errors=(404,))
def create_letter(ctx: ApiContext) -> LetterCreated:
    body = ctx.body
    people.require_citizen(body.citizen_id)
    letter = letters.create_letter(ctx.subject, body.citizen_id, body.subject, body.template, body.values,
                                   body.document_id, body.summary_lang)
    audit.record(ctx.subject, "letters.create", f"citizen#{body.citizen_id}", ctx.request_id)
    return LetterCreated(id=letter.letter_id, status="created")


@api_route(letters_api, "/api/staff/letters", summary="Letters by status, e.g. the print list (staff)",
           tags=["letters", "staff"], role=STAFF, query=StatusQuery, response=StaffLetters)
def staff_letters(ctx: ApiContext) -> StaffLetters:
    items, cursor = letters.by_status(ctx.query.status, ctx.query.limit, ctx.query.after)
    audit.record(ctx.subject, f"letters.list.{ctx.query.status}", "letters", ctx.request_id)
    return StaffLetters(items=[_staff_letter(item, with_url=ctx.query.status == "print") for item in items],
                        next=cursor)


@api_route(letters_api, "/api/staff/letters/{letter_id}", summary="A letter with its history of status changes "
           "(staff)", tags=["letters", "staff"], role=STAFF, response=StaffLetterOut, errors=(404,))
def staff_letter(ctx: ApiContext, letter_id: str) -> StaffLetterOut:
    letter = letters.staff_letter(letter_id)
    audit.record(ctx.subject, "letters.read", f"citizen#{letter.citizen}", ctx.request_id)
    return _staff_letter(letter, with_url=True)
