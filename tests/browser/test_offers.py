"""Offers in real Chromium on a small phone: filter the list, register interest on the offer's page, open
the confirmation link from the (local) e-mail, confirm with the button, see the result; errors in Arabic."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_violations

LINK = re.compile(r"https?://\S+/offers/confirm/[A-Za-z0-9_-]{43}\?lang=\w+")


@pytest.fixture(autouse=True)
def own_client_address(monkeypatch):
    """This browser is its own client for the per-address rate limit (as API Gateway's sourceIp would be)."""
    from chalice.local import LambdaEventConverter

    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", f"192.0.2.{uuid.uuid4().int % 250 + 1}")


def fits_a_phone(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def confirmation_link(aws_endpoint: str, address: str, timeout: float = 15.0) -> str:
    from local.outbox import sent_messages

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # the worker sends in the background
        mails = [m for m in sent_messages(aws_endpoint) if address in m["destinations"]["ToAddresses"]]
        if mails:
            link = LINK.search(mails[-1]["body"])
            assert link, mails[-1]["body"]
            return link.group(0)
        time.sleep(0.25)
    raise AssertionError(f"no e-mail to {address} in the outbox")


def test_register_interest_and_confirm_through_the_emailed_link(page: Page, axe, aws_endpoint, running_pump):
    page.goto("/?lang=de")
    page.get_by_role("navigation", name="Hauptmenü").get_by_role("link", name="Angebote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote und Mitmachen")
    assert fits_a_phone(page), "the list scrolls sideways on a phone"
    assert serious_violations(axe, page) == []

    page.get_by_label("Art des Angebots").select_option(label="Mitmachen")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.locator("#offers li")).to_have_count(1)
    page.get_by_role("link", name="Bürgerwerkstatt: Wie soll die Website des Jobcenters werden?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bürgerwerkstatt")
    expect(page.get_by_text("90 Tage nach dem Ende des Angebots")).to_be_visible()
    assert fits_a_phone(page)
    assert serious_violations(axe, page) == []

    address = f"browser-{uuid.uuid4().hex[:10]}@example.org"
    page.get_by_label("Ihr Name").fill("Lena Beispiel")
    page.get_by_label("E-Mail-Adresse oder Telefonnummer").fill(address)
    page.get_by_label("Nachricht (freiwillig)").fill("Ich mache gern online mit.")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Interesse anmelden").click()
    expect(page.get_by_role("status").filter(has_text="Fast geschafft")).to_be_visible()
    assert serious_violations(axe, page) == []

    page.goto(confirmation_link(aws_endpoint, address))
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung bestätigen")
    expect(page.get_by_text("Bürgerwerkstatt")).to_be_visible()
    assert fits_a_phone(page)
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Jetzt bestätigen").click()
    expect(page.locator("#confirm-result")).to_have_text("Sie sind angemeldet. Wir melden uns bei Ihnen.")
    assert serious_violations(axe, page) == []


def test_the_form_shows_errors_per_field_in_arabic_right_to_left(page: Page, axe):
    page.goto("/offers/digital-fit-online?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اسمك").fill("<b>ليلى</b>")
    page.get_by_label("البريد الإلكتروني أو رقم الهاتف").fill("ليس عنوانًا")
    page.get_by_role("button", name="تسجيل الاهتمام").click()
    expect(page.get_by_role("alert")).to_contain_text("يرجى التحقق")
    expect(page.locator("#contact-error")).to_be_visible()
    expect(page.locator("#consent-error")).to_be_visible()
    expect(page.get_by_label("اسمك")).to_have_value("<b>ليلى</b>")  # kept as text, not as markup
    expect(page.locator("#contact")).to_have_attribute("aria-invalid", "true")
    assert fits_a_phone(page)
    assert serious_violations(axe, page) == []


@pytest.mark.parametrize("lang", ["en", "fa", "ur", "ti"])
def test_the_list_in_other_languages_fits_a_phone_and_is_accessible(page: Page, axe, lang):
    page.goto(f"/offers?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#offers li").first).to_be_visible()
    assert fits_a_phone(page)
    assert serious_violations(axe, page) == []
