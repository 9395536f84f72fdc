"""Documents: upload tickets (presigned POST straight to S3), the checks after upload, the case file.

Bytes never pass through the API: the citizen's browser posts the file to S3 under a key we choose
(`quarantine/<citizen>/<document id>`); the S3 event reaches `functions/upload_processor` through SQS,
which checks the real type, size, PDF encryption and scripts, and malware, then moves the object to
`documents/…` (accepted) or `rejected/…` with the reason. Quarantine and rejected objects expire by
bucket lifecycle.
"""

from __future__ import annotations

import enum
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.observability import logger

MAX_BYTES = 15 * 1024 * 1024
TICKET_SECONDS = 300
DOWNLOAD_SECONDS = 300
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/heic": (".heic", ".heif"),
}
CATEGORIES = ("payslip", "bank_statement", "rental_contract", "id_document", "certificate", "sick_note",
              "photo", "other")
LINK_KINDS = ("application", "letter", "career")
QUARANTINE, ACCEPTED, REJECTED = "quarantine", "documents", "rejected"
_UNSAFE = r"\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE_CHARS = re.compile(f"[{_UNSAFE}]")
# The file name as the API's schema states it: 1-255 characters, no path, no control or direction
# characters, no "..", ending in an allowed extension. The name is metadata only; the processor
# judges the real bytes against the declared type.
FILENAME_PATTERN = (rf"^(?!.*\.\.)(?!\.)[^/\\{_UNSAFE}]{{0,250}}"
                    r"\.([Pp][Dd][Ff]|[Jj][Pp][Ee]?[Gg]|[Pp][Nn][Gg]|[Hh][Ee][Ii][CcFf])$")
_FILENAME = re.compile(FILENAME_PATTERN)
_DOCUMENT_ID = re.compile(r"doc_[A-Za-z0-9_-]{16}")


class DocumentStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED_TYPE = "rejected_type"
    REJECTED_SIZE = "rejected_size"
    REJECTED_EMPTY = "rejected_empty"
    REJECTED_ENCRYPTED = "rejected_encrypted"
    REJECTED_SCRIPTED = "rejected_scripted"
    REJECTED_MALWARE = "rejected_malware"

    @property
    def final(self) -> bool:
        return self is not DocumentStatus.PENDING


DELETABLE = {s for s in DocumentStatus if s is not DocumentStatus.ACCEPTED}


@dataclass(frozen=True)
class UploadTicket:
    document_id: str
    url: str
    fields: dict[str, str]
    expires_at: str


def clean_filename(name: str, content_type: str) -> str:
    """The file name as metadata: refused when it could mislead or escape, never used in a key."""
    name = unicodedata.normalize("NFC", name or "")
    if len(name) > 255 or not _FILENAME.match(name):
        raise BadRequest("filename_invalid")
    return name


def check_upload_request(filename: str, content_type: str, size: int, category: str) -> str:
    if content_type not in ALLOWED_TYPES:
        raise BadRequest("type_not_allowed", params={"types": "PDF, JPEG, PNG, HEIC"})
    if not 1 <= size <= MAX_BYTES:
        raise BadRequest("size_not_allowed", params={"limit": "15 MB"})
    if category not in CATEGORIES:
        raise BadRequest("category_unknown")
    return clean_filename(filename, content_type)


def upload_policy_conditions(key: str, content_type: str, redirect: str | None) -> tuple[dict[str, str],
                                                                                       list[Any]]:
    """Fields and conditions of the presigned POST: exact key, type, size range, encryption, no ACL."""
    fields = {"Content-Type": content_type, "x-amz-server-side-encryption": "aws:kms"}
    conditions: list[Any] = [
        {"key": key},
        {"Content-Type": content_type},
        ["content-length-range", 1, MAX_BYTES],
        {"x-amz-server-side-encryption": "aws:kms"},
    ]
    if redirect:
        fields["success_action_redirect"] = redirect
        conditions.append({"success_action_redirect": redirect})
    return fields, conditions


def create_upload(owner: str, filename: str, content_type: str, size: int, category: str,
                  link_kind: str | None = None, link_id: str | None = None,
                  redirect: str | None = None) -> UploadTicket:
    from chalicelib.models.document import Document

    clean_name = check_upload_request(filename, content_type, size, category)
    if (link_kind is None) != (link_id is None) or (link_kind is not None and link_kind not in LINK_KINDS):
        raise BadRequest("link_invalid")
    document_id = "doc_" + secrets.token_urlsafe(12)
    key = f"{QUARANTINE}/{owner}/{document_id}"
    now = datetime.now(UTC)
    Document(document_id, owner=owner, created_key=f"{now.isoformat()}#{document_id}",
             status=DocumentStatus.PENDING.value, category=category, filename=clean_name,
             declared_type=content_type, declared_size=size, object_key=key, link_kind=link_kind,
             link_id=link_id).save(condition=Document.document_id.does_not_exist())
    fields, conditions = upload_policy_conditions(key, content_type, redirect)
    post = aws.s3().generate_presigned_post(settings().documents_bucket, key, Fields=fields,
                                            Conditions=conditions, ExpiresIn=TICKET_SECONDS)
    logger.info("upload ticket", extra={"document": document_id, "category": category})
    return UploadTicket(document_id, post["url"], post["fields"],
                        (now + timedelta(seconds=TICKET_SECONDS)).isoformat())


def own_document(owner: str, document_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.document import Document

    if not _DOCUMENT_ID.fullmatch(document_id or ""):
        raise NotFound()
    try:
        document = Document.get(document_id)
    except DoesNotExist:
        raise NotFound() from None
    if document.owner != owner:
        raise NotFound()  # another citizen's document looks exactly like a missing one
    return document


def list_documents(owner: str) -> list[Any]:
    from chalicelib.models.document import Document

    return list(Document.by_owner.query(owner, scan_index_forward=False))


def get_document(owner: str, document_id: str) -> tuple[Any, str | None]:
    """The document and, when accepted, a 5-minute download URL (always as attachment)."""
    document = own_document(owner, document_id)
    return document, download_url(document) if document.status == DocumentStatus.ACCEPTED else None


def download_url(document: Any) -> str:
    safe_name = re.sub(r'[^\w.\- ]', "_", document.filename)
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=DOWNLOAD_SECONDS, Params={
        "Bucket": settings().documents_bucket, "Key": document.object_key,
        "ResponseContentDisposition": f'attachment; filename="{safe_name}"',
        "ResponseContentType": document.detected_type or "application/octet-stream"})


def delete_document(owner: str, document_id: str) -> None:
    from pynamodb.exceptions import DeleteError

    from chalicelib.models.document import Document

    document = own_document(owner, document_id)
    if DocumentStatus(document.status) not in DELETABLE:
        raise Conflict("document_in_case_file")
    try:
        document.delete(condition=Document.status.is_in(*[s.value for s in DELETABLE]))
    except DeleteError as err:
        raise Conflict("document_in_case_file") from err
    aws.s3().delete_object(Bucket=settings().documents_bucket, Key=document.object_key)


# -- processing (functions/upload_processor) -------------------------------------------------------------


def classify(data: bytes, declared_type: str) -> tuple[DocumentStatus, str | None]:
    """The verdict on an uploaded file's bytes (without the malware scan)."""
    import filetype

    if not data:
        return DocumentStatus.REJECTED_EMPTY, None
    if len(data) > MAX_BYTES:
        return DocumentStatus.REJECTED_SIZE, None
    kind = filetype.guess(data)
    detected = kind.mime if kind else None
    if detected == "image/heif":
        detected = "image/heic"
    if detected not in ALLOWED_TYPES or detected != declared_type:
        return DocumentStatus.REJECTED_TYPE, detected
    if detected == "application/pdf":
        if re.search(rb"/Encrypt\b", data):
            return DocumentStatus.REJECTED_ENCRYPTED, detected
        if re.search(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction\s*<<[^>]*?/S\s*/JavaScript)\b", data):
            return DocumentStatus.REJECTED_SCRIPTED, detected
    return DocumentStatus.ACCEPTED, detected


def process_upload(key: str, scanner: Any) -> DocumentStatus | None:
    """Check one quarantined object and move it. Played twice, it acts once (conditional status write)."""
    from pynamodb.exceptions import DoesNotExist, UpdateError

    from chalicelib.models.document import Document

    parts = key.split("/")
    if len(parts) != 3 or parts[0] != QUARANTINE or not _DOCUMENT_ID.fullmatch(parts[2]):
        logger.warning("unexpected upload key ignored")
        return None
    owner, document_id = parts[1], parts[2]
    try:
        document = Document.get(document_id, consistent_read=True)
    except DoesNotExist:
        logger.warning("upload without ticket ignored", extra={"document": document_id})
        return None
    if document.owner != owner or DocumentStatus(document.status).final:
        # A second upload under a used ticket: the case file keeps the first; drop the copy.
        aws.s3().delete_object(Bucket=settings().documents_bucket, Key=key)
        return DocumentStatus(document.status)
    s3, bucket = aws.s3(), settings().documents_bucket
    try:
        size = int(s3.head_object(Bucket=bucket, Key=key)["ContentLength"])
    except s3.exceptions.ClientError as err:
        if err.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
            return None  # already moved by an earlier delivery of the same event
        raise
    # Empty or oversize files are judged by their size alone: nothing is downloaded.
    data = s3.get_object(Bucket=bucket, Key=key)["Body"].read() if 0 < size <= MAX_BYTES else b""
    if size > MAX_BYTES:
        verdict, detected = DocumentStatus.REJECTED_SIZE, None
    else:
        verdict, detected = classify(data, document.declared_type)
    if verdict is DocumentStatus.ACCEPTED and scanner.is_infected(bucket, key, data):
        verdict = DocumentStatus.REJECTED_MALWARE
    target = f"{ACCEPTED if verdict is DocumentStatus.ACCEPTED else REJECTED}/{owner}/{document_id}"
    s3.copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": key},
                   ServerSideEncryption="aws:kms", MetadataDirective="REPLACE",
                   ContentType=detected or "application/octet-stream")
    try:
        document.update(actions=[
            Document.status.set(verdict.value), Document.object_key.set(target),
            Document.detected_type.set(detected), Document.size.set(size),
            Document.processed_at.set(datetime.now(UTC).isoformat()),
        ], condition=Document.status == DocumentStatus.PENDING.value)
    except UpdateError:
        logger.info("upload already processed", extra={"document": document_id})
    s3.delete_object(Bucket=bucket, Key=key)
    logger.info("upload processed", extra={"document": document_id, "status": verdict.value})
    return verdict
