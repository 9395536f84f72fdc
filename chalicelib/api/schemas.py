"""Request and response models shared across the API (pydantic; they generate the OpenAPI)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Request bodies: unknown fields are refused; booleans are `StrictBool` (0 is not false).
    Strings are taken as sent, so that the lengths in the OpenAPI document are exactly the lengths
    checked; services trim where it matters."""

    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


LangCode = Literal["de", "en", "ar", "fa", "ur", "ti"]


class QueryParams(BaseModel):
    """Query parameters: unknown ones are refused (400); `lang` chooses the language of messages."""

    model_config = ConfigDict(extra="forbid")
    lang: LangCode = "de"
