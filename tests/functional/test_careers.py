"""Career pass API: who may use it, parents' consent, entries, assessments through one-time links,
sharing with a counsellor and revoking, documents, exports; bad input stores nothing."""

import io
import re
from datetime import date

import pytest
import requests
from pypdf import PdfReader

from chalicelib.models.career import CareerEntry, CareerLink, CareerPass, CareerShare
from chalicelib.services import careers
from tests.conftest import bearer

EXPERIENCE = {"kind": "internship", "title": "Praktikum in der Kfz-Werkstatt", "place": "Autohaus Muster",
              "start": "2026-03-02", "end": "2026-03-13", "did": "Reifen gewechselt", "learned": "Pünktlich sein"}


@pytest.fixture(scope="module")
def pump(stack_env, aws_endpoint):
    from local.pump import EventPump
    from local.runner import pump_routes

    return EventPump(pump_routes(stack_env), aws_endpoint)


def _subject(client, token):
    return client.get("/api/me", headers=bearer(token)).json()["subject"]


def _entries(owner, kind):
    return list(CareerEntry.query(owner, CareerEntry.entry_key.startswith(f"{kind}#")))


def _consented_jana(client, tokens, pump, aws_endpoint):
    """Jana (15) with her parents' consent, through the real e-mail link."""
    from local.outbox import sent_messages

    owner = _subject(client, tokens["jana"])
    if careers.get_pass(owner) and careers.get_pass(owner).consent == "given":
        return owner
    before = len(sent_messages(aws_endpoint))
    response = client.post("/api/careers/pass/consent-request", headers=bearer(tokens["jana"]),
                           json_body={"parent_name": "Petra Beispiel", "parent_email": "petra@example.org",
                                      "lang": "en"})
    assert response.status == 202, response.text
    pump.drain()
    mails = sent_messages(aws_endpoint)[before:]
    assert [m["destinations"]["ToAddresses"] for m in mails] == [["petra@example.org"]]
    assert "Jana" not in mails[0]["body"]  # no personal data of the child in the mail
    token = re.search(r"/careers/consent/([A-Za-z0-9_-]+)\?lang=en", mails[0]["body"]).group(1)
    response = client.post("/api/careers/consent", json_body={"token": token, "parent_name": "Petra Beispiel",
                                                             "agree": True})
    assert response.status == 200, response.text
    return owner


def test_citizens_without_the_youth_role_cannot_use_the_pass(client, tokens):
    response = client.get("/api/careers/pass", headers=bearer(tokens["anna"]))
    assert response.status == 403
    assert response.headers["Content-Type"] == "application/problem+json"


def test_an_adult_pass_starts_without_consent(client, tokens):
    response = client.get("/api/careers/pass", headers=bearer(tokens["tom"]))
    assert response.status == 200, response.text
    assert response.json()["consent"] == "not_needed"
    assert response.json()["birthdate"] == "2008-06-15"


def test_age_is_counted_in_whole_years_on_the_birthday():
    assert careers.age_on(date(2011, 3, 2), date(2027, 3, 1)) == 15
    assert careers.age_on(date(2011, 3, 2), date(2027, 3, 2)) == 16


def test_under_16_the_pass_is_closed_until_a_parent_consents(client, tokens, pump, aws_endpoint):
    owner = _subject(client, tokens["jana"])
    state = client.get("/api/careers/pass", headers=bearer(tokens["jana"])).json()["consent"]
    if state == "required":
        response = client.post("/api/careers/experiences", headers=bearer(tokens["jana"]), json_body=EXPERIENCE)
        assert response.status == 403
        assert "Eltern" in response.json()["detail"]
        assert _entries(owner, "experience") == []
    _consented_jana(client, tokens, pump, aws_endpoint)
    career_pass = CareerPass.get(owner)
    assert career_pass.consent == "given" and career_pass.consent_given_at is not None
    assert career_pass.consent_parent_email == "petra@example.org"
    response = client.post("/api/careers/experiences", headers=bearer(tokens["jana"]), json_body=EXPERIENCE)
    assert response.status == 201, response.text


def test_a_consent_link_works_once(client, tokens):
    owner = _subject(client, tokens["tom"])
    token = careers._new_link(owner, "consent", 7, "de")
    CareerPass.get(owner).update(actions=[CareerPass.consent.set("required")])
    try:
        body = {"token": token, "parent_name": "Max Beispiel", "agree": True}
        assert client.post("/api/careers/consent", json_body=body).status == 200
        again = client.post("/api/careers/consent", json_body=body)
        assert again.status == 404
        assert "benutzt" in again.json()["detail"]
    finally:
        CareerPass.get(owner).update(actions=[CareerPass.consent.set("not_needed")])


def test_consent_needs_the_tick_and_an_unknown_token_is_404(client, tokens):
    owner = _subject(client, tokens["tom"])
    token = careers._new_link(owner, "consent", 7, "de")
    response = client.post("/api/careers/consent", json_body={"token": token, "parent_name": "Max", "agree": False})
    assert response.status == 422
    assert CareerLink.get(careers._token_hash(token)).used_at is None
    response = client.post("/api/careers/consent", json_body={"token": "x" * 32, "parent_name": "Max", "agree": True})
    assert response.status == 404


def test_an_adult_cannot_ask_for_parental_consent(client, tokens):
    response = client.post("/api/careers/pass/consent-request", headers=bearer(tokens["tom"]),
                           json_body={"parent_name": "Max", "parent_email": "max@example.org"})
    assert response.status == 400


def test_experiences_are_added_changed_listed_and_deleted(client, tokens):
    headers = bearer(tokens["tom"])
    created = client.post("/api/careers/experiences", headers=headers, json_body=EXPERIENCE)
    assert created.status == 201, created.text
    entry_id = created.json()["id"]
    changed = client.request("PUT", f"/api/careers/experiences/{entry_id}", headers=headers,
                             json_body={**EXPERIENCE, "title": "Praktikum Kfz"})
    assert changed.status == 200 and changed.json()["title"] == "Praktikum Kfz"
    listed = client.get("/api/careers/experiences", headers=headers).json()["items"]
    assert entry_id in [item["id"] for item in listed]
    assert client.request("DELETE", f"/api/careers/experiences/{entry_id}", headers=headers).status == 204
    assert client.get(f"/api/careers/experiences/{entry_id}", headers=headers).status == 404


@pytest.mark.parametrize("change", [
    {"end": "2026-03-01"},                 # before the start
    {"title": "   "},                      # nothing visible
    {"title": "x" * 121},
    {"kind": "party"},
    {"start": "gestern"},
    {"did": "x" * 1001},
    {"unknown": "field"},
])
def test_bad_experiences_are_refused_and_nothing_is_stored(client, tokens, change):
    owner = _subject(client, tokens["tom"])
    before = len(_entries(owner, "experience"))
    response = client.post("/api/careers/experiences", headers=bearer(tokens["tom"]),
                           json_body={**EXPERIENCE, **change})
    assert response.status == 422, response.text
    assert response.json()["errors"]
    assert len(_entries(owner, "experience")) == before


def test_another_young_persons_entry_answers_404(client, tokens, pump, aws_endpoint):
    _consented_jana(client, tokens, pump, aws_endpoint)
    created = client.post("/api/careers/experiences", headers=bearer(tokens["tom"]), json_body=EXPERIENCE).json()
    for method in ("GET", "DELETE"):
        response = client.request(method, f"/api/careers/experiences/{created['id']}", headers=bearer(tokens["jana"]))
        assert response.status == 404
    assert client.get(f"/api/careers/experiences/{created['id']}", headers=bearer(tokens["tom"])).status == 200


def test_goals_with_steps_and_talks(client, tokens):
    headers = bearer(tokens["tom"])
    goal = client.post("/api/careers/goals", headers=headers, json_body={
        "title": "Ausbildung Pflege", "target": "2027-08-01",
        "steps": [{"title": "Bewerbung Klinikum", "kind": "application", "due": "2027-01-15"}]})
    assert goal.status == 201, goal.text
    assert goal.json()["steps"][0]["done"] is False
    talk = client.post("/api/careers/talks", headers=headers, json_body={
        "held_on": "2026-11-20", "with_whom": "Frau Berater", "agreed": "Zwei Bewerbungen bis Januar"})
    assert talk.status == 201, talk.text
    assert client.post("/api/careers/goals", headers=headers, json_body={
        "title": "Zu viele Schritte", "steps": [{"title": "s"}] * 21}).status == 422


def test_self_assessment_accepts_catalogue_strengths_only(client, tokens):
    headers = bearer(tokens["tom"])
    strength = careers.catalogue()["strengths"][0]["id"]
    interest = careers.catalogue()["interests"][0]["id"]
    saved = client.request("PUT", "/api/careers/strengths", headers=headers,
                           json_body={"levels": {strength: 3}, "interests": [interest]})
    assert saved.status == 200, saved.text
    assert saved.json()["strengths"] == {strength: 3}
    for bad in ({"levels": {"flying": 3}}, {"levels": {strength: 9}}, {"levels": {}, "interests": ["space"]}):
        response = client.request("PUT", "/api/careers/strengths", headers=headers, json_body=bad)
        assert response.status == 422, bad
    assert CareerPass.get(_subject(client, tokens["tom"])).strengths == {strength: 3}


def test_an_assessment_link_adds_exactly_one_assessment_and_reads_nothing(client, tokens):
    headers = bearer(tokens["tom"])
    link = client.post("/api/careers/assessment-links", headers=headers, json_body={"role": "teacher"})
    assert link.status == 201, link.text
    token = link.json()["url"].rsplit("/", 1)[1]
    strength = careers.catalogue()["strengths"][1]["id"]
    body = {"token": token, "assessor_name": "Frau Lehrer", "levels": {strength: 4}, "comment": "Sehr zuverlässig"}
    assert client.post("/api/careers/assessments", json_body={**body, "levels": {"nope": 1}}).status == 422
    added = client.post("/api/careers/assessments", json_body=body)
    assert added.status == 201, added.text
    assert added.json()["role"] == "teacher"
    assert client.post("/api/careers/assessments", json_body=body).status == 404  # used
    mine = client.get("/api/careers/assessments", headers=headers).json()["items"]
    assert added.json()["id"] in [item["id"] for item in mine]


def test_an_expired_assessment_link_is_refused(client, tokens):
    from datetime import UTC, datetime, timedelta

    owner = _subject(client, tokens["tom"])
    token = careers._new_link(owner, "assessment", 14, "de", role="parent")
    CareerLink.get(careers._token_hash(token)).update(
        actions=[CareerLink.expires_at.set(datetime.now(UTC) - timedelta(minutes=1))])
    response = client.post("/api/careers/assessments", json_body={"token": token, "assessor_name": "Max"})
    assert response.status == 404


def test_sharing_shows_the_pass_to_that_counsellor_only_until_revoked(client, tokens):
    headers = bearer(tokens["tom"])
    response = client.post("/api/careers/shares", headers=headers, json_body={"counsellor_email": "staff@example.org"})
    assert response.status == 201, response.text
    share_id = response.json()["id"]
    again = client.post("/api/careers/shares", headers=headers, json_body={"counsellor_email": "staff@example.org"})
    assert again.json()["id"] == share_id  # one share per counsellor
    listed = client.get("/api/staff/careers", headers=bearer(tokens["staff"])).json()["items"]
    assert share_id in [item["id"] for item in listed]
    view = client.get(f"/api/staff/careers/{share_id}", headers=bearer(tokens["staff"]))
    assert view.status == 200, view.text
    assert view.json()["name"] == "Tom Beispiel"
    assert client.get(f"/api/staff/careers/{share_id}", headers=bearer(tokens["anna"])).status == 403
    assert client.request("DELETE", f"/api/careers/shares/{share_id}", headers=bearer(tokens["jana"])).status == 404
    assert client.request("DELETE", f"/api/careers/shares/{share_id}", headers=headers).status == 204
    assert client.get(f"/api/staff/careers/{share_id}", headers=bearer(tokens["staff"])).status == 404
    assert share_id not in [i["id"] for i in client.get("/api/staff/careers", headers=bearer(tokens["staff"])).json()[
        "items"]]


def test_only_staff_can_be_chosen_as_counsellor(client, tokens):
    owner = _subject(client, tokens["tom"])
    before = len(list(CareerShare.by_owner.query(owner)))
    for email in ("anna@example.org", "nobody@example.org"):
        response = client.post("/api/careers/shares", headers=bearer(tokens["tom"]),
                               json_body={"counsellor_email": email})
        assert response.status == 422
    assert len(list(CareerShare.by_owner.query(owner))) == before


def test_upload_ticket_for_a_photo_of_an_experience(client, tokens):
    headers = bearer(tokens["tom"])
    entry = client.post("/api/careers/experiences", headers=headers, json_body=EXPERIENCE).json()
    ticket = client.post("/api/careers/documents/uploads", headers=headers, json_body={
        "filename": "werkstatt.jpg", "content_type": "image/jpeg", "size": 1000, "category": "photo",
        "experience_id": entry["id"]})
    assert ticket.status == 201, ticket.text
    documents = client.get("/api/careers/documents", headers=headers).json()["items"]
    mine = [d for d in documents if d["id"] == ticket.json()["document_id"]]
    assert mine and mine[0]["experience_id"] == entry["id"] and mine[0]["status"] == "pending"
    foreign = client.post("/api/careers/documents/uploads", headers=bearer(tokens["jana"]), json_body={
        "filename": "x.jpg", "content_type": "image/jpeg", "size": 1000, "category": "photo",
        "experience_id": entry["id"]})
    assert foreign.status in (403, 404)


def test_exports_hold_everything_and_the_pdf_is_a_pdf(client, tokens):
    headers = bearer(tokens["tom"])
    client.post("/api/careers/experiences", headers=headers, json_body={**EXPERIENCE, "title": "Ehrenamt Tafel",
                                                                        "kind": "volunteering"})
    data = client.get("/api/careers/export", headers=headers)
    assert data.status == 200
    assert "Ehrenamt Tafel" in [e["title"] for e in data.json()["experiences"]]
    assert data.json()["birthdate"] == "2008-06-15"
    link = client.get("/api/careers/export/pdf?lang=ar", headers=headers)
    assert link.status == 200, link.text
    pdf = requests.get(link.json()["url"], timeout=10)
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ehrenamt Tafel" in text


@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "ur", "ti"])
def test_the_parents_page_explains_the_pass_in_every_language(client, lang):
    from chalicelib.i18n import translate

    response = client.get(f"/careers/parents?lang={lang}")
    assert response.status == 200
    assert translate(lang, "careers.parents.title") in response.text
    assert 'type="checkbox"' not in response.text  # no consent form without a link


@pytest.mark.parametrize("path", ["/careers/consent/unknown-token-123456", "/careers/assess/unknown-token-123456"])
def test_a_dead_link_answers_a_friendly_404_page(client, path):
    response = client.get(f"{path}?lang=de")
    assert response.status == 404
    assert "Dieser Link gilt nicht mehr" in response.text
    assert "unknown-token" not in response.text  # the token is not reflected


def test_deleting_the_pass_erases_entries_shares_and_files_and_kills_open_links(client, tokens, stack_env,
                                                                               aws_endpoint):
    import boto3

    from chalicelib.models.document import Document

    email = "nina-delete@example.org"
    idp = boto3.client("cognito-idp", endpoint_url=aws_endpoint, region_name=stack_env["AWS_REGION"])
    pool = stack_env["COGNITO_USER_POOL_ID"]
    from local.resources import DEMO_PASSWORD

    idp.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": email}, {"Name": "name", "Value": "Nina Beispiel"},
        {"Name": "birthdate", "Value": "2006-01-31"}])
    idp.admin_set_user_password(UserPoolId=pool, Username=email, Password=DEMO_PASSWORD, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="youth")
    token = client.post("/api/auth/login", json_body={"username": email, "password": DEMO_PASSWORD}).json()[
        "access_token"]
    headers = bearer(token)
    owner = _subject(client, token)
    entry = client.post("/api/careers/experiences", headers=headers, json_body=EXPERIENCE).json()
    ticket = client.post("/api/careers/documents/uploads", headers=headers, json_body={
        "filename": "foto.png", "content_type": "image/png", "size": 10, "category": "photo",
        "experience_id": entry["id"]}).json()
    client.post("/api/careers/shares", headers=headers, json_body={"counsellor_email": "staff@example.org"})
    link = client.post("/api/careers/assessment-links", headers=headers, json_body={"role": "parent"}).json()

    assert client.request("DELETE", "/api/careers/pass", headers=headers).status == 204
    assert careers.get_pass(owner) is None
    assert list(CareerEntry.query(owner)) == []
    assert list(CareerShare.by_owner.query(owner)) == []
    assert Document.count(ticket["document_id"]) == 0
    added = client.post("/api/careers/assessments", json_body={"token": link["url"].rsplit("/", 1)[1],
                                                               "assessor_name": "Mama"})
    assert added.status == 404
    assert list(CareerEntry.query(owner)) == []
    assert client.request("DELETE", "/api/careers/pass", headers=headers).status == 404


def test_a_pass_waiting_for_consent_opens_on_the_16th_birthday(client, tokens):
    owner = _subject(client, tokens["tom"])
    career_pass = CareerPass.get(owner)
    career_pass.update(actions=[CareerPass.consent.set("required")])
    # Tom is 18: the pass was waiting when he was 15; today no consent is needed any more.
    assert careers.start_pass(owner).consent == "not_needed"
    assert CareerPass.get(owner).consent == "not_needed"
    assert client.get("/api/careers/experiences", headers=bearer(tokens["tom"])).status == 200
    young = CareerPass.get(owner)
    young.update(actions=[CareerPass.birthdate.set("2011-03-02"), CareerPass.consent.set("required")])
    try:
        assert client.get("/api/careers/experiences", headers=bearer(tokens["tom"])).status == 403
    finally:
        CareerPass.get(owner).update(actions=[CareerPass.birthdate.set("2008-06-15"),
                                              CareerPass.consent.set("not_needed")])


def test_field_messages_are_in_the_callers_language(client, tokens):
    response = client.post("/api/careers/shares?lang=en", headers=bearer(tokens["tom"]),
                           json_body={"counsellor_email": "nobody@example.org"})
    assert response.status == 422
    assert response.json()["errors"] == [{"field": "counsellor_email", "message":
                                          "There is no counsellor at the job centre with this address. "
                                          "Please check the address."}]


def test_a_model_rule_names_its_own_message_in_the_api_too(client, tokens):
    response = client.post("/api/careers/experiences", headers=bearer(tokens["tom"]),
                           json_body={**EXPERIENCE, "end": "2026-03-01"})
    assert response.status == 422
    assert response.json()["errors"] == [{"field": "body", "message": "Das Ende liegt vor dem Anfang."}]
