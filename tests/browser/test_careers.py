"""The career pass in real Chromium at 360 px: an experience with a photo through S3 and the checks,
sharing with a counsellor and revoking it, the PDF portfolio, the assessor's one-time page."""

import secrets

import boto3
import pytest
from playwright.sync_api import Page, expect

from tests import fixtures
from tests.browser.conftest import serious_violations, sign_in


def _young_person(stack_env, aws_endpoint, birthdate: str) -> str:
    from local.resources import DEMO_PASSWORD

    email = f"lea-{secrets.token_hex(4)}@example.org"
    idp = boto3.client("cognito-idp", endpoint_url=aws_endpoint, region_name=stack_env["AWS_REGION"])
    pool = stack_env["COGNITO_USER_POOL_ID"]
    idp.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"},
        {"Name": "name", "Value": "Lea Beispiel"}, {"Name": "birthdate", "Value": birthdate}])
    idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=DEMO_PASSWORD, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="youth")
    return email


@pytest.fixture
def young_person(stack_env, aws_endpoint):
    """A fresh 19-year-old in the youth group, so that each test starts with an empty pass."""
    return _young_person(stack_env, aws_endpoint, "2007-05-20")


@pytest.fixture
def fifteen_year_old(stack_env, aws_endpoint):
    return _young_person(stack_env, aws_endpoint, "2011-09-01")


def switch_to(page: Page, email: str) -> None:
    page.goto("/my?lang=de")
    page.get_by_role("button", name="Abmelden").click()
    sign_in(page, email)


def add_experience(page: Page, kind: str, title: str, start: str) -> None:
    page.goto("/careers/experiences/new?lang=de")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Von").fill(start)
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_add_an_experience_with_a_photo(page: Page, axe, tmp_path, young_person, running_pump):
    sign_in(page, young_person)
    page.get_by_role("link", name="Mein Berufswahl-Pass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Berufswahl-Pass")
    assert serious_violations(axe, page) == []
    page.get_by_role("link", name="Meine Erfahrungen").click()
    page.get_by_role("link", name="Erfahrung hinzufügen").click()
    page.get_by_label("Praktikum", exact=True).check()
    page.get_by_label("Titel").fill("Praktikum in der Tischlerei")
    page.get_by_label("Wo?").fill("Tischlerei Holz & Co")
    page.get_by_label("Von").fill("2026-09-07")
    page.get_by_label("Bis").fill("2026-09-18")
    page.get_by_label("Was habe ich gemacht?").fill("Regale gebaut und geschliffen.")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktikum in der Tischlerei")
    page.get_by_label("Foto", exact=True).check()
    page.locator("input[name='kind'][value='image/jpeg']").check()
    page.get_by_role("button", name="Weiter").click()
    photo = tmp_path / "werkstatt.jpg"
    photo.write_bytes(fixtures.sample_jpeg())
    page.locator("#file").set_input_files(str(photo))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktikum in der Tischlerei")
    expect(page.get_by_role("status")).to_contain_text("wird jetzt geprüft")
    url = page.url.split("&uploaded")[0]
    for _ in range(30):
        page.goto(url)
        if page.locator("li[data-status='accepted']").count():
            break
        page.wait_for_timeout(300)
    expect(page.locator("li[data-status='accepted']")).to_contain_text("Foto")
    assert serious_violations(axe, page) == []


def test_a_bad_experience_shows_the_errors_and_stores_nothing(page: Page, young_person):
    sign_in(page, young_person)
    page.goto("/careers/experiences/new?lang=de")
    page.get_by_label("Titel").fill("Ferienjob")
    page.get_by_label("Von").fill("2026-08-10")
    page.get_by_label("Bis").fill("2026-08-01")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".has-error")).to_contain_text("Das Ende liegt vor dem Anfang.")
    page.goto("/careers/experiences?lang=de")
    expect(page.locator("ul.documents")).to_contain_text("Noch keine Erfahrung")


def test_share_with_a_counsellor_and_revoke(page: Page, axe, young_person):
    sign_in(page, young_person)
    page.goto("/careers/share?lang=de")
    page.get_by_label("Dienstliche E-Mail-Adresse der Beratung").fill("staff@example.org")
    page.get_by_role("button", name="Pass teilen").click()
    expect(page.locator("#shares")).to_contain_text("Sachbearbeitung Demo")
    assert serious_violations(axe, page) == []

    switch_to(page, "staff@example.org")
    page.goto("/staff/careers?lang=de")
    page.get_by_role("link", name="Lea Beispiel").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lea Beispiel")
    shared_url = page.url

    switch_to(page, young_person)
    page.goto("/careers/share?lang=de")
    page.get_by_role("button", name="Nicht mehr teilen").click()
    expect(page.get_by_role("status")).to_contain_text("Das Teilen ist beendet")
    expect(page.locator("#shares")).to_contain_text("mit niemandem")

    switch_to(page, "staff@example.org")
    response = page.goto(shared_url)
    assert response.status == 404


def test_download_the_pdf_portfolio(page: Page, young_person):
    sign_in(page, young_person)
    add_experience(page, "Ehrenamt", "Trainer im Fußballverein", "2025-04-01")
    page.goto("/careers?lang=de")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    assert download.value.suggested_filename == "career-pass.pdf"
    assert download.value.path().read_bytes()[:5] == b"%PDF-"


def test_an_assessor_adds_one_assessment_through_the_link(page: Page, axe, young_person):
    sign_in(page, young_person)
    page.goto("/careers/strengths?lang=de")
    page.get_by_label("Wer soll mich einschätzen?").select_option("teacher")
    page.get_by_role("button", name="Link erstellen").click()
    link = page.get_by_label("Link zum Kopieren").input_value()
    page.get_by_role("button", name="Abmelden").click()
    page.goto(link)
    expect(page.get_by_role("main")).to_contain_text("Lea bittet Sie")
    assert serious_violations(axe, page) == []
    page.get_by_label("Ihr Name (Lehrkraft)").fill("Frau Sommer")
    page.get_by_label("Was möchten Sie noch sagen?").fill("Arbeitet sehr sorgfältig.")
    page.get_by_role("button", name="Einschätzung senden").click()
    expect(page.get_by_role("status")).to_contain_text("Vielen Dank")
    assert page.goto(link).status == 404  # once only


def test_under_16_a_parent_consents_through_the_mailed_link(page: Page, axe, fifteen_year_old, aws_endpoint,
                                                            running_pump):
    import re
    from urllib.parse import urlsplit

    from local.outbox import sent_messages

    sign_in(page, fifteen_year_old)
    page.goto("/careers?lang=de")
    expect(page.get_by_role("heading", level=2)).to_have_text("Erst brauchen wir die Zustimmung Ihrer Eltern")
    expect(page.get_by_role("link", name="Meine Erfahrungen")).to_have_count(0)
    page.goto("/careers/experiences?lang=de")  # every page of the pass leads back to the consent
    expect(page.get_by_role("heading", level=2)).to_have_text("Erst brauchen wir die Zustimmung Ihrer Eltern")
    mother = f"mutter-{secrets.token_hex(3)}@example.org"
    page.get_by_label("Name von Mutter, Vater oder Vormund").fill("Eva Beispiel")
    page.get_by_label("E-Mail-Adresse von Mutter, Vater oder Vormund").fill(mother)
    page.get_by_role("button", name="E-Mail an meine Eltern senden").click()
    expect(page.get_by_role("status")).to_contain_text("Die E-Mail ist unterwegs")
    assert serious_violations(axe, page) == []
    link = None
    for _ in range(40):
        mails = [m for m in sent_messages(aws_endpoint) if m["destinations"]["ToAddresses"] == [mother]]
        if mails:
            link = re.search(r"https?://\S+/careers/consent/\S+", mails[0]["body"]).group(0)
            break
        page.wait_for_timeout(250)
    assert link, "no consent e-mail in the outbox"
    page.goto("/my?lang=de")
    page.get_by_role("button", name="Abmelden").click()  # the parent's link needs no account
    address = urlsplit(link)
    page.goto(f"{address.path}?{address.query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Für Eltern – der Berufswahl-Pass")
    assert serious_violations(axe, page) == []
    page.get_by_label("Ihr Name").fill("Eva Beispiel")
    page.get_by_role("button", name="Zustimmung geben").click()
    expect(page.locator(".has-error")).to_contain_text("Bitte setzen Sie den Haken")
    page.get_by_label("Ich bin erziehungsberechtigt").check()
    page.get_by_role("button", name="Zustimmung geben").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Zustimmung ist gespeichert")
    sign_in(page, fifteen_year_old)
    page.goto("/careers?lang=de")
    expect(page.get_by_role("link", name="Meine Erfahrungen")).to_be_visible()


def test_delete_the_pass_after_confirming(page: Page, young_person):
    sign_in(page, young_person)
    add_experience(page, "Kurs", "Erste-Hilfe-Kurs", "2026-10-10")
    page.goto("/careers?lang=de")
    page.get_by_text("Meinen Pass löschen").click()
    page.get_by_role("button", name="Pass löschen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte setzen Sie den Haken")
    page.get_by_label("Ja, ich möchte meinen Pass endgültig löschen.").check()
    page.get_by_role("button", name="Pass löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Pass ist gelöscht")
    page.goto("/careers/experiences?lang=de")
    expect(page.locator("ul.documents")).to_contain_text("Noch keine Erfahrung")
