"""Request and response models shared across the API (pydantic; they generate the OpenAPI)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Request bodies: unknown fields are refused. Strings are taken as sent, so that the lengths in
    the OpenAPI document are exactly the lengths checked; services trim where it matters."""

    model_config = ConfigDict(extra="forbid")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = None
