"""Documents in the digital case file (E-Akte): one record per upload, listed per citizen by a GSI."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class DocumentsByOwner(GlobalSecondaryIndex["Document"]):
    class Meta:
        index_name = "by-owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class Document(BaseModel):
    class Meta:
        table_name = table_name("documents")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    document_id = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()
    created_key = UnicodeAttribute()            # ISO time + id, newest first in the GSI
    status = UnicodeAttribute()                 # DocumentStatus value
    category = UnicodeAttribute()
    filename = UnicodeAttribute()               # cleaned, shown to the citizen; never part of a key
    declared_type = UnicodeAttribute()
    declared_size = NumberAttribute()
    detected_type = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)
    object_key = UnicodeAttribute()
    link_kind = UnicodeAttribute(null=True)     # "application" or "letter"
    link_id = UnicodeAttribute(null=True)
    processed_at = UnicodeAttribute(null=True)

    by_owner = DocumentsByOwner()
