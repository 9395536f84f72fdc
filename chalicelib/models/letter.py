"""Letters to citizens and each citizen's choice of digital delivery."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class StatusChange(MapAttribute):
    status = UnicodeAttribute()
    at = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)


class LettersByCitizen(GlobalSecondaryIndex["Letter"]):
    """The mailbox: a citizen's letters, newest first."""

    class Meta:
        index_name = "by-citizen"
        projection = AllProjection()

    citizen = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class LettersByStatus(GlobalSecondaryIndex["Letter"]):
    """Staff lists (print list, failures) and the sweeper (sending for too long)."""

    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    status_key = UnicodeAttribute(range_key=True)   # time of the last status change + id


class Letter(BaseModel):
    class Meta:
        table_name = table_name("letters")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    letter_id = UnicodeAttribute(hash_key=True)
    citizen = UnicodeAttribute()
    created_key = UnicodeAttribute()
    subject = UnicodeAttribute()
    status = UnicodeAttribute()                      # LetterStatus
    status_key = UnicodeAttribute()
    history = ListAttribute(of=StatusChange, default=list)
    source = UnicodeAttribute()                      # "template" or "upload"
    template = UnicodeAttribute(null=True)
    values_json = UnicodeAttribute(null=True)        # template values (personal data: never logged)
    upload_document_id = UnicodeAttribute(null=True)
    summary_lang = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    pdf_key = UnicodeAttribute(null=True)
    in_mailbox = BooleanAttribute(default=False)
    notice_claimed_at = UnicodeAttribute(null=True)
    notice_message_id = UnicodeAttribute(null=True)
    notice_sent_at = UnicodeAttribute(null=True)
    deemed_delivered_on = UnicodeAttribute(null=True)
    opened_at = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    failure_reason = UnicodeAttribute(null=True)

    by_citizen = LettersByCitizen()
    by_status = LettersByStatus()


class DeliveryPreference(BaseModel):
    """A citizen's choice: digital delivery (with the address for the notice e-mail) or paper."""

    class Meta:
        table_name = table_name("delivery-preferences")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    citizen = UnicodeAttribute(hash_key=True)
    digital = BooleanAttribute()
    email = UnicodeAttribute(null=True)
    lang = UnicodeAttribute(default="de")
    changed_at = UnicodeAttribute()
