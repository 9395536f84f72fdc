"""Online applications: drafts, validation per field in the citizen's language, branching, idempotent
submission with reference, receipt and confirmation letter, withdrawal, staff review with locking."""

import hashlib
import re
import threading

import pytest
import requests

from chalicelib.models.application import Application
from chalicelib.models.letter import Letter
from chalicelib.services.forms import check_forms
from tests.conftest import bearer

VALID = {
    "applicant": {"first_name": "Anna", "last_name": "Müller-Lüdenscheidt", "birth_date": "1990-05-17",
                  "nationality": "deutsch", "phone": "", "email": "anna@example.org"},
    "address": {"street": "Lindenweg 3", "postcode": "12345", "city": "Musterstadt"},
    "household": [{"person_first_name": "Yusuf", "person_last_name": "Müller", "person_birth_date": "2019-02-01",
                   "relation": "child"}],
    "housing": {"rent": "450", "service_charges": "120.50", "heating": "80", "heating_in_rent": False},
    "income": {"has_income": True},
    "income_details": [{"income_person": "Anna Müller", "income_kind": "minijob", "income_amount": "520"}],
    "assets": {"has_assets": False},
    "bank": {"account_holder": "Anna Müller", "iban": "DE89 3704 0044 0532 0130 00"},
    "health": {"insurance_kind": "statutory", "insurer": "AOK"},
}


def test_every_form_definition_passes_the_content_check():
    assert check_forms() == []


def new(client, token, form_id="erstantrag"):
    response = client.post("/api/applications", headers=bearer(token), json_body={"form_id": form_id})
    assert response.status == 201, response.text
    return response.json()


def save(client, token, application_id, answers, lang="de"):
    return client.request("PUT", f"/api/applications/{application_id}?lang={lang}", headers=bearer(token),
                          json_body={"answers": answers})


def test_forms_are_listed_and_served_in_each_language(client):
    assert {f["id"] for f in client.get("/api/forms?lang=ar").json()["items"]} == {
        "erstantrag", "weiterbewilligung", "veraenderungsmitteilung"}
    form = client.get("/api/forms/erstantrag?lang=fa").json()
    assert form["lang"] == "fa" and form["pages"][0]["id"] == "applicant"
    assert client.get("/api/forms/steuererklaerung").status == 404


def test_a_draft_is_saved_and_expires_thirty_days_after_the_last_change(client, tokens):
    draft = new(client, tokens["anna"])
    assert draft["status"] == "draft" and draft["expires_at"]
    saved = save(client, tokens["anna"], draft["id"], {"applicant": VALID["applicant"]})
    assert saved.status == 200 and saved.json()["answers"]["applicant"]["first_name"] == "Anna"
    record = Application.get(draft["id"])
    assert (record.expires_at - record.created_at).days in (29, 30)


@pytest.mark.parametrize("lang,phrase", [("de", "IBAN ist nicht gültig"), ("en", "IBAN is not valid")])
def test_invalid_answers_answer_422_with_a_message_per_field_in_the_language(client, tokens, lang, phrase):
    draft = new(client, tokens["anna"])
    response = save(client, tokens["anna"], draft["id"], {
        "bank": {"account_holder": "Anna", "iban": "DE00 1234"},
        "housing": {"rent": "-5"}, "applicant": {"birth_date": "2999-01-01", "first_name": "<b>Anna</b>"}}, lang)
    assert response.status == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert phrase in errors["bank.iban"]
    assert {"housing.rent", "applicant.birth_date", "applicant.first_name"} <= set(errors)
    assert Application.get(draft["id"]).answers_json == "{}"  # nothing stored


@pytest.mark.parametrize("field", ["status", "owner", "reference", "version"])
def test_fields_the_server_owns_answer_400_and_nothing_is_stored(client, tokens, field):
    draft = new(client, tokens["anna"])
    response = client.request("PUT", f"/api/applications/{draft['id']}", headers=bearer(tokens["anna"]),
                              json_body={"answers": {}, field: "x"})
    assert response.status == 400
    assert Application.get(draft["id"]).status == "draft"


def test_branches_ask_only_what_applies_and_drop_the_rest(client, tokens):
    draft = new(client, tokens["anna"], "veraenderungsmitteilung")
    answers = {"kinds": {"kinds": ["address"]}, "address": {"new_street": "Am Markt 1", "new_postcode": "54321",
                                                              "new_city": "Neustadt", "moved_on": "2026-12-01"},
               "income": {"income_change": "job_ended", "since": "2026-10-01"}}
    body = save(client, tokens["anna"], draft["id"], answers).json()
    assert "income" not in body["answers"]  # not reported: not kept
    submitted = client.post(f"/api/applications/{draft['id']}/submit", headers=bearer(tokens["anna"]))
    assert submitted.status == 200, submitted.text


def test_submitting_an_incomplete_application_lists_what_is_missing(client, tokens):
    draft = new(client, tokens["anna"])
    save(client, tokens["anna"], draft["id"], {"applicant": VALID["applicant"]})
    response = client.post(f"/api/applications/{draft['id']}/submit", headers=bearer(tokens["anna"]))
    assert response.status == 422
    assert "bank.iban" in {e["field"] for e in response.json()["errors"]}


@pytest.fixture(scope="module")
def pump(stack_env, aws_endpoint):
    from local.pump import EventPump
    from local.runner import pump_routes

    return EventPump(pump_routes(stack_env), aws_endpoint)


def test_submission_gives_a_reference_a_receipt_and_a_confirmation_letter(client, tokens, pump):
    draft = new(client, tokens["anna"])
    assert save(client, tokens["anna"], draft["id"], VALID).status == 200
    pump.drain()  # earlier tests' events first, so that the count below is this submission's
    before = Letter.count()
    response = client.post(f"/api/applications/{draft['id']}/submit?lang=ar", headers=bearer(tokens["anna"]))
    assert response.status == 200, response.text
    receipt = response.json()
    assert re.fullmatch(r"KJC-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", receipt["reference"])
    record = Application.get(draft["id"])
    assert record.status == "submitted" and record.expires_at is None
    pump.drain()  # the receipt and the confirmation letter are made by functions/application_events
    pump.drain()  # a replay makes nothing twice
    shown = client.get(f"/api/applications/{draft['id']}", headers=bearer(tokens["anna"])).json()
    pdf = requests.get(shown["receipt_url"], timeout=10).content
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert Letter.count() == before + 1  # the confirmation letter, queued for the mail dispatch
    confirmation = Letter.get("let_" + hashlib.sha256(draft["id"].encode()).hexdigest()[:16])
    assert confirmation.template == "eingangsbestaetigung" and receipt["reference"] in confirmation.values_json


def test_a_double_click_or_retry_creates_one_submission_with_the_same_answer(client, tokens, pump):
    draft = new(client, tokens["anna"])
    save(client, tokens["anna"], draft["id"], VALID)
    pump.drain()
    before = Letter.count()
    headers = {**bearer(tokens["anna"]), "idempotency-key": "click-1234567890"}
    results = []

    def click():
        results.append(client.post(f"/api/applications/{draft['id']}/submit", headers=headers))

    threads = [threading.Thread(target=click) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = [r.json() for r in results if r.status == 200]
    assert ok and all(r["reference"] == ok[0]["reference"] for r in ok)
    again = client.post(f"/api/applications/{draft['id']}/submit", headers=headers).json()
    assert again["reference"] == ok[0]["reference"]
    pump.drain()
    assert Letter.count() == before + 1


def test_another_citizens_application_answers_404(client, tokens):
    draft = new(client, tokens["anna"])
    for method, path in (("GET", ""), ("PUT", ""), ("POST", "/submit"), ("POST", "/withdraw")):
        response = client.request(method, f"/api/applications/{draft['id']}{path}", headers=bearer(tokens["bilal"]),
                                  json_body={"answers": {}} if method == "PUT" else None)
        assert response.status == 404


def test_withdraw_and_staff_review_with_optimistic_locking(client, tokens):
    draft = new(client, tokens["bilal"])
    save(client, tokens["bilal"], draft["id"], VALID)
    client.post(f"/api/applications/{draft['id']}/submit", headers=bearer(tokens["bilal"]))
    listing = client.get("/api/staff/applications?status=submitted&limit=100", headers=bearer(tokens["staff"])).json()
    assert draft["id"] in [a["id"] for a in listing["items"]]
    seen = client.get(f"/api/staff/applications/{draft['id']}", headers=bearer(tokens["staff"])).json()
    first = client.request("PATCH", f"/api/staff/applications/{draft['id']}", headers=bearer(tokens["staff"]),
                           json_body={"status": "in_review", "version": seen["version"]})
    second = client.request("PATCH", f"/api/staff/applications/{draft['id']}", headers=bearer(tokens["staff"]),
                            json_body={"status": "decided", "version": seen["version"]})
    assert (first.status, second.status) == (200, 409)
    assert Application.get(draft["id"]).status == "in_review"
    assert client.post(f"/api/applications/{draft['id']}/withdraw", headers=bearer(tokens["bilal"])).status == 200
    assert client.get("/api/staff/applications", headers=bearer(tokens["anna"])).status == 403
