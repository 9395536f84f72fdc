"""A full first application in real Chromium, in German and in Arabic (right to left): add another
person, a branch, check your answers, submit, the receipt; and a draft continued after signing out."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_violations, sign_in


def fill_page(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        target = page.locator(f"[name='{name}']")
        kind = target.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            page.locator(f"[name='{name}'][value='{value}']").check()
        else:
            target.fill(value)


def next_page(page: Page) -> None:
    page.locator("button[value='next']").click()


def first_application(page: Page, lang: str) -> None:
    page.goto(f"/my/applications?lang={lang}")
    page.locator("form.tile").filter(has=page.locator("input[value='erstantrag']")).locator("button").click()
    fill_page(page, {"f.first_name": "Anna", "f.last_name": "Müller", "f.birth_date": "1990-05-17",
                     "f.nationality": "syrisch"})
    next_page(page)
    fill_page(page, {"f.street": "Lindenweg 3", "f.postcode": "12345", "f.city": "Musterstadt"})
    next_page(page)
    page.locator("button[value='add']").click()  # add another person
    fill_page(page, {"e0.person_first_name": "Yusuf", "e0.person_last_name": "Müller",
                     "e0.person_birth_date": "2019-02-01", "e0.relation": "child"})
    next_page(page)
    fill_page(page, {"f.rent": "450", "f.service_charges": "120", "f.heating": "80", "f.heating_in_rent": "no"})
    next_page(page)
    fill_page(page, {"f.has_income": "yes"})  # the branch: income details follow
    next_page(page)
    fill_page(page, {"e0.income_person": "Anna Müller", "e0.income_kind": "minijob", "e0.income_amount": "520"})
    next_page(page)
    fill_page(page, {"f.has_assets": "no"})
    next_page(page)


def finish(page: Page, axe) -> str:
    fill_page(page, {"f.account_holder": "Anna Müller", "f.iban": "DE89370400440532013000"})
    next_page(page)
    fill_page(page, {"f.insurance_kind": "statutory", "f.insurer": "AOK"})
    next_page(page)
    expect(page.locator("dl").filter(has_text="Yusuf")).to_be_visible()
    assert serious_violations(axe, page) == []
    page.locator("input[name='declaration']").check()
    page.locator("input[name='submit_token'] ~ button, form button[type='submit']").last.click()
    reference = page.locator("#reference")
    expect(reference).to_have_text(re.compile(r"KJC-[A-Z2-9]{4}-[A-Z2-9]{4}"))
    for _ in range(40):  # the receipt is made by the worker in the background
        if page.locator("a.tile").count():
            break
        page.wait_for_timeout(250)
        page.reload()
    with page.expect_download() as download:
        page.locator("a.tile").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    return reference.inner_text()


@pytest.mark.parametrize("lang,direction", [("de", "ltr"), ("ar", "rtl")])
def test_full_first_application(page: Page, axe, lang, direction, running_pump):
    sign_in(page, "anna@example.org")
    first_application(page, lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    finish(page, axe)


def test_a_wrong_iban_is_explained_next_to_the_field(page: Page):
    sign_in(page, "bilal@example.org")
    first_application(page, "de")
    fill_page(page, {"f.account_holder": "Bilal Beispiel", "f.iban": "DE00 1234 5678"})
    next_page(page)
    expect(page.locator("#f\\.iban-error")).to_contain_text("IBAN ist nicht gültig")
    expect(page.locator("#f\\.iban")).to_have_attribute("aria-describedby", re.compile(r"\bf\.iban-error\b"))


def test_a_draft_is_continued_after_signing_out(page: Page, axe, running_pump):
    sign_in(page, "bilal@example.org")
    first_application(page, "de")
    page.get_by_role("button", name="Abmelden").click()
    sign_in(page, "bilal@example.org")
    page.goto("/my/applications?lang=de")
    page.get_by_role("link", name="Weiter ausfüllen").first.click()
    expect(page.get_by_role("alert")).to_contain_text("fehlen")
    page.locator(".error a").first.click()
    finish(page, axe)
