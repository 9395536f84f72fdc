"""Shared model plumbing: table names from settings, region from settings, never a host."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from pynamodb.attributes import UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.config import settings


def table_name(name: str) -> str:
    return settings().table(name)


def region() -> str:
    return settings().region


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    """An unguessable id such as `doc_3kq...`: ids appear in URLs, so they must not be countable."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"


class BaseModel(Model):
    """Every model stores when it was created."""

    created_at = UTCDateTimeAttribute(default_for_new=utcnow)
