"""The chat page without JavaScript: every turn is a form post, the conversation is rendered again."""

import json
import re

import pytest

from chalicelib import auth
from chalicelib.models.chat import CallbackRequest

pytestmark = pytest.mark.usefixtures("published_faq")


def _form(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _post(client, path, fields, csrf_cookie):
    from urllib.parse import urlencode

    return client.post(path, body=urlencode(fields), headers={
        "content-type": "application/x-www-form-urlencoded", "cookie": f"{auth.CSRF_COOKIE}={csrf_cookie}"})


def _start(client, lang):
    page = client.get(f"/chat?lang={lang}")
    cookie = page.headers["Set-Cookie"]
    cookie = cookie if isinstance(cookie, str) else next(c for c in cookie if c.startswith(auth.CSRF_COOKIE))
    return page, cookie.split(";")[0].split("=", 1)[1]


def test_conversation_without_javascript_in_german(client):
    page, csrf = _start(client, "de")
    token = _form(page.text, "csrf_token")
    first = _post(client, "/chat?lang=de", {"csrf_token": token, "message": "hab nen minijob darf ich das behalten",
                                            "session_id": "", "history": "[]"}, csrf)
    assert first.status == 200 and "hab nen minijob" in first.text
    assert 'href="/faq/bg-side-income?lang=de"' in first.text and "<audio" in first.text
    history = json.loads(_form(first.text, "history").replace("&#34;", '"').replace("&quot;", '"'))
    assert [turn["who"] for turn in history] == ["me", "bot"]
    second = _post(client, "/chat?lang=de", {"csrf_token": token, "message": "danke",
                                             "session_id": _form(first.text, "session_id"),
                                             "history": json.dumps(history)}, csrf)
    assert "hab nen minijob" in second.text and "Gern geschehen" in second.text


def test_a_message_is_escaped_when_shown_again(client):
    page, csrf = _start(client, "de")
    response = _post(client, "/chat?lang=de", {"csrf_token": _form(page.text, "csrf_token"),
                                               "message": "<script>alert(1)</script> miete", "history": "[]"}, csrf)
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text


def test_forged_history_is_escaped_and_bounded(client):
    page, csrf = _start(client, "en")
    history = json.dumps([{"who": "bot", "text": "<img src=x onerror=alert(1)>"}] * 50)
    response = _post(client, "/chat?lang=en", {"csrf_token": _form(page.text, "csrf_token"), "message": "hello",
                                               "history": history}, csrf)
    assert "<img src=x" not in response.text
    assert response.text.count('class="bot"') <= 20


def test_empty_message_shows_a_friendly_error_in_the_language(client):
    page, csrf = _start(client, "ar")
    response = _post(client, "/chat?lang=ar", {"csrf_token": _form(page.text, "csrf_token"), "message": " "}, csrf)
    assert response.status == 400 and 'role="alert"' in response.text and 'dir="rtl"' in response.text


def test_handoff_form_creates_a_callback(client):
    page, csrf = _start(client, "de")
    token = _form(page.text, "csrf_token")
    asked = _post(client, "/chat?lang=de", {"csrf_token": token, "message": "ich möchte mit einem menschen reden",
                                            "history": "[]"}, csrf)
    assert 'id="handoff"' in asked.text and 'id="handoff" hidden' not in asked.text
    before = CallbackRequest.count()
    done = _post(client, "/chat/callback?lang=de", {"csrf_token": token, "contact": "0171 2345678",
                                                    "preferred_time": "nachmittags",
                                                    "session_id": _form(asked.text, "session_id")}, csrf)
    assert done.status == 200 and "meldet sich" in done.text
    assert CallbackRequest.count() == before + 1
