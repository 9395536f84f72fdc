"""Online applications: drafts (expire 30 days after the last change), idempotent submission with a
reference and a PDF receipt in the case file, a confirmation letter through the mail dispatch, and
the staff work list with optimistic locking."""

from __future__ import annotations

import enum
import hashlib
import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.errors import BadRequest, Conflict, NotFound, ValidationFailed
from chalicelib.observability import logger
from chalicelib.services import forms

DRAFT_DAYS = 30
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
_ID = re.compile(r"app_[A-Za-z0-9_-]{16}")
_DOCUMENT = re.compile(r"doc_[A-Za-z0-9_-]{16}")


class ApplicationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    DOCUMENTS_REQUESTED = "documents_requested"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


STAFF_TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.IN_REVIEW, ApplicationStatus.DOCUMENTS_REQUESTED,
                                  ApplicationStatus.DECIDED},
    ApplicationStatus.IN_REVIEW: {ApplicationStatus.DOCUMENTS_REQUESTED, ApplicationStatus.DECIDED},
    ApplicationStatus.DOCUMENTS_REQUESTED: {ApplicationStatus.IN_REVIEW, ApplicationStatus.DECIDED},
}


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KJC-{chars[:4]}-{chars[4:]}"


def _now() -> datetime:
    return datetime.now(UTC)


def create_draft(owner: str, form_id: str, lang: str) -> Any:
    from chalicelib.models.application import Application

    form = forms.load_form(form_id)
    now = _now()
    application_id = "app_" + secrets.token_urlsafe(12)
    application = Application(application_id, owner=owner, form_id=form.id, form_version=form.version, lang=lang,
                              status=ApplicationStatus.DRAFT.value, status_key=f"{now.isoformat()}#{application_id}",
                              created_key=f"{now.isoformat()}#{application_id}", updated_at=now.isoformat(),
                              expires_at=now + timedelta(days=DRAFT_DAYS))
    application.save()
    logger.info("application draft", extra={"application": application_id, "form": form_id})
    return application


def own(owner: str, application_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.application import Application

    if not _ID.fullmatch(application_id or ""):
        raise NotFound()
    try:
        application = Application.get(application_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None
    if application.owner != owner:
        raise NotFound()
    return application


def answers(application: Any) -> dict[str, Any]:
    return json.loads(application.answers_json or "{}")


def save_answers(owner: str, application_id: str, new_answers: dict[str, Any], document_ids: list[str] | None,
                 lang: str) -> Any:
    """Save a draft's answers (merged page by page). Formats are checked; completeness waits for submit."""
    from pynamodb.exceptions import PutError

    application = own(owner, application_id)
    if application.status != ApplicationStatus.DRAFT:
        raise Conflict("application_not_draft")
    form = forms.load_form(application.form_id)
    merged = {**answers(application), **new_answers}
    cleaned, errors = forms.validate(form, merged, lang, complete=False)
    if errors:
        raise ValidationFailed(errors)
    if document_ids is not None:
        _check_documents(owner, document_ids)
        application.document_ids = document_ids
    now = _now()
    application.answers_json = json.dumps(cleaned, ensure_ascii=False)
    application.updated_at = now.isoformat()
    application.expires_at = now + timedelta(days=DRAFT_DAYS)
    application.lang = lang
    try:
        application.save()  # conditional on the version read: a concurrent save answers 409
    except PutError as err:
        raise Conflict() from err
    return application


def _check_documents(owner: str, document_ids: list[str]) -> None:
    from chalicelib.services.documents import own_document

    for document_id in document_ids:
        if not _DOCUMENT.fullmatch(document_id):
            raise BadRequest("document_unknown")
        try:
            own_document(owner, document_id)
        except NotFound as err:
            raise BadRequest("document_unknown") from err


def submit(owner: str, application_id: str, lang: str, idempotency_key: str | None) -> dict[str, Any]:
    """Submit once. The same Idempotency-Key (or a repeated click) gets the same answer."""
    if idempotency_key:
        return _submit_idempotent(payload={"owner": owner, "application": application_id,
                                           "key": idempotency_key}, lang=lang)
    return _submit(owner, application_id, lang)


def _submit_idempotent(payload: dict[str, str], lang: str) -> dict[str, Any]:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=settings().table("idempotency"), boto3_session=aws.session())
    config = IdempotencyConfig(expires_after_seconds=24 * 3600, raise_on_no_idempotency_key=True)

    @idempotent_function(data_keyword_argument="payload", persistence_store=persistence, config=config)
    def run(payload: dict[str, str]) -> dict[str, Any]:
        return _submit(payload["owner"], payload["application"], lang)

    return run(payload=payload)


def _submit(owner: str, application_id: str, lang: str) -> dict[str, Any]:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.application import Application

    application = own(owner, application_id)
    if application.status != ApplicationStatus.DRAFT:
        if application.reference:
            return _receipt(application)  # already submitted (a repeated click): the same answer
        raise Conflict("application_not_draft")
    form = forms.load_form(application.form_id)
    cleaned, errors = forms.validate(form, answers(application), lang, complete=True)
    if errors:
        raise ValidationFailed(errors)
    now = _now()
    try:
        application.update(actions=[
            Application.status.set(ApplicationStatus.SUBMITTED.value),
            Application.status_key.set(f"{now.isoformat()}#{application_id}"),
            Application.reference.set(new_reference()), Application.submitted_at.set(now.isoformat()),
            Application.answers_json.set(json.dumps(cleaned, ensure_ascii=False)), Application.lang.set(lang),
            Application.expires_at.remove(),
        ], condition=Application.status == ApplicationStatus.DRAFT.value)
    except UpdateError:
        application.refresh(consistent_read=True)  # a concurrent click won: answer what it stored
        if application.reference:
            return _receipt(application)
        raise Conflict("application_not_draft") from None
    # Stored first, then the id is queued: the receipt PDF and the confirmation letter are made by
    # functions/application_events, off the citizen's request.
    aws.sqs().send_message(QueueUrl=settings().applications_queue_url,
                           MessageBody=json.dumps({"event": "submitted", "application_id": application_id}))
    logger.info("application submitted", extra={"application": application_id, "form": application.form_id})
    return _receipt(application)


def finalise(application_id: str) -> None:
    """After submission (worker): the receipt PDF in the case file and the confirmation letter, each once."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.application import Application

    application = staff_get(application_id)
    if not application.reference:
        return
    form = forms.load_form(application.form_id)
    cleaned = answers(application)
    submitted = datetime.fromisoformat(application.submitted_at)
    if not application.receipt_key:
        key = f"applications/{application.owner}/{application_id}/eingangsbestaetigung.pdf"
        aws.s3().put_object(Bucket=settings().documents_bucket, Key=key, ContentType="application/pdf",
                            ServerSideEncryption="aws:kms",
                            Body=render_receipt(form, cleaned, application.reference, submitted, application.lang))
        try:
            application.update(actions=[Application.receipt_key.set(key)],
                               condition=Application.receipt_key.does_not_exist())
        except UpdateError:
            logger.info("receipt already recorded", extra={"application": application_id})
    _confirm(application, form, cleaned, application.reference, submitted, application.lang)


def _receipt(application: Any) -> dict[str, Any]:
    return {"id": application.application_id, "status": application.status, "reference": application.reference,
            "submitted_at": application.submitted_at}


def _confirm(application: Any, form: forms.Form, cleaned: dict[str, Any], reference: str, now: datetime,
             lang: str) -> None:
    """The confirmation letter goes through the mail dispatch (digital or paper, as the citizen chose)."""
    from chalicelib.services import letters

    applicant = cleaned.get("applicant") or {}
    name = " ".join(filter(None, (applicant.get("first_name"), applicant.get("last_name")))) or "Antragsteller/in"
    # The letter's id follows from the application's: a replayed event finds it and creates nothing.
    letter_id = "let_" + hashlib.sha256(application.application_id.encode()).hexdigest()[:16]
    letters.create_letter("system", application.owner, "Wir haben Ihren Antrag erhalten", "eingangsbestaetigung",
                          {"name": name, "aktenzeichen": reference, "datum": now.strftime("%d.%m.%Y"),
                           "antrag": form.title["de"]}, None, lang if lang != "de" else None, letter_id=letter_id)


def render_receipt(form: forms.Form, cleaned: dict[str, Any], reference: str, now: datetime, lang: str) -> bytes:
    """The answers as a PDF, labelled in the citizen's language, shaped for every script."""
    from fpdf import FPDF

    from chalicelib.i18n import translate
    from chalicelib.services.letter_pdf import FONTS, SCRIPT_FONTS

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_font("NotoSans", fname=str(FONTS / "NotoSans-Regular.ttf"))
    pdf.add_font("NotoSans", style="B", fname=str(FONTS / "NotoSans-Bold.ttf"))
    family, filename, direction, line_height = SCRIPT_FONTS.get(lang, ("NotoSans", None, "ltr", 1.3))
    if filename:
        pdf.add_font(family, fname=str(FONTS / filename))
    pdf.set_fallback_fonts(["NotoSans"])
    pdf.set_text_shaping(use_shaping_engine=True, direction=direction, language=lang)
    align = "R" if direction == "rtl" else "L"
    height = 5 * line_height
    pdf.add_page()
    pdf.set_font(family if filename else "NotoSans", size=15)
    pdf.multi_cell(w=0, h=height * 1.4, text=form.title[lang], align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family if filename else "NotoSans", size=11)
    pdf.multi_cell(w=0, h=height, text=f"{translate(lang, 'applications.reference')}: {reference}", align=align,
                   new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(w=0, h=height, text=f"{translate(lang, 'applications.submitted_at')}: "
                   f"{now.strftime('%d.%m.%Y %H:%M')} UTC", align=align, new_x="LMARGIN", new_y="NEXT")
    for page in forms.applicable_pages(form, cleaned):
        entries = cleaned.get(page.id)
        if not entries:
            continue
        pdf.ln(3)
        pdf.set_font(family if filename else "NotoSans", size=12)
        pdf.multi_cell(w=0, h=height * 1.2, text=page.title[lang], align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family if filename else "NotoSans", size=10)
        for entry in entries if isinstance(entries, list) else [entries]:
            for fld in page.fields:
                if fld.id in entry:
                    pdf.multi_cell(w=0, h=height, text=f"{fld.label[lang]}: {display(fld, entry[fld.id], lang)}",
                                   align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def display(fld: forms.Field, value: Any, lang: str) -> str:
    from chalicelib.i18n import translate

    labels = {v: label[lang] for v, label in fld.choices}
    if fld.type == "yesno":
        return translate(lang, "faq.feedback.yes" if value else "faq.feedback.no")
    if fld.type == "multichoice":
        return ", ".join(labels.get(v, v) for v in value)
    if fld.type == "choice":
        return labels.get(value, value)
    if fld.type == "money":
        return f"{value} EUR"
    return str(value)


def withdraw(owner: str, application_id: str) -> Any:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.application import Application

    application = own(owner, application_id)
    if application.status in (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN):
        raise Conflict("application_final")
    now = _now()
    try:
        application.update(actions=[Application.status.set(ApplicationStatus.WITHDRAWN.value),
                                    Application.status_key.set(f"{now.isoformat()}#{application_id}")],
                           condition=Application.status.is_in(*[s.value for s in ApplicationStatus if s not in (
                               ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN)]))
    except UpdateError as err:
        raise Conflict("application_final") from err
    return application


def list_own(owner: str) -> list[Any]:
    from chalicelib.models.application import Application

    return list(Application.by_owner.query(owner, scan_index_forward=False))


def staff_list(status: str, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
    from chalicelib import pagination
    from chalicelib.models.application import Application

    last_key = pagination.decode(cursor, {"application_id", "status", "status_key"})
    result = Application.by_status.query(status, limit=limit, last_evaluated_key=last_key)
    items = list(result)
    return items, pagination.encode(result.last_evaluated_key)


def staff_get(application_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.application import Application

    if not _ID.fullmatch(application_id or ""):
        raise NotFound()
    try:
        return Application.get(application_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


def staff_change(application_id: str, new_status: str, version: int) -> Any:
    """Optimistic locking: the version the staff member saw must still be the stored one."""
    from pynamodb.exceptions import PutError

    application = staff_get(application_id)
    current = ApplicationStatus(application.status)
    target = ApplicationStatus(new_status)
    if int(application.version or 0) != version:
        raise Conflict()
    if target not in STAFF_TRANSITIONS.get(current, set()):
        raise Conflict("status_transition")
    application.status = target.value
    try:
        application.save()
    except PutError as err:
        raise Conflict() from err
    return application


def receipt_url(application: Any) -> str | None:
    if not application.receipt_key:
        return None
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=300, Params={
        "Bucket": settings().documents_bucket, "Key": application.receipt_key,
        "ResponseContentType": "application/pdf",
        "ResponseContentDisposition": 'attachment; filename="eingangsbestaetigung.pdf"'})
