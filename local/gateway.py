"""API Gateway as the local stage and the tests see it, on top of Chalice's LocalGateway.

Two things API Gateway does that `chalice local` does not, configured in infra as gateway responses:
an authorizer that raises `Unauthorized` answers 401 (Chalice's local gateway would crash), and an
unknown route answers 404 problem+json for /api and the friendly HTML page elsewhere (Chalice
answers API Gateway's default 403 "Missing Authentication Token").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalice.config import Config
from chalice.local import (
    BaseHTTPRequestHandler,
    ChaliceRequestHandler,
    CustomLocalChalice,
    ForbiddenError,
    LocalChalice,
    LocalDevServer,
    LocalGateway,
    LocalGatewayException,
    NotAuthorizedError,
)

from chalicelib.auth import Unauthorized
from chalicelib.errors import MethodNotAllowed, NotFound, Unauthenticated
from chalicelib.http import problem
from chalicelib.i18n import pick_language


def _language(headers: dict[str, str], path: str) -> str:
    from urllib.parse import parse_qs, urlparse

    query = parse_qs(urlparse(path).query)
    lowered = {k.lower(): v for k, v in headers.items()}
    return pick_language((query.get("lang") or [None])[0], accept_language=lowered.get("accept-language"))


def _error_body(err: Any, path: str, headers: dict[str, str]) -> tuple[dict[str, str], bytes]:
    lang = _language(headers, path)
    if path.startswith("/api"):
        response = problem(err, lang)
    else:
        from chalicelib.web.render import render_error

        response = render_error(err, lang)
    body = response.body if isinstance(response.body, str) else json.dumps(response.body)
    return {k: v for k, v in response.headers.items() if isinstance(v, str)}, body.encode()


class _Unauthorized(NotAuthorizedError):
    pass


class _RouteNotFound(ForbiddenError):
    CODE = 404


class ApiGateway(LocalGateway):
    def _allowed_methods(self, path: str) -> list[str]:
        resource = self.event_converter._route_matcher.match_route(path).route
        return list(self._app_object.routes[resource])

    def handle_request(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Any:
        try:
            response = super().handle_request(method, path, headers, body)
            if response.get("statusCode") == 405 and "MethodNotAllowedError" in str(response.get("body")):
                error_headers, error_body = _error_body(MethodNotAllowed(), path, headers)
                error_headers["Allow"] = ", ".join(sorted(self._allowed_methods(path)))
                return {"statusCode": 405, "headers": error_headers, "multiValueHeaders": {},
                        "body": error_body.decode("utf-8")}
            return response
        except (Unauthorized, NotAuthorizedError):
            # API Gateway's UNAUTHORIZED gateway response (see infra) carries problem+json.
            raise _Unauthorized(*_error_body(Unauthenticated(), path, headers)) from None
        except ForbiddenError as err:
            if b"Missing Authentication Token" in (err.body or b"") or b"Authorization header requires" in (
                    err.body or b""):
                raise _RouteNotFound(*_error_body(NotFound(), path, headers)) from None
            raise


def local_config(app: Any) -> Config:
    return Config.create(chalice_stage="local", app_name=app.app_name, chalice_app=app,
                         lambda_timeout=30, lambda_memory_size=512)


class ApiRequestHandler(ChaliceRequestHandler):
    # http.server writes headers and body separately; without TCP_NODELAY every keep-alive response
    # waits ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True

    def __init__(self, request: Any, client_address: Any, server: Any, app_object: Any, config: Any) -> None:
        self.local_gateway = ApiGateway(app_object, config)
        BaseHTTPRequestHandler.__init__(self, request, client_address, server)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the app logs requests itself
        return

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it has no do_X for with 501 (TRACE, QUERY, ...); API Gateway
        # routes every method, and the app answers 405 with an Allow header.
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)


def _thread_local_app(app: Any) -> Any:
    """Chalice's own trick: give the app a thread-local `current_request` for the threaded server."""
    if not isinstance(app, LocalChalice):
        CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
        app.__class__ = CustomLocalChalice
    return app


def create_server(app: Any, host: str, port: int) -> LocalDevServer:
    """Chalice's local dev server with our API Gateway behaviour."""
    app = _thread_local_app(app)
    return LocalDevServer(app, local_config(app), host, port, handler_cls=ApiRequestHandler)


@dataclass
class GatewayResponse:
    status: int
    headers: dict[str, Any]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class InProcessClient:
    """Calls the app through the same gateway in-process, without HTTP (tests and benchmarks)."""

    def __init__(self, app: Any) -> None:
        self._gateway = ApiGateway(app, local_config(app))

    def request(self, method: str, path: str, *, headers: dict[str, str] | None = None,
                body: bytes | str | None = None, json_body: Any = None) -> GatewayResponse:
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body)
            headers.setdefault("content-type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body:
            headers.setdefault("content-length", str(len(body)))
        try:
            raw = self._gateway.handle_request(method=method, path=path, headers=headers, body=body)
        except LocalGatewayException as err:
            return GatewayResponse(err.CODE, dict(err.headers or {}), err.body or b"")
        merged = {**raw.get("headers", {}), **raw.get("multiValueHeaders", {})}
        payload = raw.get("body") or b""
        if raw.get("isBase64Encoded"):
            import base64

            payload = base64.b64decode(payload)
        elif isinstance(payload, str):
            payload = payload.encode("utf-8")
        return GatewayResponse(raw["statusCode"], merged, payload)

    def get(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> GatewayResponse:
        return self.request("POST", path, **kwargs)
