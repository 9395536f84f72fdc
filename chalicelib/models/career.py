"""The youth career pass: one pass per young person, its entries, one-time links, and shares with staff."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class CareerPass(BaseModel):
    """The pass itself: birth date (from the account), parents' consent, the self-assessment."""

    class Meta:
        table_name = table_name("career-passes")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    owner = UnicodeAttribute(hash_key=True)
    birthdate = UnicodeAttribute()
    consent = UnicodeAttribute()                        # ConsentState value
    consent_parent_name = UnicodeAttribute(null=True)   # as the parent typed it when consenting
    consent_parent_email = UnicodeAttribute(null=True)  # where the request went: the record of consent
    consent_requested_at = UTCDateTimeAttribute(null=True)
    consent_given_at = UTCDateTimeAttribute(null=True)
    consent_mailed_for = UnicodeAttribute(null=True)    # the request whose e-mail was claimed: sent once
    strengths = JSONAttribute(default=dict)             # strength id -> level on the catalogue's scale
    interests = JSONAttribute(default=list)             # interest ids
    assessed_at = UTCDateTimeAttribute(null=True)


class CareerEntry(BaseModel):
    """Experiences, goals (with their steps), counselling talks and external assessments of one pass."""

    class Meta:
        table_name = table_name("career-entries")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    owner = UnicodeAttribute(hash_key=True)
    entry_key = UnicodeAttribute(range_key=True)        # "<kind>#<entry id>": one query per kind
    kind = UnicodeAttribute()
    data = JSONAttribute()                              # validated by the service's models
    updated_at = UTCDateTimeAttribute(null=True)


class CareerLink(BaseModel):
    """A one-time link sent to a parent (consent) or an assessor (add one assessment). Only the
    SHA-256 of the token is stored; the link expires (checked on read; TTL deletes it later)."""

    class Meta:
        table_name = table_name("career-links")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()                        # "consent" or "assessment"
    owner = UnicodeAttribute()
    role = UnicodeAttribute(null=True)                  # assessor's role: teacher, parent, counsellor, employer
    lang = UnicodeAttribute()
    used_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute()


class SharesByCounsellor(GlobalSecondaryIndex["CareerShare"]):
    class Meta:
        index_name = "by-counsellor"
        projection = AllProjection()

    counsellor = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class SharesByOwner(GlobalSecondaryIndex["CareerShare"]):
    class Meta:
        index_name = "by-owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class CareerShare(BaseModel):
    """A read-only view of one pass for one named counsellor, until the young person revokes it."""

    class Meta:
        table_name = table_name("career-shares")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    share_id = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()
    owner_name = UnicodeAttribute()
    counsellor = UnicodeAttribute()
    counsellor_name = UnicodeAttribute()
    created_key = UnicodeAttribute()

    by_counsellor = SharesByCounsellor()
    by_owner = SharesByOwner()
