"""Chat sessions (no message text, only context) and callback requests (the only place contact data
from the chat is stored)."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class ChatSession(BaseModel):
    """The context of one conversation: language, last topic, misses in a row. Expires after 30 min idle."""

    class Meta:
        table_name = table_name("chat-sessions")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    session_id = UnicodeAttribute(hash_key=True)
    lang = UnicodeAttribute()
    last_topic = UnicodeAttribute(null=True)
    misses = NumberAttribute(default=0)
    turns = NumberAttribute(default=0)
    last_seen = NumberAttribute()
    expires_at = TTLAttribute()


class CallbacksByStatus(GlobalSecondaryIndex["CallbackRequest"]):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class CallbackRequest(BaseModel):
    """A citizen asked a person to call or write back. Staff list open ones and close them."""

    class Meta:
        table_name = table_name("callbacks")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    callback_id = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute(default="open")
    created_key = UnicodeAttribute()   # ISO time + id: unique and sortable
    contact = UnicodeAttribute()
    preferred_time = UnicodeAttribute(default="")
    lang = UnicodeAttribute()
    topic = UnicodeAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)

    by_status = CallbacksByStatus()
