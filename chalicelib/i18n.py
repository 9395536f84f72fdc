"""UI message catalogues (content/i18n/<lang>.yaml) and the choice of the visitor's language."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from chalicelib.config import DEFAULT_LANGUAGE, RTL_LANGUAGES, SUPPORTED_LANGUAGES
from chalicelib.content import load_yaml

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
    data = load_yaml(f"i18n/{lang}.yaml")
    return {str(key): str(value) for key, value in data.items()}


def translate(lang: str, key: str, **params: object) -> str:
    """The message `key` in `lang`; German when the key is missing there (a test forbids that)."""
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


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
