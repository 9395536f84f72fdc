"""Published FAQ entries and the anonymous feedback counters."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class ByLanguageAndGroup(GlobalSecondaryIndex["FaqEntryRecord"]):
    """A language's entries of one group, in catalogue order: one Query for a list page."""

    class Meta:
        index_name = "by-language-group"
        projection = AllProjection()

    lang_group = UnicodeAttribute(hash_key=True)
    position = NumberAttribute(range_key=True)


class FaqEntryRecord(BaseModel):
    """One language version of one FAQ entry. A language's list is a Query; an entry a GetItem."""

    class Meta:
        table_name = table_name("faq")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    lang = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    group = UnicodeAttribute()
    lang_group = UnicodeAttribute()
    position = NumberAttribute()
    title = UnicodeAttribute()
    answer = UnicodeAttribute()
    details = UnicodeAttribute(default="")
    search_terms = ListAttribute(of=UnicodeAttribute, default=list)
    checked_on = UnicodeAttribute()
    translation = UnicodeAttribute()
    sources_json = UnicodeAttribute()
    link = UnicodeAttribute(null=True)
    review = UnicodeAttribute(null=True)
    audio_key = UnicodeAttribute()
    content_hash = UnicodeAttribute()

    by_language_group = ByLanguageAndGroup()


class FaqFeedback(BaseModel):
    """Counters only: which entry, which language, helpful or not; and unanswered searches.

    No text, no ids of people. All counters share one partition so that staff read them with one
    Query; the volume (a click per answer read) is far below a partition's limit.
    """

    class Meta:
        table_name = table_name("faq-feedback")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    scope = UnicodeAttribute(hash_key=True)        # always "faq"
    counter_key = UnicodeAttribute(range_key=True)  # "<entry id>#<lang>" or "_search#<lang>"
    helpful = NumberAttribute(default=0)
    not_helpful = NumberAttribute(default=0)
    not_found = NumberAttribute(default=0)
