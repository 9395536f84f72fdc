"""Digital mail dispatch: letters to the portal mailbox with an e-mail notice, paper as fallback.

The API stores a letter as `created`, then enqueues its id. The worker re-reads the letter and moves it
forward with conditional writes: created -> sending -> delivered | print | failed. Each step is
idempotent (deterministic S3 key, conditional flags), so a message played twice acts once. The notice
e-mail is claimed before it is sent; a claim without a recorded message id is never sent again: after a
crash in that window the letter goes to paper instead, so no citizen gets two e-mails.
"""

from __future__ import annotations

import enum
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib import aws, pagination
from chalicelib.config import SUPPORTED_LANGUAGES, settings
from chalicelib.content import load_yaml
from chalicelib.errors import BadRequest, NotFound
from chalicelib.observability import logger
from chalicelib.services.notices import NoticeSender, PermanentSendError, TransientSendError, notice_for

BERLIN = ZoneInfo("Europe/Berlin")
TEMPLATES = ("einladung", "unterlagen-anfordern", "bescheid-begleitschreiben", "eingangsbestaetigung")
DOWNLOAD_SECONDS = 300
DEEMED_DELIVERY_DAYS = 3           # § 37 (2a) SGB X: the third day after the notice
CLAIM_STALE_SECONDS = 300          # a notice claim this old without a message id: the send is in doubt
STALL_SECONDS = 15 * 60            # the sweeper retries letters stuck this long
_ID = re.compile(r"let_[A-Za-z0-9_-]{16}")


class LetterStatus(enum.StrEnum):
    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    PRINT = "print"
    FAILED = "failed"


FINAL = {LetterStatus.DELIVERED, LetterStatus.PRINT, LetterStatus.FAILED}


class StaleLetter(Exception):  # noqa: N818 - raised when a conditional write lost a race
    """Someone else moved the letter first."""


class NoticeInDoubt(Exception):  # noqa: N818 - a state: retry later
    """Another delivery is sending the notice right now."""


def checkpoint(step: str) -> None:
    """A named point between the worker's steps. Does nothing; fault-injection tests crash here."""


def _now() -> datetime:
    return datetime.now(UTC)


def _change(status: LetterStatus, reason: str | None = None) -> Any:
    from chalicelib.models.letter import StatusChange

    return StatusChange(status=status.value, at=_now().isoformat(), reason=reason)


# -- consent ---------------------------------------------------------------------------------------------


def set_consent(citizen: str, digital: bool, email: str | None, lang: str) -> Any:
    from chalicelib.models.letter import DeliveryPreference

    if lang not in SUPPORTED_LANGUAGES:
        raise BadRequest("unsupported_language")
    preference = DeliveryPreference(citizen, digital=digital, email=email, lang=lang, changed_at=_now().isoformat())
    preference.save()
    logger.info("delivery preference", extra={"citizen": citizen, "digital": digital})
    return preference


def get_consent(citizen: str) -> Any | None:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.letter import DeliveryPreference

    try:
        return DeliveryPreference.get(citizen, consistent_read=True)
    except DoesNotExist:
        return None


# -- templates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    id: str
    subject: str
    required: tuple[str, ...]
    body: str
    summary: dict[str, str]


def template(template_id: str) -> Template:
    if template_id not in TEMPLATES:
        raise BadRequest("template_unknown")
    data = load_yaml(f"letters/{template_id}.yaml")
    return Template(data["id"], data["subject"], tuple(data["required"]), data["body"], data.get("summary") or {})


def check_values(tpl: Template, values: dict[str, str]) -> None:
    missing = [name for name in tpl.required if not str(values.get(name, "")).strip()]
    unknown = [name for name in values if name not in tpl.required]
    if missing or unknown:
        raise BadRequest("template_values", params={"fields": ", ".join(missing + unknown)})


def render_pdf(letter: Any) -> bytes:
    from chalicelib.services.letter_pdf import render_letter

    tpl = template(letter.template)
    values = json.loads(letter.values_json or "{}")
    summary = tpl.summary.get(letter.summary_lang or "de", "").format(**values) if letter.summary_lang else None
    return render_letter(tpl.subject, tpl.body.format(**values), values.get("name", ""),
                         datetime.fromisoformat(letter.created_key.split("#")[0]).astimezone(BERLIN).date(),
                         summary, letter.summary_lang)


# -- staff: create ---------------------------------------------------------------------------------------


def create_letter(staff: str, citizen: str, subject: str, template_id: str | None, values: dict[str, str] | None,
                  document_id: str | None, summary_lang: str | None, letter_id: str | None = None) -> Any:
    """Store a letter as `created`, then queue its id. With a given `letter_id` (system letters derived
    from another record) an existing letter is returned unchanged: creating it twice creates it once."""
    from pynamodb.exceptions import PutError

    from chalicelib.models.letter import Letter

    if (template_id is None) == (document_id is None):
        raise BadRequest("letter_source")
    if template_id is not None:
        check_values(template(template_id), values or {})
    else:
        _staff_pdf(staff, document_id or "")
    now = _now()
    letter_id = letter_id or "let_" + secrets.token_urlsafe(12)
    letter = Letter(letter_id, citizen=citizen, created_key=f"{now.isoformat()}#{letter_id}", subject=subject,
                    status=LetterStatus.CREATED.value, status_key=f"{now.isoformat()}#{letter_id}",
                    history=[_change(LetterStatus.CREATED)], source="template" if template_id else "upload",
                    template=template_id, values_json=json.dumps(values or {}, ensure_ascii=False) if template_id
                    else None, upload_document_id=document_id, summary_lang=summary_lang, created_by=staff)
    try:
        letter.save(condition=Letter.letter_id.does_not_exist())
    except PutError:
        return _get(letter_id)  # made before (a replay): the sweeper takes care if its enqueue was lost
    enqueue(letter_id)  # after the letter is stored; the sweeper re-enqueues if this is lost
    logger.info("letter created", extra={"letter": letter_id, "source": letter.source})
    return letter


def enqueue(letter_id: str) -> None:
    aws.sqs().send_message(QueueUrl=settings().letters_queue_url, MessageBody=json.dumps({"letter_id": letter_id}))


def _staff_pdf(staff: str, document_id: str) -> Any:
    from chalicelib.services.documents import DocumentStatus, own_document

    document = own_document(staff, document_id)
    if document.status != DocumentStatus.ACCEPTED or document.detected_type != "application/pdf":
        raise BadRequest("letter_pdf_not_ready")
    return document


# -- the worker ------------------------------------------------------------------------------------------


def _get(letter_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.letter import Letter

    try:
        return Letter.get(letter_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


def _transition(letter: Any, expected: LetterStatus, new: LetterStatus, reason: str | None = None,
                extra: list[Any] | None = None) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.letter import Letter

    now = _now().isoformat()
    actions = [Letter.status.set(new.value), Letter.status_key.set(f"{now}#{letter.letter_id}"),
               Letter.history.set(Letter.history.append([_change(new, reason)])), *(extra or [])]
    if reason and new in (LetterStatus.FAILED, LetterStatus.PRINT):
        actions.append(Letter.failure_reason.set(reason))
    try:
        letter.update(actions=actions, condition=Letter.status == expected.value)
    except UpdateError as err:
        raise StaleLetter(letter.letter_id) from err
    logger.info("letter status", extra={"letter": letter.letter_id, "status": new.value, "reason": reason})


def _set(letter: Any, actions: list[Any], condition: Any = None) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.letter import Letter

    guard = Letter.status == LetterStatus.SENDING.value
    try:
        letter.update(actions=actions, condition=guard & condition if condition is not None else guard)
    except UpdateError as err:
        raise StaleLetter(letter.letter_id) from err


def _ensure_pdf(letter: Any) -> None:
    from chalicelib.models.letter import Letter

    if letter.pdf_key:
        return
    key = f"letters/{letter.citizen}/{letter.letter_id}.pdf"  # deterministic: a replay overwrites the same
    s3, bucket = aws.s3(), settings().documents_bucket
    if letter.source == "template":
        s3.put_object(Bucket=bucket, Key=key, Body=render_pdf(letter), ContentType="application/pdf",
                      ServerSideEncryption="aws:kms")
    else:
        from chalicelib.models.document import Document

        source = Document.get(letter.upload_document_id)
        s3.copy_object(Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": source.object_key},
                       ServerSideEncryption="aws:kms", ContentType="application/pdf", MetadataDirective="REPLACE")
    _set(letter, [Letter.pdf_key.set(key)])


def process_letter(letter_id: str, sender: NoticeSender, attempts: int = 3) -> LetterStatus:
    """Move one letter as far as it goes. Safe to run twice, concurrently, or after a crash."""
    for _ in range(attempts):
        try:
            return _advance(_get(letter_id), sender)
        except StaleLetter:
            continue  # another delivery moved it: read it again
    return LetterStatus(_get(letter_id).status)


def _advance(letter: Any, sender: NoticeSender) -> LetterStatus:
    from chalicelib.models.letter import Letter

    status = LetterStatus(letter.status)
    if status in FINAL:
        return status
    if status is LetterStatus.CREATED:
        _transition(letter, LetterStatus.CREATED, LetterStatus.SENDING, extra=[Letter.attempts.add(1)])
        letter.refresh(consistent_read=True)
    checkpoint("sending")
    _ensure_pdf(letter)
    checkpoint("pdf_stored")
    preference = get_consent(letter.citizen)
    if preference is None or not preference.digital or not preference.email:
        _transition(letter, LetterStatus.SENDING, LetterStatus.PRINT, "no_digital_consent")
        return LetterStatus.PRINT
    if not letter.in_mailbox:
        _set(letter, [Letter.in_mailbox.set(True)])
    checkpoint("in_mailbox")
    if not letter.notice_message_id:
        if letter.notice_claimed_at:
            claimed = datetime.fromisoformat(letter.notice_claimed_at)
            if (_now() - claimed).total_seconds() < CLAIM_STALE_SECONDS:
                raise NoticeInDoubt(letter.letter_id)  # another delivery is sending: retry later
            # The claim is old and no message id was recorded: the e-mail may or may not have gone out.
            # Sending again could mean a second e-mail; paper is the safe way.
            _transition(letter, LetterStatus.SENDING, LetterStatus.PRINT, "notice_uncertain")
            return LetterStatus.PRINT
        refused = _send_notice(letter, preference, sender)
        if refused is not None:
            return refused
    sent = datetime.fromisoformat(letter.notice_sent_at).astimezone(BERLIN).date()
    _transition(letter, LetterStatus.SENDING, LetterStatus.DELIVERED, extra=[
        Letter.deemed_delivered_on.set((sent + timedelta(days=DEEMED_DELIVERY_DAYS)).isoformat())])
    return LetterStatus.DELIVERED


def _send_notice(letter: Any, preference: Any, sender: NoticeSender) -> LetterStatus | None:
    """Send the notice once. Returns PRINT when the provider refuses it for good, else None."""
    from chalicelib.models.letter import Letter

    _set(letter, [Letter.notice_claimed_at.set(_now().isoformat())],
         Letter.notice_claimed_at.does_not_exist() & Letter.notice_message_id.does_not_exist())
    checkpoint("notice_claimed")
    notice = notice_for(preference.lang, f"{settings().public_base_url}/my/letters?lang={preference.lang}")
    try:
        message_id = sender.send(preference.email, notice.subject, notice.body)
    except TransientSendError:
        # Nothing was sent: give the claim back so that the retry may send.
        _set(letter, [Letter.notice_claimed_at.remove()], Letter.notice_message_id.does_not_exist())
        raise
    except PermanentSendError as refused:
        _transition(letter, LetterStatus.SENDING, LetterStatus.FAILED, f"notice_refused:{refused.code}")
        letter.refresh(consistent_read=True)
        _transition(letter, LetterStatus.FAILED, LetterStatus.PRINT, "fallback_to_paper")
        return LetterStatus.PRINT
    checkpoint("notice_sent")
    sent_at = _now().isoformat()
    _set(letter, [Letter.notice_message_id.set(message_id), Letter.notice_sent_at.set(sent_at)])
    letter.notice_message_id, letter.notice_sent_at = message_id, sent_at
    return None


def dead_lettered(letter_id: str) -> None:
    """The letter's message went to the DLQ after 5 receives: mark it so staff see it."""
    letter = _get(letter_id)
    status = LetterStatus(letter.status)
    if status in FINAL:
        return
    try:
        _transition(letter, status, LetterStatus.FAILED, "dead_lettered")
    except StaleLetter:
        logger.info("dead letter already moved", extra={"letter": letter_id})


def sweep(now: datetime | None = None, enqueue_fn: Callable[[str], None] = enqueue) -> int:
    """Letters stuck in `sending` (a worker died) go back to `created` and are queued again; letters left in
    `created` (the enqueue was lost) are queued again. Returns the number re-queued."""
    from chalicelib.models.letter import Letter

    cutoff = ((now or _now()) - timedelta(seconds=STALL_SECONDS)).isoformat()
    requeued = 0
    for letter in Letter.by_status.query(LetterStatus.SENDING.value, Letter.status_key < cutoff):
        try:
            _transition(letter, LetterStatus.SENDING, LetterStatus.CREATED, "retry_after_stall")
        except StaleLetter:
            continue
        enqueue_fn(letter.letter_id)
        requeued += 1
    for letter in Letter.by_status.query(LetterStatus.CREATED.value, Letter.status_key < cutoff):
        enqueue_fn(letter.letter_id)
        requeued += 1
    return requeued


# -- mailbox and staff views ---------------------------------------------------------------------------------


def mailbox(citizen: str, limit: int = 20, cursor: str | None = None) -> tuple[list[Any], str | None]:
    from chalicelib.models.letter import Letter

    last_key = pagination.decode(cursor, {"letter_id", "citizen", "created_key"})
    if last_key is not None and last_key["citizen"]["S"] != citizen:
        last_key = None  # another citizen's cursor: this citizen's first page
    result = Letter.by_citizen.query(citizen, scan_index_forward=False, limit=limit, last_evaluated_key=last_key,
                                     filter_condition=Letter.in_mailbox == True)  # noqa: E712 - PynamoDB syntax
    items = list(result)
    return items, pagination.encode(result.last_evaluated_key)


def open_letter(citizen: str, letter_id: str) -> tuple[Any, str]:
    """The letter and a 5-minute download URL; the first opening is recorded."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.letter import Letter

    if not _ID.fullmatch(letter_id or ""):
        raise NotFound()
    letter = _get(letter_id)
    if letter.citizen != citizen or not letter.in_mailbox or not letter.pdf_key:
        raise NotFound()
    if not letter.opened_at:
        try:
            letter.update(actions=[Letter.opened_at.set(_now().isoformat())],
                          condition=Letter.opened_at.does_not_exist())
        except UpdateError:
            letter.refresh()
    return letter, pdf_url(letter)


def pdf_url(letter: Any) -> str:
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=DOWNLOAD_SECONDS, Params={
        "Bucket": settings().documents_bucket, "Key": letter.pdf_key, "ResponseContentType": "application/pdf",
        "ResponseContentDisposition": 'attachment; filename="brief.pdf"'})


def staff_letter(letter_id: str) -> Any:
    if not _ID.fullmatch(letter_id or ""):
        raise NotFound()
    return _get(letter_id)


def by_status(status: str, limit: int = 50, cursor: str | None = None) -> tuple[list[Any], str | None]:
    from chalicelib.models.letter import Letter

    LetterStatus(status)
    last_key = pagination.decode(cursor, {"letter_id", "status", "status_key"})
    result = Letter.by_status.query(status, scan_index_forward=False, limit=limit, last_evaluated_key=last_key)
    items = list(result)
    return items, pagination.encode(result.last_evaluated_key)

