"""Audit records of staff access: append-only. The code only ever creates them (conditional put), and
in AWS the function roles may PutItem but not Update or Delete on this table (see infra)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.models.base import BaseModel, region, table_name


class AuditRecord(BaseModel):
    class Meta:
        table_name = table_name("audit")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    subject = UnicodeAttribute(hash_key=True)   # what was accessed, e.g. "citizen#<id>"
    event_key = UnicodeAttribute(range_key=True)  # ISO time + random suffix
    actor = UnicodeAttribute()                  # the staff member's id
    action = UnicodeAttribute()                 # e.g. "documents.list"
    request_id = UnicodeAttribute()
