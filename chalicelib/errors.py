"""Domain errors and their one mapping to problem+json (API) and friendly HTML pages (web)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base of every error a citizen or staff member can cause. `code` keys the i18n message."""

    status = 400
    code = "bad_request"

    def __init__(self, detail: str | None = None, *, params: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params = params or {}
        self.headers = headers or {}


class BadRequest(DomainError):
    status, code = 400, "bad_request"


class InvalidJson(BadRequest):
    code = "invalid_json"


class UnsupportedLanguage(BadRequest):
    code = "unsupported_language"


class Unauthenticated(DomainError):
    status, code = 401, "unauthenticated"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    """Also what another citizen's id answers: indistinguishable from a missing one."""

    status, code = 404, "not_found"


class MethodNotAllowed(DomainError):
    status, code = 405, "method_not_allowed"


class Conflict(DomainError):
    status, code = 409, "conflict"


class Gone(DomainError):
    """Existed, but no longer: e.g. a confirmation link whose time is over."""

    status, code = 410, "gone"


class PayloadTooLarge(DomainError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"


class ValidationFailed(DomainError):
    status, code = 422, "validation_failed"

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        super().__init__(detail)
        self.errors = errors


class InvalidParameters(ValidationFailed):
    """Query parameters (or a body whose contract says 400) that do not fit their schema."""

    status, code = 400, "invalid_parameters"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"


class ServiceUnavailable(DomainError):
    status, code = 503, "service_unavailable"
