"""The OpenAPI 3.1 document, generated from the registered operations and their pydantic models."""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api.schemas import Problem
from chalicelib.http import OPERATIONS, Operation

REF = "#/components/schemas/{model}"
_PATH_PARAM = re.compile(r"{([^}]+)}")
_REASONS = {400: "Bad request", 401: "Not signed in or token invalid", 403: "Not allowed for this role",
            404: "Not found (also: another citizen's id)", 405: "Method not allowed", 409: "Conflict",
            413: "Body over 1 MiB", 415: "Content type not accepted", 422: "Invalid fields",
            429: "Too many requests", 503: "A dependency is down"}


def _models() -> list[tuple[type[BaseModel], Literal["validation", "serialization"]]]:
    seen: dict[tuple[type[BaseModel], str], None] = {(Problem, "serialization"): None}
    for op in OPERATIONS:
        for model, mode in ((op.body, "validation"), (op.response, "serialization")):
            if model is not None:
                seen[(model, mode)] = None
    return list(seen)  # type: ignore[arg-type]


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    required = set(schema.get("required", []))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema.get("properties", {}).items()]


def _operation(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": {"type": "string", "minLength": 1, "maxLength": 200}}
                  for name in _PATH_PARAM.findall(op.path)]
    if op.query is not None:
        parameters += _query_parameters(op.query)
    parameters += [{"name": header, "in": "header", "required": False, "schema": schema}
                   for header, schema in op.headers.items()]
    responses: dict[str, Any] = {}
    if op.response is not None:
        responses[str(op.status)] = {"description": "Success", "content": {
            "application/json": {"schema": refs[(op.response, "serialization")]}}}
    responses.update(op.extra_responses)
    if not responses:
        responses[str(op.status)] = {"description": "Success"}
    problem_ref = refs[(Problem, "serialization")]
    for code in op.errors:
        responses[str(code)] = {"description": _REASONS.get(code, "Error"),
                                "content": {"application/problem+json": {"schema": problem_ref}}}
    operation: dict[str, Any] = {
        "operationId": f"{op.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', op.path.lower()).strip('_')}",
        "summary": op.summary, "tags": op.tags, "parameters": parameters, "responses": responses,
    }
    if op.body is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": refs[(op.body, "validation")]}}}
    if op.role is not None:
        operation["security"] = [{"bearerAuth": []}]
    return operation


@functools.cache
def openapi_document() -> dict[str, Any]:
    refs, components = models_json_schema(_models(), ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kreisjobcenter digital services API", "version": "1.0.0",
                 "description": "JSON API of the county job centre's citizen and staff services. "
                                "Errors are RFC 9457 problem details."},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": components.get("$defs", {}),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
