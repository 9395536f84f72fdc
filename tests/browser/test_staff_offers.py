"""Staff follow an offer's registrations in real Chromium on a small phone: the offers with their places,
the registrations of one offer, marking one contacted and downloading the CSV."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_violations, sign_in

OFFER = "wiedereinstieg-familienzeit"   # used by no other test: the new registration is on the first page


def fits_a_phone(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture(autouse=True)
def own_client_address(monkeypatch):
    """This test is its own client for the per-address rate limit (as API Gateway's sourceIp would be)."""
    from chalice.local import LambdaEventConverter

    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", f"203.0.113.{uuid.uuid4().int % 250 + 1}")


def register_by_phone(client, name: str) -> None:
    """A phone registration counts at once (no e-mail to confirm)."""
    phone = f"0171 {uuid.uuid4().int % 10**7:07d}"
    response = client.post(f"/api/offers/{OFFER}/interest?lang=de", json_body={
        "name": name, "contact": phone, "preferred_lang": "ar", "message": "Bitte nachmittags anrufen.",
        "consent": True})
    assert response.status == 202, response.text
    assert response.json()["status"] in ("confirmed", "waiting_list")


def test_staff_open_registrations_mark_one_contacted_and_export_them(page: Page, axe, client):
    name = f"Samira Test {uuid.uuid4().hex[:6]}"
    register_by_phone(client, name)

    sign_in(page, "staff@example.org")
    page.get_by_role("link", name="Angebote: Anmeldungen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote: Anmeldungen")
    expect(page.get_by_role("table", name="Plätze je Angebot")).to_be_visible()
    assert fits_a_phone(page), "the table scrolls the page sideways on a phone"
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Zurück in den Beruf nach der Familienzeit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anmeldungen:")
    card = page.locator("#registrations li").filter(has=page.get_by_role("heading", name=name))
    expect(card).to_be_visible()
    expect(card).to_contain_text("Bitte nachmittags anrufen.")
    expect(card).to_contain_text("العربية")
    expect(card.locator(".contacted-at")).to_have_text("Noch nicht kontaktiert")
    assert fits_a_phone(page)
    assert serious_violations(axe, page) == []

    card.get_by_role("button", name="Als kontaktiert markieren").click()
    expect(page.get_by_role("status")).to_have_text("Die Anmeldung ist als kontaktiert markiert.")
    card = page.locator("#registrations li").filter(has=page.get_by_role("heading", name=name))
    expect(card.locator(".contacted-at")).to_have_text(re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$"))
    expect(card.get_by_role("button", name="Als kontaktiert markieren")).to_have_count(0)
    assert serious_violations(axe, page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV exportieren").click()
    download = info.value
    assert download.suggested_filename == f"anmeldungen-{OFFER}.csv"
    assert name in open(download.path(), encoding="utf-8-sig").read()
