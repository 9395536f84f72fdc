"""Letters in real Chromium: the consent switch, staff send, the citizen opens, staff see when."""

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import serious_violations, sign_in


def test_staff_send_citizen_opens_and_staff_see_the_opened_time(browser: Browser, live_server, axe,
                                                               running_pump):
    citizen = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740}).new_page()
    sign_in(citizen, "anna@example.org")
    citizen.goto("/my/letters?lang=de")
    citizen.get_by_label("Digital im Portal, mit E-Mail-Hinweis").check()
    citizen.get_by_role("button", name="Speichern").click()
    expect(citizen.get_by_role("status")).to_contain_text("gespeichert")
    assert serious_violations(axe, citizen) == []

    staff = browser.new_context(base_url=live_server).new_page()
    sign_in(staff, "staff@example.org")
    staff.goto("/staff/letters/new?lang=de&template=unterlagen-anfordern")
    staff.get_by_label("E-Mail-Adresse der Bürgerin oder des Bürgers").fill("anna@example.org")
    staff.get_by_label("name", exact=True).fill("Anna Beispiel")
    staff.get_by_label("unterlagen", exact=True).fill("Kontoauszüge Oktober")
    staff.get_by_label("frist", exact=True).fill("15.12.2026")
    staff.get_by_label("Kurzfassung in dieser Sprache").select_option("ar")
    staff.get_by_role("button", name="Brief senden").click()
    letter_url = staff.url
    for _ in range(40):  # the worker delivers in the background
        staff.goto(letter_url)
        if staff.locator("#letter-status").inner_text() == "Zugestellt":
            break
        staff.wait_for_timeout(250)
    expect(staff.locator("#letter-status")).to_have_text("Zugestellt")
    expect(staff.locator("#letter-opened")).to_have_text("–")
    assert serious_violations(axe, staff) == []

    citizen.goto("/my/letters?lang=de")
    newest = citizen.locator("#mailbox li").first
    expect(newest.locator(".badge")).to_have_text("Neu")
    newest.get_by_role("link", name="Bitte reichen Sie Unterlagen ein").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Bitte reichen Sie Unterlagen ein")
    expect(citizen.get_by_text("gilt am")).to_be_visible()
    citizen.goto("/my/letters?lang=de")
    expect(citizen.locator("#mailbox li").first.locator(".badge")).to_have_count(0)

    staff.goto(letter_url)
    expect(staff.locator("#letter-opened")).not_to_have_text("–")


def test_consent_switch_back_to_paper(page: Page):
    sign_in(page, "bilal@example.org")
    page.goto("/my/letters?lang=de")
    page.get_by_label("Auf Papier per Post").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_label("Auf Papier per Post")).to_be_checked()
