"""The web shell in real Chromium: languages, sign-in and sign-out, errors, accessibility."""

import pytest
from playwright.sync_api import Page, expect

from local.resources import DEMO_PASSWORD
from tests.browser.conftest import serious_violations

LANGS = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "ur": "rtl", "ti": "ltr"}


@pytest.mark.parametrize("lang,direction", LANGS.items())
def test_start_page_in_each_language_is_accessible(page: Page, axe, lang, direction):
    page.goto(f"/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "page scrolls sideways on a phone"
    assert serious_violations(axe, page) == []


def test_citizen_signs_in_and_out(page: Page, axe):
    page.goto("/login?lang=en")
    assert serious_violations(axe, page) == []
    page.get_by_label("E-mail address").fill("anna@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{page.url.split('/my')[0]}/my?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My area")
    expect(page.get_by_text("anna@example.org")).to_be_visible()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to the Kreisjobcenter")
    page.goto("/my?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_wrong_password_shows_an_error(page: Page, axe):
    page.goto("/login?lang=de")
    page.get_by_label("E-Mail-Adresse").fill("anna@example.org")
    page.get_by_label("Passwort").fill("Falsches-Passwort-1!")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Passwort stimmen nicht")
    assert serious_violations(axe, page) == []


def test_error_page_is_friendly_in_arabic(page: Page):
    response = page.goto("/nirgendwo?lang=ar")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Nicht gefunden")
    expect(page.locator("main a")).to_have_attribute("href", "/?lang=ar")


def test_tigrinya_pages_load_the_geez_web_font(page: Page):
    # Debian's Chromium here has no Ge'ez font at all, like some citizens' phones: the page brings one.
    page.goto("/?lang=ti")
    loaded = page.evaluate("document.fonts.ready.then(() => [...document.fonts].filter("
                           "f => f.family === 'Noto Sans Ethiopic' && f.status === 'loaded').length)")
    assert loaded == 1
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Ethiopic\"', 'ትግርኛ')")


def test_other_fonts_are_not_served(page: Page):
    assert page.request.get("/static/fonts/NotoSans-Regular.ttf").status == 404
    assert page.request.get("/static/fonts/..%2F..%2Fapp.py").status == 404
