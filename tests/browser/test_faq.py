"""FAQ in real Chromium: an answer in each language with working audio, search, RTL, accessibility."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.usefixtures("published_faq")
LANGS = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "ur": "rtl", "ti": "ltr"}


@pytest.mark.parametrize("lang,direction", LANGS.items())
def test_answer_plays_aloud_in_each_language(page: Page, axe, lang, direction):
    page.goto(f"/faq?lang={lang}&group=buergergeld")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert serious_violations(axe, page) == []
    page.locator("a[href^='/faq/bg-apply?']").click()
    audio = page.locator("audio")
    expect(audio).to_have_attribute("src", f"/api/faq/bg-apply/audio?lang={lang}")
    assert serious_violations(axe, page) == []
    with page.expect_response(lambda r: r.request.resource_type == "media" and r.status in (200, 206)) as media:
        audio.evaluate("a => a.play().catch(() => null)")
    response = media.value
    assert response.headers["content-type"] == "audio/mpeg"
    page.wait_for_function("document.querySelector('audio').readyState >= 1", timeout=10_000)
    duration = audio.evaluate("a => a.duration")
    assert duration > 2, duration


def test_search_and_tell_that_nothing_matched(page: Page, axe):
    page.goto("/faq?lang=de")
    page.get_by_label("Wonach suchen Sie?").fill("Kaution Umzug")
    page.get_by_role("button", name="Suchen").click()
    first = page.locator("ol.results a").first
    expect(first).to_have_attribute("href", "/faq/bg-moving?lang=de")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Ich habe meine Antwort nicht gefunden").click()
    expect(page.get_by_role("status")).to_contain_text("Danke")


def test_feedback_on_an_answer_in_farsi(page: Page):
    page.goto("/faq/bg-renewal?lang=fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#feedback button[value='yes']").click()
    expect(page.locator("#feedback [role='status']")).to_be_visible()


def test_review_notice_is_shown_on_entries_awaiting_legal_review(page: Page):
    page.goto("/faq/bg-assets?lang=en")
    expect(page.get_by_role("note")).to_contain_text("2026")
