"""The chat in real Chromium with JavaScript: German and Arabic conversations, ask-back, handoff."""

import pytest
from playwright.sync_api import Page, expect

from chalicelib.services import chat
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.usefixtures("published_faq")


def send(page: Page, text: str) -> None:
    count = page.locator("#chat-log li.bot").count()
    page.locator("#message").fill(text)
    page.locator("#chat-form button").click()
    expect(page.locator("#chat-log li.bot")).to_have_count(count + 1)


def test_german_conversation_without_reload(page: Page, axe):
    page.goto("/chat?lang=de")
    page.evaluate("window.__marker = 1")
    send(page, "hab nen minijob darf ich das behalten")
    last = page.locator("#chat-log li.bot").last
    expect(last.get_by_role("link")).to_have_attribute("href", "/faq/bg-side-income?lang=de")
    assert last.locator("audio").get_attribute("src").endswith("/api/faq/bg-side-income/audio?lang=de")
    send(page, "und wenn ich unter 25 bin?")
    expect(page.locator("#chat-log li.bot").last.get_by_role("link")).to_have_attribute(
        "href", "/faq/bg-under-25?lang=de")
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert serious_violations(axe, page) == []


def test_arabic_conversation_right_to_left(page: Page, axe):
    page.goto("/chat?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    send(page, "بلدي صاحب البيت رفع الايجار")
    expect(page.locator("#chat-log li.bot").last.get_by_role("link")).to_have_attribute(
        "href", "/faq/bg-rent-heating?lang=ar")
    assert serious_violations(axe, page) == []


def test_ask_back_shows_suggestions(page: Page, monkeypatch):
    monkeypatch.setattr(chat, "ANSWER_THRESHOLD", 0.99)
    monkeypatch.setattr(chat, "ASK_BACK_THRESHOLD", 0.01)
    page.goto("/chat?lang=de")
    send(page, "miete")
    links = page.locator("#chat-log li.bot").last.locator("ul.results a")
    expect(links).to_have_count(3)


def test_handoff_form_after_asking_for_a_person(page: Page, axe):
    page.goto("/chat?lang=en")
    expect(page.locator("#handoff")).to_be_hidden()
    send(page, "i want to talk to a real person please")
    expect(page.locator("#handoff")).to_be_visible()
    page.get_by_label("Phone number or e-mail address").fill("+49 171 2345678")
    page.get_by_label("When is the best time to reach you?").fill("mornings")
    page.get_by_role("button", name="Request a call-back").click()
    expect(page.locator("#chat-log li.bot").last).to_contain_text("A member of staff will contact you")
    assert serious_violations(axe, page) == []


def test_chat_works_with_javascript_switched_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/chat?lang=fa")
    page.locator("#message").fill("حساب بانکی ندارم چطور باز کنم")
    page.locator("#chat-form button").click()
    expect(page.locator("#chat-log li.me")).to_contain_text("حساب بانکی")
    expect(page.locator("#chat-log li.bot").last.get_by_role("link")).to_have_attribute(
        "href", "/faq/asyl-bank-account?lang=fa")
    context.close()
