"""Applications (Online-Antrag): drafts that expire, submissions staff review with optimistic locking."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class ApplicationsByOwner(GlobalSecondaryIndex["Application"]):
    class Meta:
        index_name = "by-owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ApplicationsByStatus(GlobalSecondaryIndex["Application"]):
    """Staff work lists: by status, oldest submission first (one Query, paginated)."""

    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    status_key = UnicodeAttribute(range_key=True)    # submission time + id


class Application(BaseModel):
    class Meta:
        table_name = table_name("applications")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    application_id = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()
    form_id = UnicodeAttribute()
    form_version = NumberAttribute()
    lang = UnicodeAttribute(default="de")
    status = UnicodeAttribute()                      # draft | submitted | in_review | documents_requested | ...
    status_key = UnicodeAttribute()
    created_key = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    answers_json = UnicodeAttribute(default="{}")    # personal data: never logged
    document_ids = ListAttribute(of=UnicodeAttribute, default=list)
    reference = UnicodeAttribute(null=True)
    submitted_at = UnicodeAttribute(null=True)
    receipt_key = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)             # drafts only: 30 days after the last change
    version = VersionAttribute()

    by_owner = ApplicationsByOwner()
    by_status = ApplicationsByStatus()


class IdempotencyRecord(BaseModel):
    """The table Powertools' idempotency utility writes to (key `id`, TTL `expiration`)."""

    class Meta:
        table_name = table_name("idempotency")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)
