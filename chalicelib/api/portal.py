"""Citizen portal API: documents (upload tickets, list, get, delete), appointments, and staff views."""

from __future__ import annotations

from typing import Literal

from chalice import Blueprint, Response
from pydantic import ConfigDict, Field, StrictBool

from chalicelib.api.schemas import Model, QueryParams, Strict
from chalicelib.auth import CITIZEN, STAFF
from chalicelib.http import ApiContext, api_route
from chalicelib.services import appointments, audit, documents, people

portal_api = Blueprint(__name__)
Category = Literal["payslip", "bank_statement", "rental_contract", "id_document", "certificate", "sick_note",
                   "other"]
LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]


class Link(Strict):
    kind: Literal["application", "letter"]
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")


class FileDeclaration(Strict):
    """What a citizen declares about a file before uploading it (the processor checks the real bytes)."""

    # The file name pattern looks ahead, which only Python's regex engine can.
    model_config = ConfigDict(extra="forbid", regex_engine="python-re", defer_build=True)
    filename: str = Field(max_length=255, pattern=documents.FILENAME_PATTERN,
                          description="metadata only; never part of the storage key")
    content_type: Literal["application/pdf", "image/jpeg", "image/png", "image/heic"]
    size: int = Field(ge=1, le=documents.MAX_BYTES)


class UploadRequest(FileDeclaration):
    category: Category
    link: Link | None = None


class UploadTicketOut(Model):
    document_id: str
    url: str
    fields: dict[str, str]
    expires_at: str


class DocumentOut(Model):
    id: str
    status: documents.DocumentStatus
    category: str
    filename: str
    created_at: str
    size: int | None
    link_kind: str | None
    link_id: str | None
    download_url: str | None = None


class DocumentList(Model):
    items: list[DocumentOut]


def _document(record: object, url: str | None = None) -> DocumentOut:
    return DocumentOut(id=record.document_id, status=record.status, category=record.category,  # type: ignore[attr-defined]
                       filename=record.filename, created_at=record.created_key.split("#")[0],  # type: ignore[attr-defined]
                       size=record.size, link_kind=record.link_kind, link_id=record.link_id,  # type: ignore[attr-defined]
                       download_url=url)


@api_route(portal_api, "/api/documents/uploads", "POST", summary="Ticket for a direct upload to S3 (presigned POST)",
           tags=["documents"], role=CITIZEN, body=UploadRequest, response=UploadTicketOut, status=201,
           invalid_body_status=400)
def create_upload(ctx: ApiContext) -> UploadTicketOut:
    link = ctx.body.link
    ticket = documents.create_upload(ctx.subject, ctx.body.filename, ctx.body.content_type, ctx.body.size,
                                     ctx.body.category, link.kind if link else None, link.id if link else None)
    return UploadTicketOut(**ticket.__dict__)


@api_route(portal_api, "/api/documents", summary="My documents, newest first, with status", tags=["documents"],
           role=CITIZEN, response=DocumentList)
def list_documents(ctx: ApiContext) -> DocumentList:
    return DocumentList(items=[_document(d) for d in documents.list_documents(ctx.subject)])


@api_route(portal_api, "/api/documents/{document_id}", summary="One of my documents (download link when accepted)",
           tags=["documents"], role=CITIZEN, response=DocumentOut, errors=(404,))
def get_document(ctx: ApiContext, document_id: str) -> DocumentOut:
    record, url = documents.get_document(ctx.subject, document_id)
    return _document(record, url)


@api_route(portal_api, "/api/documents/{document_id}", "DELETE", summary="Delete a pending or rejected document",
           tags=["documents"], role=CITIZEN, status=204, errors=(404, 409),
           extra_responses={"204": {"description": "Deleted"}})
def delete_document(ctx: ApiContext, document_id: str) -> Response:
    documents.delete_document(ctx.subject, document_id)
    return Response(body="", status_code=204)


@api_route(portal_api, "/api/staff/citizens/{citizen_id}/documents", summary="A citizen's documents (staff, audited)",
           tags=["documents", "staff"], role=STAFF, response=DocumentList)
def staff_documents(ctx: ApiContext, citizen_id: str) -> DocumentList:
    audit.record(ctx.subject, "documents.list", f"citizen#{citizen_id}", ctx.request_id)
    return DocumentList(items=[_document(d, documents.download_url(d) if d.status == "accepted" else None)
                               for d in documents.list_documents(citizen_id)])


class CitizenQuery(QueryParams):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")


class CitizenOut(Model):
    id: str
    email: str
    name: str


@api_route(portal_api, "/api/staff/citizens", summary="Find a citizen by exact e-mail (staff, audited)",
           tags=["staff"], role=STAFF, query=CitizenQuery, response=CitizenOut, errors=(404,))
def find_citizen(ctx: ApiContext) -> CitizenOut:
    found = people.find_citizen_by_email(ctx.query.email)
    audit.record(ctx.subject, "citizens.find", f"citizen#{found.id}", ctx.request_id)
    return CitizenOut(id=found.id, email=found.email, name=found.name)


# -- appointments ------------------------------------------------------------------------------------------


class AppointmentOut(Model):
    id: str
    starts_at: str = Field(description="Europe/Berlin, ISO 8601 with offset")
    ends_at: str
    duration_minutes: int
    mode: Literal["in_person", "phone", "video"]
    place: str
    topic: str
    interpreter_lang: str | None
    status: Literal["scheduled", "cancelled"]
    reschedule_reason: str | None
    version: int


class AppointmentList(Model):
    upcoming: list[AppointmentOut]
    past: list[AppointmentOut]


class NewAppointment(Strict):
    citizen_id: str = Field(min_length=1, max_length=100)
    starts_at: str = Field(min_length=16, max_length=40, description="Europe/Berlin unless an offset is given")
    duration_minutes: int = Field(default=30, ge=5, le=480)
    mode: Literal["in_person", "phone", "video"]
    place: str = Field(default="", max_length=300)
    topic: str = Field(min_length=1, max_length=300)
    interpreter_lang: LangCode | None = None


class AppointmentChange(Strict):
    version: int = Field(ge=0)
    starts_at: str | None = Field(default=None, min_length=16, max_length=40)
    mode: Literal["in_person", "phone", "video"] | None = None
    place: str | None = Field(default=None, max_length=300)
    cancel: StrictBool = False


class RescheduleRequest(Strict):
    reason: str = Field(min_length=3, max_length=500)


def _appointment(item: appointments.AppointmentView) -> AppointmentOut:
    return AppointmentOut(**item.__dict__)


@api_route(portal_api, "/api/staff/appointments", "POST", summary="Make an appointment for a citizen (staff)",
           tags=["appointments", "staff"], role=STAFF, body=NewAppointment, response=AppointmentOut, status=201)
def create_appointment(ctx: ApiContext) -> AppointmentOut:
    body = ctx.body
    people.require_citizen(body.citizen_id)
    audit.record(ctx.subject, "appointments.create", f"citizen#{body.citizen_id}", ctx.request_id)
    return _appointment(appointments.create(ctx.subject, body.citizen_id, body.starts_at, body.duration_minutes,
                                            body.mode, body.place, body.topic, body.interpreter_lang))


@api_route(portal_api, "/api/staff/appointments/{appointment_id}", "PATCH",
           summary="Move or cancel an appointment (staff; the version seen, else 409)",
           tags=["appointments", "staff"], role=STAFF, body=AppointmentChange, response=AppointmentOut,
           errors=(404, 409))
def change_appointment(ctx: ApiContext, appointment_id: str) -> AppointmentOut:
    body = ctx.body
    result = appointments.change(appointment_id, body.version, starts_at=body.starts_at, place=body.place,
                                 mode=body.mode, cancel=body.cancel)
    audit.record(ctx.subject, "appointments.change", f"appointment#{appointment_id}", ctx.request_id)
    return _appointment(result)


@api_route(portal_api, "/api/appointments", summary="My appointments: upcoming first, then past", tags=["appointments"],
           role=CITIZEN, response=AppointmentList)
def my_appointments(ctx: ApiContext) -> AppointmentList:
    upcoming, past = appointments.for_citizen(ctx.subject)
    return AppointmentList(upcoming=[_appointment(a) for a in upcoming], past=[_appointment(a) for a in past])


@api_route(portal_api, "/api/appointments/{appointment_id}/reschedule", "POST",
           summary="Ask to move an appointment, with a reason", tags=["appointments"], role=CITIZEN,
           body=RescheduleRequest, response=AppointmentOut, errors=(404, 409))
def reschedule(ctx: ApiContext, appointment_id: str) -> AppointmentOut:
    return _appointment(appointments.request_reschedule(ctx.subject, appointment_id, ctx.body.reason))


@api_route(portal_api, "/api/appointments/{appointment_id}",
           summary="One of my appointments; with the suffix .ics as an iCalendar file (RFC 5545)",
           tags=["appointments"], role=CITIZEN, errors=(404,),
           extra_responses={"200": {"description": "The appointment", "content": {
               "application/json": {"schema": {"$ref": "#/components/schemas/AppointmentOut"}},
               "text/calendar": {"schema": {"type": "string"}}}}})
def appointment(ctx: ApiContext, appointment_id: str) -> Response | AppointmentOut:
    if appointment_id.endswith(".ics"):
        body = appointments.ical(ctx.subject, appointment_id.removesuffix(".ics"),
                                 appointments.ical_labels(ctx.lang))
        return Response(body=body.decode("utf-8"), status_code=200, headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": 'attachment; filename="termin.ics"'})
    return _appointment(appointments.view(appointments.own(ctx.subject, appointment_id)))
