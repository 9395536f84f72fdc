"""Server-side web sessions: the cookie holds a random id, the table holds only its hash."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.models.base import BaseModel, region, table_name


class WebSession(BaseModel):
    class Meta:
        table_name = table_name("web-sessions")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    session_hash = UnicodeAttribute(hash_key=True)
    subject = UnicodeAttribute()
    email = UnicodeAttribute()
    groups = ListAttribute(of=UnicodeAttribute, default=list)
    csrf_token = UnicodeAttribute()
    last_seen = NumberAttribute()
    expires_at = TTLAttribute()
