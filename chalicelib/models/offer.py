"""Registrations of interest in the centre's offers, and the counters (places taken, rate-limit windows).

One person per offer is one item: the sort key is a hash of the normalised contact, so registering
twice finds the first registration instead of making a second one.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.models.base import BaseModel, region, table_name


class RegistrationsByToken(GlobalSecondaryIndex["OfferRegistration"]):
    """Sparse: only registrations whose confirmation e-mail has gone out carry a token hash."""

    class Meta:
        index_name = "by-token"
        projection = KeysOnlyProjection()

    token_hash = UnicodeAttribute(hash_key=True)


class RegistrationsById(GlobalSecondaryIndex["OfferRegistration"]):
    """Staff URLs name a registration by its opaque id, never by the contact hash."""

    class Meta:
        index_name = "by-registration-id"
        projection = KeysOnlyProjection()

    registration_id = UnicodeAttribute(hash_key=True)


class RegistrationsListed(GlobalSecondaryIndex["OfferRegistration"]):
    """Sparse: confirmed and waiting-list registrations of an offer, in the order their place was decided.
    Pending (unconfirmed) registrations are not in it, so staff never see them."""

    class Meta:
        index_name = "by-offer-listed"
        projection = AllProjection()

    listed_offer = UnicodeAttribute(hash_key=True)
    listed_key = UnicodeAttribute(range_key=True)    # decision time + registration id


class OfferRegistration(BaseModel):
    class Meta:
        table_name = table_name("offer-registrations")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    offer_id = UnicodeAttribute(hash_key=True)
    contact_key = UnicodeAttribute(range_key=True)   # SHA-256 of the normalised e-mail address or phone number
    registration_id = UnicodeAttribute()
    status = UnicodeAttribute()                      # pending_confirmation | confirmed | waiting_list
    channel = UnicodeAttribute()                     # email | phone
    # Personal data: never logged.
    name = UnicodeAttribute()
    contact = UnicodeAttribute()
    message = UnicodeAttribute(default="")
    preferred_lang = UnicodeAttribute()
    registered_at = UnicodeAttribute()
    token_hash = UnicodeAttribute(null=True)         # SHA-256 of the confirmation token; the token is never stored
    mail_pending = UnicodeAttribute(null=True)       # a nonce while an e-mail waits to be sent (claimed once)
    mail_claimed_at = UnicodeAttribute(null=True)
    mail_sent_at = UnicodeAttribute(null=True)
    mail_failed = UnicodeAttribute(null=True)        # the provider's permanent refusal code
    decided_at = UnicodeAttribute(null=True)         # when the place (or the waiting list) was decided
    contacted_at = UnicodeAttribute(null=True)
    contacted_by = UnicodeAttribute(null=True)
    listed_offer = UnicodeAttribute(null=True)
    listed_key = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()                      # pending: 48 h; afterwards: the offer's end + retention

    by_token = RegistrationsByToken()
    by_registration_id = RegistrationsById()
    listed = RegistrationsListed()


class Counter(BaseModel):
    """An atomic counter: places taken per offer (`places#<offer>`), requests per rate-limit window."""

    class Meta:
        table_name = table_name("counters")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    counter_key = UnicodeAttribute(hash_key=True)
    count = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)
