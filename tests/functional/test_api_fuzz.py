"""schemathesis against the running app over HTTP: at least 50 generated examples per operation, and
no server error, no undocumented status, no response outside its schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

import app as _app  # noqa: F401 - registers every route, so the document is complete
from chalicelib.api.openapi import openapi_document

schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, live_server, tokens, published_faq):
    # Capitalised: schemathesis strips exactly `Authorization` to check that auth is enforced.
    # A case whose headers were generated invalid on purpose (e.g. without the required Authorization) keeps
    # them as generated: adding a valid token would turn it into a valid request that must be accepted.
    headers_mutated = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
    secured = case.operation.definition.raw.get("security")
    headers = {"Authorization": f"Bearer {tokens['anna']}"} if secured and not headers_mutated else {}
    # call_and_validate raises on any failed check (server error, undocumented status, schema mismatch,
    # auth not enforced, schema-valid request refused, invalid request accepted).
    response = case.call_and_validate(base_url=live_server, headers=headers)
    assert response.status_code < 500
