"""Portal pages: my documents (upload straight to S3 with a plain form), my appointments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalice import Blueprint, Response

from chalicelib.auth import CITIZEN
from chalicelib.config import settings
from chalicelib.errors import BadRequest
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import appointments, documents
from chalicelib.web.render import render

portal_pages = Blueprint(__name__)


def _documents_page(ctx: PageContext, status: int = 200, error: str | None = None) -> Response:
    uploaded = ctx.query.get("uploaded")
    # A ticket unused after 15 minutes (it expires after 5) means the file never arrived.
    stale_before = (datetime.now(UTC) - timedelta(minutes=15)).isoformat()[:19]
    return render("documents.html", ctx, status=status, documents=documents.list_documents(ctx.principal.subject),
                  stale_before=stale_before,
                  categories=documents.CATEGORIES, kinds=tuple(documents.ALLOWED_TYPES), error=error,
                  uploaded=bool(uploaded))


@page_route(portal_pages, "/my/documents", role=CITIZEN)
def my_documents(ctx: PageContext) -> Response:
    return _documents_page(ctx)


@page_route(portal_pages, "/my/documents/upload", methods=("POST",), role=CITIZEN)
def upload_ticket(ctx: PageContext) -> Response:
    """Step 2 without JavaScript: the ticket for the chosen kind of file, as a form that posts to S3."""
    category, kind = ctx.form.get("category", ""), ctx.form.get("kind", "")
    extension = documents.ALLOWED_TYPES.get(kind, ("",))[0]
    try:
        ticket = documents.create_upload(
            ctx.principal.subject, f"{category}{extension}", kind, documents.MAX_BYTES, category,
            redirect=f"{settings().public_base_url}/my/documents?lang={ctx.lang}&uploaded=1")
    except BadRequest as err:
        return _documents_page(ctx, status=400, error=f"error.{err.detail}")
    return render("upload.html", ctx, ticket=ticket, kind=kind, category=category)


@page_route(portal_pages, "/my/documents/{document_id}/download", role=CITIZEN)
def download(ctx: PageContext, document_id: str) -> Response:
    document, url = documents.get_document(ctx.principal.subject, document_id)
    if url is None:
        return redirect(f"/my/documents?lang={ctx.lang}")
    return redirect(url)


@page_route(portal_pages, "/my/documents/{document_id}/delete", methods=("POST",), role=CITIZEN)
def delete(ctx: PageContext, document_id: str) -> Response:
    documents.delete_document(ctx.principal.subject, document_id)
    return redirect(f"/my/documents?lang={ctx.lang}")


@page_route(portal_pages, "/my/appointments", role=CITIZEN)
def my_appointments(ctx: PageContext) -> Response:
    upcoming, past = appointments.for_citizen(ctx.principal.subject)
    return render("appointments.html", ctx, upcoming=upcoming, past=past, sent=ctx.query.get("sent") == "1")


@page_route(portal_pages, "/my/appointments/{appointment_id}/ics", role=CITIZEN)
def appointment_ics(ctx: PageContext, appointment_id: str) -> Response:
    body = appointments.ical(ctx.principal.subject, appointment_id, appointments.ical_labels(ctx.lang))
    return Response(body=body.decode("utf-8"), status_code=200, headers={
        "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": 'attachment; filename="termin.ics"'})


@page_route(portal_pages, "/my/appointments/{appointment_id}/reschedule", methods=("POST",), role=CITIZEN)
def reschedule(ctx: PageContext, appointment_id: str) -> Response:
    reason = ctx.form.get("reason", "").strip()
    if not 3 <= len(reason) <= 500:
        raise BadRequest()
    appointments.request_reschedule(ctx.principal.subject, appointment_id, reason)
    return redirect(f"/my/appointments?lang={ctx.lang}&sent=1")
