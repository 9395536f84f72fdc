"""The portal in real Chromium: uploads straight to S3 through the page, processing by the event pump,
download, rejection with the reason, appointments with the iCalendar file."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests import fixtures
from tests.browser.conftest import serious_violations, sign_in
from tests.conftest import bearer


def upload_through_the_page(page: Page, tmp_path, category: str, kind: str, name: str, data: bytes) -> None:
    page.goto("/my/documents?lang=de")
    page.get_by_label("Was für eine Unterlage ist es?").select_option(category)
    page.locator(f"input[name='kind'][value='{kind}']").check()
    page.get_by_role("button", name="Weiter").click()
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("#file").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("status")).to_contain_text("wird jetzt geprüft")


def wait_for_status(page: Page, text: str) -> None:
    for _ in range(30):
        page.goto("/my/documents?lang=de")
        if page.locator("ul.documents li").first.get_by_text(text).count():
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"no document reached {text!r}")


def test_upload_a_pdf_and_a_photo_see_them_accepted_and_download_one(page: Page, axe, tmp_path, running_pump):
    sign_in(page, "bilal@example.org")
    upload_through_the_page(page, tmp_path, "payslip", "application/pdf", "lohn.pdf", fixtures.sample_pdf())
    wait_for_status(page, "In Ihrer Akte")
    upload_through_the_page(page, tmp_path, "sick_note", "image/png", "krankmeldung.png", fixtures.sample_png())
    wait_for_status(page, "In Ihrer Akte")
    assert serious_violations(axe, page) == []
    with page.expect_download() as download:
        page.locator("ul.documents li").first.get_by_role("link", name="Herunterladen").click()
    assert download.value.path().read_bytes() == fixtures.sample_png()


def test_a_renamed_executable_ends_rejected_with_the_reason(page: Page, tmp_path, running_pump):
    sign_in(page, "bilal@example.org")
    upload_through_the_page(page, tmp_path, "other", "application/pdf", "rechnung.pdf", fixtures.windows_executable())
    wait_for_status(page, "Abgelehnt")
    first = page.locator("ul.documents li").first
    expect(first).to_contain_text("kein erlaubtes PDF oder Foto")
    expect(first.get_by_role("link", name="Herunterladen")).to_have_count(0)


def test_appointments_next_first_with_calendar_file(page: Page, axe, client, tokens):
    anna = client.get("/api/staff/citizens?email=anna@example.org", headers=bearer(tokens["staff"])).json()["id"]
    start = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=1)).replace(hour=9, minute=15)
    created = client.post("/api/staff/appointments", headers=bearer(tokens["staff"]), json_body={
        "citizen_id": anna, "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "mode": "phone",
        "topic": "Rückruf zum Antrag", "interpreter_lang": "fa"})
    assert created.status == 201
    sign_in(page, "anna@example.org")
    page.goto("/my/appointments?lang=de")
    next_up = page.locator("section.next")
    expect(next_up).to_contain_text("Rückruf zum Antrag")
    expect(next_up).to_contain_text("09:15")
    assert serious_violations(axe, page) == []
    with page.expect_download() as download:
        next_up.get_by_role("link", name="In den Kalender übernehmen").click()
    assert b"BEGIN:VEVENT" in download.value.path().read_bytes()
