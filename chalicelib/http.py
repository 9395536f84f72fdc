"""The request edge shared by API and web routes: parsing, error mapping, responses, middleware.

Routes stay thin: `api_route` parses the query and body into pydantic models, hands the caller's
principal and language to the view, and maps every `DomainError` to problem+json in one place.
`page_route` does the same for HTML pages with sessions, CSRF and friendly error pages.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from aws_lambda_powertools.metrics import MetricUnit, single_metric
from chalice import Blueprint, Chalice, Response
from pydantic import BaseModel, ValidationError

from chalicelib import auth
from chalicelib.config import SUPPORTED_LANGUAGES, settings
from chalicelib.errors import (
    BadRequest,
    DomainError,
    Forbidden,
    InvalidJson,
    InvalidParameters,
    PayloadTooLarge,
    Unauthenticated,
    UnsupportedLanguage,
    UnsupportedMediaType,
    ValidationFailed,
)
from chalicelib.i18n import catalogue, field_errors, pick_language, translate
from chalicelib.observability import logger

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://kreisjobcenter.example/problems/"
LANG_COOKIE = "kjc_lang"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# -- shared helpers --------------------------------------------------------------------------------


def request_id(request: Any) -> str:
    return str((request.context or {}).get("requestId") or uuid.uuid4())


def cookies(request: Any) -> dict[str, str]:
    jar: dict[str, str] = {}
    for part in (request.headers.get("cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            jar[name] = value
    return jar


def set_cookie(name: str, value: str, *, max_age: int | None = None, http_only: bool = True) -> str:
    attrs = [f"{name}={value}", "Path=/", "Secure", "SameSite=Lax"]
    if http_only:
        attrs.append("HttpOnly")
    if max_age is not None:
        attrs.append(f"Max-Age={max_age}")
    return "; ".join(attrs)


def problem(err: DomainError, lang: str, instance: str = "") -> Response:
    """RFC 9457 problem details in the caller's language; never a stack trace."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + err.code,
        "title": translate(lang, f"error.{err.code}.title"),
        "status": err.status,
        "detail": translate(lang, f"error.{err.detail}", **err.params)
        if err.detail and f"error.{err.detail}" in catalogue(lang)
        else translate(lang, f"error.{err.code}.detail", **err.params),
    }
    if instance:
        body["instance"] = instance
    if isinstance(err, ValidationFailed):
        body["errors"] = [{"field": e.field, "message": e.message} for e in err.errors]
    headers = {"Content-Type": PROBLEM_JSON, "Content-Language": lang, **SECURITY_HEADERS, **err.headers}
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=err.status, headers=headers)


# -- JSON API ----------------------------------------------------------------------------------------


@dataclass
class ApiContext:
    """What an API view gets: the caller, their language, the parsed query and body."""

    request: Any
    lang: str
    principal: auth.Principal | None = None
    query: Any = None
    body: Any = None
    request_id: str = ""

    @property
    def subject(self) -> str:
        if self.principal is None:
            raise Unauthenticated()
        return self.principal.subject


@dataclass
class Operation:
    """One documented API operation; the OpenAPI document is generated from these."""

    path: str
    method: str
    summary: str
    tags: list[str]
    role: str | None
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    errors: tuple[int, ...]
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)  # header name -> JSON schema
    extra_responses: dict[str, Any] = field(default_factory=dict)


OPERATIONS: list[Operation] = []
ANY_ROLE = "any"
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def _api_language(request: Any) -> str:
    query = request.query_params or {}
    return pick_language(query.get("lang"), accept_language=request.headers.get("accept-language"))


def _parse_query(request: Any, model: type[BaseModel] | None, lang: str) -> Any:
    params = dict(request.query_params or {})
    if model is None:
        return None
    try:
        return model.model_validate(params)
    except ValidationError as exc:
        if any(error["loc"][:1] == ("lang",) for error in exc.errors()):
            raise UnsupportedLanguage(params={"supported": ", ".join(SUPPORTED_LANGUAGES)}) from exc
        raise InvalidParameters(field_errors(exc, lang)) from exc


def _parse_body(request: Any, model: type[BaseModel] | None, lang: str) -> Any:
    if model is None:
        return None
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType()
    try:
        data = json.loads(request.raw_body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidJson() from exc
    if not isinstance(data, dict):
        raise InvalidJson()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc, lang)) from exc


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        for name, value in SECURITY_HEADERS.items():
            result.headers.setdefault(name, value)
        return result
    if isinstance(result, BaseModel):
        result = result.model_dump(mode="json")
    return Response(
        body=json.dumps(result, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json", **SECURITY_HEADERS},
    )


def api_route(
    bp: Blueprint,
    path: str,
    method: str = "GET",
    *,
    summary: str,
    tags: list[str],
    role: str | None = None,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    headers: dict[str, dict[str, Any]] | None = None,
    extra_responses: dict[str, Any] | None = None,
    invalid_body_status: int = 422,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a JSON API route and its OpenAPI operation. `role` None means public.

    Invalid query parameters answer 400; an invalid body 422 (`invalid_body_status=400` where the
    route's contract says 400)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        documented_errors = set(errors) | {400}
        if body is not None and invalid_body_status == 422:
            documented_errors.add(422)
        if body is not None:
            documented_errors |= {413, 415}
        if role is not None:
            documented_errors.add(401)
            if role != ANY_ROLE:
                documented_errors.add(403)
        OPERATIONS.append(Operation(
            path=path, method=method, summary=summary, tags=tags, role=role, query=query, body=body,
            response=response, status=status, errors=tuple(sorted(documented_errors)), headers=headers or {},
            extra_responses=extra_responses or {},
        ))

        @functools.wraps(view)
        def handler(**path_params: str) -> Response:
            request = bp.current_request
            lang = _api_language(request)
            rid = request_id(request)
            try:
                principal = None
                if role is not None:
                    principal = auth.principal_from_context(request.context or {})
                    if role != ANY_ROLE and not principal.has(role):
                        raise Forbidden()
                parsed_query = _parse_query(request, query, lang)
                try:
                    parsed_body = _parse_body(request, body, lang)
                except ValidationFailed as err:
                    if invalid_body_status == 400:
                        raise InvalidParameters(err.errors) from err
                    raise
                ctx = ApiContext(request=request, lang=lang, principal=principal, query=parsed_query,
                                 body=parsed_body, request_id=rid)
                return _to_response(view(ctx, **path_params), status)
            except DomainError as err:
                return problem(err, lang, instance=rid)

        route_kwargs: dict[str, Any] = {"methods": [method], "content_types": ["*/*"]}
        if role is not None:
            route_kwargs["authorizer"] = auth.jwt_authorizer
        bp.route(path, **route_kwargs)(handler)
        return view

    return decorator


# -- HTML pages ------------------------------------------------------------------------------------


@dataclass
class PageContext:
    """What a page view gets: language, the session (if signed in), the form and query."""

    request: Any
    lang: str
    session: Any = None
    form: dict[str, str] = field(default_factory=dict)
    form_lists: dict[str, list[str]] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)

    @property
    def request_id(self) -> str:
        return request_id(self.request)

    @property
    def principal(self) -> auth.Principal | None:
        return auth.principal_of(self.session) if self.session else None

    @property
    def csrf_token(self) -> str:
        """The session's CSRF token, or the anonymous double-submit token for the login form."""
        if self.session is not None:
            return str(self.session.csrf_token)
        token = self.cookies.get(auth.CSRF_COOKIE)
        if not token:
            import secrets

            token = secrets.token_urlsafe(24)
            self.cookies[auth.CSRF_COOKIE] = token
            self.set_cookies.append(set_cookie(auth.CSRF_COOKIE, token))
        return token


def _page_language(request: Any, jar: dict[str, str]) -> str:
    query = request.query_params or {}
    return pick_language(query.get("lang"), jar.get(LANG_COOKIE),
                         accept_language=request.headers.get("accept-language"))


def _parse_form(request: Any) -> dict[str, list[str]]:
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnsupportedMediaType()
    try:
        raw = (request.raw_body or b"").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest() from exc
    return parse_qs(raw, keep_blank_values=True)


def redirect(location: str, extra_cookies: list[str] | None = None) -> Response:
    headers: dict[str, Any] = {"Location": location, **SECURITY_HEADERS}
    if extra_cookies:
        headers["Set-Cookie"] = extra_cookies
    return Response(body="", status_code=303, headers=headers)


def page_route(
    bp: Blueprint, path: str, methods: tuple[str, ...] = ("GET",), *, role: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an HTML page. `role` set: signed-in users with that role only (`any`: any user)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def handler(**path_params: str) -> Response:
            from chalicelib.web.render import error_page

            request = bp.current_request
            jar = cookies(request)
            lang = _page_language(request, jar)
            ctx = PageContext(request=request, lang=lang, cookies=jar,
                              query=dict(request.query_params or {}))
            try:
                ctx.session = auth.load_session(jar.get(auth.SESSION_COOKIE))
                if role is not None:
                    if ctx.session is None:
                        return redirect(f"/login?lang={lang}")
                    if role != ANY_ROLE and role not in ctx.session.groups:
                        raise Forbidden()
                if request.method == "POST":
                    ctx.form_lists = _parse_form(request)
                    ctx.form = {key: values[0] for key, values in ctx.form_lists.items()}
                    if not auth.csrf_matches(ctx.csrf_token, ctx.form.get("csrf_token")):
                        raise Forbidden("csrf")
                result = view(ctx, **path_params)
            except DomainError as err:
                result = error_page(err, ctx)
            if (request.query_params or {}).get("lang") in SUPPORTED_LANGUAGES:
                ctx.set_cookies.append(set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600))
            if ctx.set_cookies:
                existing = result.headers.get("Set-Cookie")
                merged = ([existing] if isinstance(existing, str) else existing or []) + ctx.set_cookies
                result.headers["Set-Cookie"] = merged
            for name, value in SECURITY_HEADERS.items():
                result.headers.setdefault(name, value)
            return result

        bp.route(path, methods=list(methods), content_types=["*/*"])(handler)
        return view

    return decorator


# -- middleware ------------------------------------------------------------------------------------


def install_middleware(app: Chalice) -> None:
    """Correlation id, body size limit, request log line and request-count metric for every call."""

    @app.middleware("http")
    def edge(event: Any, get_response: Callable[[Any], Response]) -> Response:
        started = time.perf_counter()
        rid = request_id(event)
        logger.append_keys(correlation_id=event.headers.get("x-request-id") or rid)
        declared = event.headers.get("content-length") or "0"
        body = event.raw_body if event.method in _BODY_METHODS else b""
        if (declared.isdigit() and int(declared) > settings().max_body_bytes) or len(
                body or b"") > settings().max_body_bytes:
            response = _too_large(event)
        else:
            response = get_response(event)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        # The path pattern, not the concrete path: concrete paths carry ids.
        route = (event.context or {}).get("resourcePath", "")
        logger.info("request", extra={"method": event.method, "route": route,
                                      "status": response.status_code, "ms": elapsed_ms})
        with single_metric(name="Requests", unit=MetricUnit.Count, value=1,
                           namespace="Kreisjobcenter") as metric:
            metric.add_dimension(name="status_class", value=f"{response.status_code // 100}xx")
        logger.remove_keys(["correlation_id"])
        return response


def _too_large(request: Any) -> Response:
    lang = pick_language((request.query_params or {}).get("lang"),
                         accept_language=request.headers.get("accept-language"))
    if request.path.startswith("/api"):
        return problem(PayloadTooLarge(params={"limit": settings().max_body_bytes}), lang)
    from chalicelib.web.render import render_error

    return render_error(PayloadTooLarge(), lang)
