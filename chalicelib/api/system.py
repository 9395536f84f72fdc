"""Health and the OpenAPI document."""

from __future__ import annotations

import json
from typing import Literal

from chalice import Blueprint, Response

from chalicelib.api.schemas import Model
from chalicelib.config import settings
from chalicelib.http import ApiContext, api_route
from chalicelib.services.health import check_dependencies

system_api = Blueprint(__name__)


class DependencyReport(Model):
    ok: bool
    ms: float


class Health(Model):
    status: Literal["ok", "degraded"]
    dependencies: dict[str, DependencyReport]


def health_response() -> Response:
    results = check_dependencies(settings())
    healthy = all(r.ok for r in results)
    body = Health(status="ok" if healthy else "degraded",
                  dependencies={r.name: DependencyReport(ok=r.ok, ms=r.ms) for r in results})
    return Response(body=body.model_dump_json(), status_code=200 if healthy else 503,
                    headers={"Content-Type": "application/json", "Cache-Control": "no-store"})


@system_api.route("/health", methods=["GET"])
def health() -> Response:
    return health_response()


@api_route(system_api, "/api/openapi.json", summary="This API's OpenAPI 3.1 document", tags=["system"])
def openapi(ctx: ApiContext) -> Response:
    from chalicelib.api.openapi import openapi_document

    return Response(body=json.dumps(openapi_document(), ensure_ascii=False), status_code=200,
                    headers={"Content-Type": "application/json", "Cache-Control": "public, max-age=300"})
