"""Audit trail of staff access: who, what, when, which request. Records are only ever created."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


def record(actor: str, action: str, subject: str, request_id: str) -> None:
    from chalicelib.models.audit import AuditRecord

    event_key = f"{datetime.now(UTC).isoformat()}#{secrets.token_hex(4)}"
    AuditRecord(subject, event_key, actor=actor, action=action, request_id=request_id).save(
        condition=AuditRecord.subject.does_not_exist())


def trail(subject: str) -> list[dict[str, str]]:
    from chalicelib.models.audit import AuditRecord

    return [{"at": r.event_key.split("#")[0], "actor": r.actor, "action": r.action, "request_id": r.request_id}
            for r in AuditRecord.query(subject)]
