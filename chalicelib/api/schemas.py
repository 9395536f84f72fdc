"""Request and response models shared across the API (pydantic; they generate the OpenAPI)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Every API model: its validator and schema are built on first use, not at import (cold start)."""

    model_config = ConfigDict(defer_build=True)


class Strict(Model):
    """Request bodies: unknown fields are refused; booleans are `StrictBool` (0 is not false).
    Strings are taken as sent, so that the lengths in the OpenAPI document are exactly the lengths
    checked; services trim where it matters."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Problem(Model):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]


class QueryParams(Model):
    """Query parameters: unknown ones are refused (400); `lang` chooses the language of messages."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    lang: LangCode = "de"
