"""UI message catalogues and the choice of the visitor's language.

A language's catalogue is `content/i18n/<lang>.yaml` plus one file per service area
(`content/i18n/<area>/<lang>.yaml`), so that areas are edited and translated apart; a key lives in
exactly one file (a test checks).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

from chalicelib.config import DEFAULT_LANGUAGE, RTL_LANGUAGES, SUPPORTED_LANGUAGES
from chalicelib.content import content_dir, load_yaml
from chalicelib.errors import FieldError

if TYPE_CHECKING:
    from pydantic import ValidationError

LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "ur": "اردو",
    "ti": "ትግርኛ",
}


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    for relative in catalogue_files(lang):
        merged.update({str(key): str(value) for key, value in (load_yaml(relative) or {}).items()})
    return merged


def catalogue_files(lang: str) -> list[str]:
    """The files of one language's catalogue, relative to the content folder: core first, then areas."""
    root = content_dir() / "i18n"
    areas = sorted(path.name for path in root.iterdir() if path.is_dir() and (path / f"{lang}.yaml").is_file())
    return [f"i18n/{lang}.yaml", *(f"i18n/{area}/{lang}.yaml" for area in areas)]


def translate(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang`; German when the key is missing there (a test forbids that)."""
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


def field_errors(exc: ValidationError, lang: str, fallback: str | None = None) -> list[FieldError]:
    """pydantic's errors as a message per field in `lang`: `validation.<reason>`, where the reason is the
    error type or the name a model validator raised (`ValueError("end_before_start")`); otherwise
    `fallback`'s message, or pydantic's own text."""
    messages = catalogue(lang)
    fields = []
    for item in exc.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "body"
        reason = item["msg"].removeprefix("Value error, ") if item["type"] == "value_error" else item["type"]
        key = next((k for k in (f"validation.{reason}", f"validation.{item['type']}") if k in messages), fallback)
        fields.append(FieldError(field=field, message=translate(lang, key) if key else item["msg"]))
    return fields


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def pick_language(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first supported language among explicit choices, then the Accept-Language header."""
    for candidate in candidates:
        if candidate and candidate in SUPPORTED_LANGUAGES:
            return candidate
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED_LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
