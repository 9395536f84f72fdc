"""The web shell without a browser: languages, sign-in with a server-side session, CSRF, errors."""

import re

import pytest

from chalicelib import auth
from chalicelib.models.session import WebSession
from local.resources import DEMO_PASSWORD

LANGS = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "ur": "rtl", "ti": "ltr"}


def _cookies(response):
    raw = response.headers.get("Set-Cookie") or []
    raw = [raw] if isinstance(raw, str) else raw
    return {c.split("=", 1)[0]: c for c in raw}


def _cookie_value(set_cookie):
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, email="anna@example.org", password=DEMO_PASSWORD):
    page = client.get("/login")
    csrf_cookie = _cookie_value(_cookies(page)[auth.CSRF_COOKIE])
    token = _csrf(page.text)
    return client.post("/login", body=f"email={email}&password={password}&csrf_token={token}", headers={
        "content-type": "application/x-www-form-urlencoded", "cookie": f"{auth.CSRF_COOKIE}={csrf_cookie}"})


@pytest.mark.parametrize("lang,direction", LANGS.items())
def test_start_page_sets_lang_and_direction(client, lang, direction):
    response = client.get(f"/?lang={lang}")
    assert response.status == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.text
    assert f"kjc_lang={lang}" in str(response.headers.get("Set-Cookie"))


def test_language_cookie_is_remembered(client):
    response = client.get("/", headers={"cookie": "kjc_lang=fa"})
    assert '<html lang="fa" dir="rtl">' in response.text


def test_sign_in_opens_a_hashed_server_side_session_with_safe_cookie(client):
    response = _sign_in(client)
    assert response.status == 303 and response.headers["Location"].startswith("/my")
    session_cookie = _cookies(response)[auth.SESSION_COOKIE]
    for attribute in ("HttpOnly", "Secure", "SameSite=Lax", "Path=/"):
        assert attribute in session_cookie
    session_id = _cookie_value(session_cookie)
    stored = WebSession.get(auth._hash(session_id))
    assert stored.subject and stored.groups == ["citizen"]
    assert session_id not in str(stored.attribute_values)  # only the hash is stored
    my = client.get("/my", headers={"cookie": f"{auth.SESSION_COOKIE}={session_id}"})
    assert my.status == 200 and "anna@example.org" in my.text


def test_wrong_password_shows_an_error_and_opens_no_session(client):
    before = WebSession.count()
    response = _sign_in(client, password="Wrong-Password-1!")
    assert response.status == 401
    assert 'role="alert"' in response.text and "Passwort stimmen nicht" in response.text
    assert WebSession.count() == before


def test_sign_in_without_csrf_token_is_refused(client):
    response = client.post("/login", body=f"email=anna@example.org&password={DEMO_PASSWORD}",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status == 403
    assert "<html" in response.text and "Kein Zugriff" in response.text


def test_sign_out_deletes_the_session(client):
    session_id = _cookie_value(_cookies(_sign_in(client))[auth.SESSION_COOKIE])
    cookie = {"cookie": f"{auth.SESSION_COOKIE}={session_id}"}
    token = _csrf(client.get("/my", headers=cookie).text)
    response = client.post("/logout", body=f"csrf_token={token}", headers={
        **cookie, "content-type": "application/x-www-form-urlencoded"})
    assert response.status == 303
    assert "Max-Age=0" in _cookies(response)[auth.SESSION_COOKIE]
    assert WebSession.count(auth._hash(session_id)) == 0
    assert client.get("/my", headers=cookie).status == 303


def test_sign_out_with_a_wrong_csrf_token_keeps_the_session(client):
    session_id = _cookie_value(_cookies(_sign_in(client))[auth.SESSION_COOKIE])
    cookie = {"cookie": f"{auth.SESSION_COOKIE}={session_id}"}
    response = client.post("/logout", body="csrf_token=forged", headers={
        **cookie, "content-type": "application/x-www-form-urlencoded"})
    assert response.status == 403
    assert WebSession.count(auth._hash(session_id)) == 1


def test_idle_session_expires_after_thirty_minutes(client):
    session_id = _cookie_value(_cookies(_sign_in(client))[auth.SESSION_COOKIE])
    stored = WebSession.get(auth._hash(session_id))
    stored.update(actions=[WebSession.last_seen.set(int(stored.last_seen) - 31 * 60)])
    response = client.get("/my", headers={"cookie": f"{auth.SESSION_COOKIE}={session_id}"})
    assert response.status == 303 and response.headers["Location"].startswith("/login")


def test_my_area_needs_sign_in(client):
    response = client.get("/my?lang=en")
    assert response.status == 303 and response.headers["Location"] == "/login?lang=en"


@pytest.mark.parametrize("lang,phrase", [("de", "Nicht gefunden"), ("en", "Not found")])
def test_unknown_page_answers_friendly_404_in_the_visitors_language(client, lang, phrase):
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status == 404
    assert phrase in response.text and f'lang="{lang}"' in response.text


def test_oversize_form_answers_413_page(client):
    response = client.post("/login", body=b"a" * (1024 * 1024 + 10), headers={
        "content-type": "application/x-www-form-urlencoded"})
    assert response.status == 413 and "<html" in response.text


def test_static_files_cannot_escape_their_folder(client):
    assert client.get("/static/site.css").status == 200
    assert client.get("/static/..%2Fpages.py").status == 404
