"""The OpenAPI document and the Chalice routes under /api describe the same API."""

from jsonschema import Draft202012Validator


def _chalice_api_operations(app):
    return {(path, method.lower()) for path, methods in app.routes.items() if path.startswith("/api")
            for method in methods}


def _documented_operations(document):
    return {(path, method) for path, item in document["paths"].items() for method in item}


def test_every_api_route_is_documented_and_every_documented_operation_exists(client, app):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert _documented_operations(document) == _chalice_api_operations(app)


def test_schemas_are_valid_json_schema(client):
    document = client.get("/api/openapi.json").json()
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_protected_operations_declare_bearer_auth_and_401(client):
    document = client.get("/api/openapi.json").json()
    me = document["paths"]["/api/me"]["get"]
    assert me["security"] == [{"bearerAuth": []}]
    assert "401" in me["responses"]
