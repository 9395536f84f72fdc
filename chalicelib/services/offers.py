"""The centre's offers (courses, counselling, job fairs, participation projects) from content/offers/.

Read from the content bundle on first use and kept for the life of the process: no table, no scan. The
status follows from the dates and today's date in Europe/Berlin, so the content never goes stale.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir, load_yaml
from chalicelib.errors import NotFound

BERLIN = ZoneInfo("Europe/Berlin")
KINDS = ("course", "counselling", "job_fair", "participation")
STATUSES = ("upcoming", "running", "finished")
TARGET_GROUPS = ("everyone", "jobseekers", "refugees", "young_people", "parents")
TRANSLATION_MARKS = ("original", "reviewed", "machine")
TEXT_FIELDS = ("title", "summary", "schedule", "description")
RETENTION_DAYS = 90          # registrations are deleted this long after the offer's last day
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentError(ValueError):
    """An offer file that does not follow content/offers/FORMAT.md."""


@dataclass(frozen=True)
class Offer:
    id: str
    kind: str
    target_group: str
    starts_on: dt.date
    ends_on: dt.date
    place: str | None
    online: bool
    languages: tuple[str, ...]
    capacity: int | None        # None: no limit
    updated: dt.date
    translation: dict[str, str]
    texts: dict[str, dict[str, str]]   # lang -> title, summary, schedule, description

    def status(self, today: dt.date | None = None) -> str:
        today = today or berlin_today()
        if today < self.starts_on:
            return "upcoming"
        return "running" if today <= self.ends_on else "finished"

    def text(self, lang: str) -> dict[str, str]:
        return self.texts[lang]

    @property
    def deleted_after(self) -> dt.date:
        """The day registrations for this offer are deleted (the TTL is set to the end of it)."""
        return self.ends_on + dt.timedelta(days=RETENTION_DAYS)


def berlin_today() -> dt.date:
    return dt.datetime.now(BERLIN).date()


def _date(value: Any, field: str, offer_id: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ContentError(f"{offer_id}: {field} must be a date (YYYY-MM-DD)")


def parse_offer(data: dict[str, Any], file_id: str) -> Offer:
    """One offer file, checked against the format; raises ContentError with the reason."""
    offer_id = str(data.get("id", ""))
    if offer_id != file_id or not ID_PATTERN.match(offer_id):
        raise ContentError(f"{file_id}: id must equal the file name and use a-z, 0-9 and -")
    if data.get("kind") not in KINDS:
        raise ContentError(f"{offer_id}: kind must be one of {KINDS}")
    if data.get("target_group") not in TARGET_GROUPS:
        raise ContentError(f"{offer_id}: target_group must be one of {TARGET_GROUPS}")
    starts_on = _date(data.get("starts_on"), "starts_on", offer_id)
    ends_on = _date(data.get("ends_on"), "ends_on", offer_id)
    if ends_on < starts_on:
        raise ContentError(f"{offer_id}: ends_on is before starts_on")
    capacity = data.get("capacity")
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0):
        raise ContentError(f"{offer_id}: capacity must be a whole number >= 0, or null for no limit")
    place = data.get("place")
    online = data.get("online")
    if not isinstance(online, bool) or (place is not None and not (isinstance(place, str) and place.strip())):
        raise ContentError(f"{offer_id}: online must be true or false, place a text or null")
    if place is None and not online:
        raise ContentError(f"{offer_id}: an offer needs a place, or online: true")
    languages = data.get("languages")
    if not isinstance(languages, list) or not languages or not set(languages) <= set(SUPPORTED_LANGUAGES):
        raise ContentError(f"{offer_id}: languages must list some of {SUPPORTED_LANGUAGES}")
    translation = data.get("translation")
    if (not isinstance(translation, dict) or set(translation) != set(SUPPORTED_LANGUAGES)
            or not set(translation.values()) <= set(TRANSLATION_MARKS) or translation.get("de") != "original"):
        raise ContentError(f"{offer_id}: translation must mark all six languages, de: original")
    texts: dict[str, dict[str, str]] = {}
    for lang in SUPPORTED_LANGUAGES:
        block = data.get(lang)
        if not isinstance(block, dict) or set(block) != set(TEXT_FIELDS):
            raise ContentError(f"{offer_id}: {lang} must have exactly {TEXT_FIELDS}")
        for field in TEXT_FIELDS:
            value = block[field]
            if not isinstance(value, str) or not value.strip():
                raise ContentError(f"{offer_id}: {lang}.{field} is empty")
            if re.search(r"[<>]|https?://", value):
                raise ContentError(f"{offer_id}: {lang}.{field} must be plain text without HTML or links")
        texts[lang] = {field: " ".join(block[field].split()) for field in TEXT_FIELDS}
    return Offer(id=offer_id, kind=data["kind"], target_group=data["target_group"], starts_on=starts_on,
                 ends_on=ends_on, place=place.strip() if place else None, online=online,
                 languages=tuple(lang for lang in SUPPORTED_LANGUAGES if lang in languages), capacity=capacity,
                 updated=_date(data.get("updated"), "updated", offer_id), translation=dict(translation),
                 texts=texts)


@functools.cache
def catalogue() -> dict[str, Offer]:
    """Every offer, by id, ordered by start date (then id)."""
    offers = [parse_offer(load_yaml(f"offers/{path.name}"), path.stem)
              for path in (content_dir() / "offers").glob("*.yaml")]
    return {offer.id: offer for offer in sorted(offers, key=lambda o: (o.starts_on, o.id))}


def get(offer_id: str) -> Offer:
    offer = catalogue().get(offer_id)
    if offer is None:
        raise NotFound()
    return offer


def listing(kind: str | None = None, status: str | None = None, language: str | None = None,
            today: dt.date | None = None) -> list[Offer]:
    """Offers matching every filter given; running and upcoming first (by start), finished last."""
    today = today or berlin_today()
    chosen = [offer for offer in catalogue().values()
              if (kind is None or offer.kind == kind) and (status is None or offer.status(today) == status)
              and (language is None or language in offer.languages)]
    return sorted(chosen, key=lambda o: (o.status(today) == "finished", o.starts_on, o.id))
