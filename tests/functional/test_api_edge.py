"""Bad input at the API edge: a clear 4xx problem+json, in the caller's language, nothing stored."""

import pytest

from chalicelib.models.session import WebSession


def _problem(response, status):
    assert response.status == status, response.text
    content_type = response.headers.get("Content-Type") or response.headers.get("content-type")
    assert content_type.startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def test_malformed_json_answers_400(client):
    response = client.post("/api/auth/login", body=b'{"username": ', headers={"content-type": "application/json"})
    assert _problem(response, 400)["type"].endswith("/invalid_json")


def test_json_that_is_not_an_object_answers_400(client):
    response = client.post("/api/auth/login", body=b'["a"]', headers={"content-type": "application/json"})
    _problem(response, 400)


def test_wrong_content_type_answers_415(client):
    response = client.post("/api/auth/login", body=b"username=a", headers={
        "content-type": "application/x-www-form-urlencoded"})
    _problem(response, 415)


def test_unknown_field_answers_422_naming_the_field(client):
    response = client.post("/api/auth/login", json_body={"username": "anna@example.org", "password": "x",
                                                         "admin": True})
    body = _problem(response, 422)
    assert {"field": "admin", "message": "Dieses Feld ist nicht erlaubt."} in body["errors"]


def test_validation_messages_follow_the_callers_language(client):
    response = client.post("/api/auth/login?lang=en", json_body={"username": "anna@example.org"})
    body = _problem(response, 422)
    assert body["title"] == "Please check your answers"
    assert {"field": "password", "message": "This answer is missing."} in body["errors"]


def test_body_over_one_mib_answers_413_and_no_session_is_stored(client):
    before = WebSession.count()
    response = client.post("/api/auth/login", body=b"{" + b" " * (1024 * 1024 + 1) + b"}",
                           headers={"content-type": "application/json"})
    _problem(response, 413)
    assert WebSession.count() == before


def test_unknown_api_route_answers_404_problem(client):
    _problem(client.get("/api/does-not-exist"), 404)


def test_unknown_method_answers_405_problem(client):
    _problem(client.request("DELETE", "/api/auth/login"), 405)


@pytest.mark.parametrize("lang,title", [("ar", None), ("de", "Anmeldung nötig")])
def test_problem_title_is_in_the_requested_language(client, lang, title):
    response = client.get(f"/api/me?lang={lang}")
    body = _problem(response, 401)
    assert response.headers.get("Content-Language") in (lang, None)
    if title:
        assert body["title"] == title
    else:
        assert body["title"] != "Anmeldung nötig"
