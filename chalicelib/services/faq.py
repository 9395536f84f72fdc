"""Reading the published FAQ: lists (one Query), entries (one GetItem), search, audio, feedback."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from chalicelib import aws
from chalicelib.config import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, settings
from chalicelib.errors import BadRequest, NotFound, UnsupportedLanguage
from chalicelib.services.faq_search import Hit, load_index
from chalicelib.text import clean_input

FAQ_GROUPS = ("buergergeld", "asyl", "corona", "portal")
MAX_QUERY = 500
AUDIO_URL_SECONDS = 300
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FEEDBACK_SCOPE = "faq"


class TranslationMissing(NotFound):
    """The entry exists, but not in the requested language: say so and offer German and English."""

    code = "translation_missing"


@dataclass(frozen=True)
class EntryView:
    id: str
    lang: str
    group: str
    title: str
    answer: str
    details: str
    sources: list[dict[str, str]]
    link: str | None
    checked_on: str
    translation: str
    review: str | None


def check_language(lang: str | None) -> str:
    lang = lang or DEFAULT_LANGUAGE
    if lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(params={"supported": ", ".join(SUPPORTED_LANGUAGES)})
    return lang


def check_group(group: str | None) -> str | None:
    if group is not None and group not in FAQ_GROUPS:
        raise BadRequest("unknown_group", params={"groups": ", ".join(FAQ_GROUPS)})
    return group


def list_entries(lang: str, group: str | None = None) -> list[dict[str, str]]:
    from chalicelib.models.faq import FaqEntryRecord

    if group:
        records = FaqEntryRecord.by_language_group.query(f"{lang}#{group}")
    else:
        records = sorted(FaqEntryRecord.query(lang), key=lambda r: int(r.position))
    return [{"id": r.entry_id, "title": r.title, "group": r.group} for r in records]


def get_entry(entry_id: str, lang: str) -> EntryView:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.faq import FaqEntryRecord

    if not _ID.fullmatch(entry_id) or len(entry_id) > 80:
        raise NotFound()
    try:
        record = FaqEntryRecord.get(lang, entry_id)
    except DoesNotExist:
        alternatives = [alt for alt in ("de", "en") if alt != lang and FaqEntryRecord.count(
            alt, FaqEntryRecord.entry_id == entry_id) > 0]
        if alternatives:
            raise TranslationMissing(params={"alternatives": ", ".join(alternatives)}) from None
        raise NotFound() from None
    return EntryView(
        id=record.entry_id, lang=record.lang, group=record.group, title=record.title, answer=record.answer,
        details=record.details, sources=json.loads(record.sources_json), link=record.link,
        checked_on=record.checked_on, translation=record.translation, review=record.review)


def check_query(query: str | None) -> str:
    if len(query or "") > MAX_QUERY:
        raise BadRequest("query_too_long", params={"limit": MAX_QUERY})
    query = clean_input(query or "")
    if not query:
        raise BadRequest("query_empty")
    if len(query) > MAX_QUERY:
        raise BadRequest("query_too_long", params={"limit": MAX_QUERY})
    return query


def search(query: str, lang: str, limit: int = 10) -> list[Hit]:
    query = check_query(query)
    return load_index(lang).search(query, limit)


def audio_url(entry_id: str, lang: str) -> str:
    """A short-lived presigned URL of the entry's published audio."""
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.faq import FaqEntryRecord

    if not _ID.fullmatch(entry_id) or len(entry_id) > 80:
        raise NotFound()
    try:
        record = FaqEntryRecord.get(lang, entry_id, attributes_to_get=["audio_key"])
    except DoesNotExist:
        raise NotFound() from None
    return aws.s3().generate_presigned_url("get_object", ExpiresIn=AUDIO_URL_SECONDS, Params={
        "Bucket": settings().audio_bucket, "Key": record.audio_key, "ResponseContentType": "audio/mpeg"})


def public_audio_path(entry_id: str, lang: str) -> str:
    """The stable URL that redirects to a fresh presigned one (what pages and the API hand out)."""
    return f"{settings().public_base_url}/api/faq/{entry_id}/audio?lang={lang}"


def _count(counter_key: str, attribute: str) -> None:
    from chalicelib.models.faq import FaqFeedback

    FaqFeedback(FEEDBACK_SCOPE, counter_key).update(actions=[getattr(FaqFeedback, attribute).add(1)])


def record_feedback(entry_id: str, lang: str, helpful: bool) -> None:
    get_entry(entry_id, lang)  # only existing entries are counted
    _count(f"{entry_id}#{lang}", "helpful" if helpful else "not_helpful")


def record_not_found(lang: str) -> None:
    _count(f"_search#{lang}", "not_found")


def feedback_stats() -> dict[str, Any]:
    from chalicelib.models.faq import FaqFeedback

    items, not_found = [], {lang: 0 for lang in SUPPORTED_LANGUAGES}
    for counter in FaqFeedback.query(FEEDBACK_SCOPE):
        key, _, lang = counter.counter_key.rpartition("#")
        if key == "_search":
            not_found[lang] = int(counter.not_found)
        else:
            items.append({"id": key, "lang": lang, "helpful": int(counter.helpful),
                          "not_helpful": int(counter.not_helpful)})
    items.sort(key=lambda i: (-(i["not_helpful"]), i["id"], i["lang"]))
    return {"items": items, "not_found": not_found}
