"""Offers: list and detail, registering interest (double opt-in by e-mail, phone at once, one registration
per person, waiting list), expiry, rate limits, bad input, and the staff views with CSV export."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools
import re
import threading
from urllib.parse import urlencode

import pytest

from chalicelib import auth
from chalicelib.models.offer import OfferRegistration
from chalicelib.services import audit, offer_interest, offers
from tests.conftest import bearer

ADDRESSES = (f"198.51.100.{n}" for n in itertools.count(1))
LINK = re.compile(r"/offers/confirm/([A-Za-z0-9_-]{43})\?lang=(\w+)")
UPCOMING = "buergerwerkstatt-website"      # capacity 20, all six languages
UNLIMITED = "sprechstunde-gefluechtete"    # no capacity limit
FINISHED = "bewerbungscafe-sommer-2026"


@pytest.fixture(autouse=True)
def client_address(monkeypatch):
    """Each test is its own client (API Gateway's sourceIp), so that rate limits of one test do not
    spill into the next."""
    from chalice.local import LambdaEventConverter

    address = next(ADDRESSES)
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", address)
    return address


@pytest.fixture(scope="module")
def pump(stack_env, aws_endpoint):
    from local.pump import EventPump
    from local.runner import pump_routes

    return EventPump(pump_routes(stack_env), aws_endpoint)


@pytest.fixture
def capacity(monkeypatch):
    """Set an offer's capacity for one test: the places already taken plus `free`."""

    def set_free(offer_id: str, free: int) -> int:
        offer = offers.get(offer_id)
        total = offer_interest.places_taken(offer_id) + free
        monkeypatch.setitem(offers.catalogue(), offer_id, dataclasses.replace(offer, capacity=total))
        return total

    return set_free


_emails = (f"person{n}@example.org" for n in itertools.count(1))
_phones = (f"0171 55{n:05d}" for n in itertools.count(1))


def new_email() -> str:
    return next(_emails)


def new_phone() -> str:
    return next(_phones)


def interest(contact: str, **extra) -> dict:
    return {"name": "Lena Beispiel", "contact": contact, "consent": True, **extra}


def register(client, offer_id: str, body: dict, lang: str = "de"):
    return client.post(f"/api/offers/{offer_id}/interest?lang={lang}", json_body=body)


def stored(offer_id: str) -> list[OfferRegistration]:
    return list(OfferRegistration.query(offer_id, consistent_read=True))


def item_for(offer_id: str, contact: str) -> OfferRegistration:
    _, key = offer_interest.contact_key(contact)
    return OfferRegistration.get(offer_id, key, consistent_read=True)


def mails_to(aws_endpoint: str, address: str) -> list[dict]:
    from local.outbox import sent_messages

    return [m for m in sent_messages(aws_endpoint) if address in m["destinations"]["ToAddresses"]]


def confirmation_token(aws_endpoint: str, address: str) -> str:
    link = LINK.search(mails_to(aws_endpoint, address)[-1]["body"])
    assert link, "the e-mail carries no confirmation link"
    return link.group(1)


def register_and_mail(client, pump, aws_endpoint, offer_id: str, email: str) -> str:
    response = register(client, offer_id, interest(email))
    assert response.status == 202, response.text
    pump.drain()
    return confirmation_token(aws_endpoint, email)


def confirm(client, token: str):
    return client.post("/api/offers/confirmations", json_body={"token": token})


# -- list and detail --------------------------------------------------------------------------------------


def test_list_shows_every_offer_in_the_asked_language_with_its_translation_mark(client):
    response = client.get("/api/offers?lang=ar")
    assert response.status == 200
    items = response.json()["items"]
    assert {i["id"] for i in items} == set(offers.catalogue())
    werkstatt = next(i for i in items if i["id"] == UPCOMING)
    assert werkstatt["title"] == offers.get(UPCOMING).text("ar")["title"]
    assert werkstatt["translation"] == "machine" and werkstatt["kind"] == "participation"
    assert client.get("/api/offers?lang=de").json()["items"][0]["translation"] == "original"
    assert items[-1]["status"] == "finished"  # finished offers last


def test_filters_by_kind_status_and_language(client):
    fairs = client.get("/api/offers?kind=job_fair").json()["items"]
    assert [i["id"] for i in fairs] == ["jobmesse-2027"]
    finished = client.get("/api/offers?status=finished").json()["items"]
    assert FINISHED in {i["id"] for i in finished} and all(i["status"] == "finished" for i in finished)
    today = offers.berlin_today()
    assert {i["id"] for i in finished} == {o.id for o in offers.catalogue().values() if o.ends_on < today}
    tigrinya = client.get("/api/offers?language=ti&lang=ti").json()["items"]
    assert tigrinya and all("ti" in i["languages"] for i in tigrinya)
    assert {i["id"] for i in tigrinya} == {o.id for o in offers.catalogue().values() if "ti" in o.languages}
    combined = client.get("/api/offers?kind=course&language=en&status=upcoming").json()["items"]
    assert all(i["kind"] == "course" and "en" in i["languages"] and i["status"] == "upcoming" for i in combined)


def test_detail_states_places_and_the_deletion_date(client):
    detail = client.get(f"/api/offers/{UPCOMING}?lang=fa").json()
    offer = offers.get(UPCOMING)
    assert detail["description"] == offer.text("fa")["description"]
    assert detail["registrations_deleted_after"] == (offer.ends_on + dt.timedelta(days=90)).isoformat()
    assert detail["places_left"] == offer.capacity - offer_interest.places_taken(UPCOMING)
    assert detail["registration_open"] is True
    assert client.get(f"/api/offers/{UNLIMITED}").json()["places_left"] is None


@pytest.mark.parametrize("path,status", [
    ("/api/offers/no-such-offer", 404), ("/api/offers?lang=xx", 400), ("/api/offers?kind=party", 400),
    ("/api/offers?status=soon", 400), ("/api/offers?language=fr", 400), ("/api/offers?colour=red", 400),
    (f"/api/offers/{UPCOMING}?lang=klingon", 400)])
def test_unknown_offers_and_parameters_are_refused_with_a_problem(client, path, status):
    response = client.get(path)
    assert response.status == status
    assert response.headers["Content-Type"] == "application/problem+json"


# -- registering by e-mail --------------------------------------------------------------------------------


def test_email_registration_waits_for_the_link_and_the_link_confirms_it(client, pump, aws_endpoint):
    email = new_email()
    response = register(client, UPCOMING, interest(email, message="Ich komme gern online dazu.",
                                                   preferred_lang="ar"))
    assert response.status == 202
    body = response.json()
    offer = offers.get(UPCOMING)
    assert body == {"offer_id": UPCOMING, "channel": "email", "status": "pending_confirmation",
                    "confirm_within_hours": 48, "unconfirmed_deleted_after_hours": 48,
                    "deleted_after": offer.deleted_after.isoformat()}
    assert "Ich komme gern" not in response.text   # the message is never echoed
    registration = item_for(UPCOMING, email)
    assert registration.status == "pending_confirmation" and registration.token_hash is None
    assert dt.timedelta(hours=47) < registration.expires_at - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=48)

    pump.drain()
    pump.drain()  # a replay sends nothing
    mails = mails_to(aws_endpoint, email)
    assert len(mails) == 1
    mail = mails[0]
    assert "Kreisjobcenter" in mail["subject"]
    assert "Lena" not in mail["body"] and offer.text("ar")["title"] not in mail["body"]
    assert "Ich komme" not in mail["body"] and "48" in mail["body"]
    token, link_lang = LINK.search(mail["body"]).groups()
    assert link_lang == "ar"
    registration.refresh(consistent_read=True)
    assert registration.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(registration.attribute_values)  # only its hash is stored

    confirmed = confirm(client, token)
    assert confirmed.status == 200 and confirmed.json() == {"offer_id": UPCOMING, "status": "confirmed"}
    registration.refresh(consistent_read=True)
    assert registration.status == "confirmed" and registration.listed_offer == UPCOMING
    deletion = registration.expires_at.astimezone(offers.BERLIN)
    assert deletion.date() == offer.deleted_after + dt.timedelta(days=1) and deletion.hour == 0
    assert confirm(client, token).json()["status"] == "confirmed"  # pressing twice answers the same


def test_the_same_email_twice_is_one_registration_and_the_second_mail_says_so(client, pump, aws_endpoint):
    email = new_email()
    token = register_and_mail(client, pump, aws_endpoint, UPCOMING, email)
    assert register(client, UPCOMING, interest(email.upper(), name="L. B.")).status == 202
    pump.drain()
    second_token = confirmation_token(aws_endpoint, email)
    assert second_token != token  # a new link; the newest one counts
    assert confirm(client, token).status == 404
    assert confirm(client, second_token).json()["status"] == "confirmed"
    _, key = offer_interest.contact_key(email)
    assert [r.contact_key for r in stored(UPCOMING)].count(key) == 1
    assert item_for(UPCOMING, email).name == "L. B."

    again = register(client, UPCOMING, interest(email.capitalize(), name="Someone else"))
    assert again.json()["status"] == "pending_confirmation"  # the answer does not reveal the registration
    pump.drain()
    last = mails_to(aws_endpoint, email)[-1]
    assert not LINK.search(last["body"]) and "schon angemeldet" in last["body"]
    registration = item_for(UPCOMING, email)
    assert registration.status == "confirmed" and registration.name == "L. B."


def test_whitespace_and_case_in_the_web_form_find_the_same_registration(client, pump):
    email = new_email()
    assert register(client, UPCOMING, interest(email)).status == 202
    page, csrf = _page(client, f"/offers/{UPCOMING}?lang=de")
    response = _post(client, f"/offers/{UPCOMING}/interest?lang=de", {
        "csrf_token": _form_value(page.text, "csrf_token"), "name": "Lena", "contact": f"  {email.title()}  ",
        "preferred_lang": "de", "message": "", "consent": "yes"}, csrf)
    assert response.status == 303 and "sent=pending_confirmation" in response.headers["Location"]
    _, key = offer_interest.contact_key(email)
    assert [r.contact_key for r in stored(UPCOMING)].count(key) == 1


def test_an_expired_pending_registration_cannot_be_confirmed(client, pump, aws_endpoint):
    email = new_email()
    token = register_and_mail(client, pump, aws_endpoint, UPCOMING, email)
    registration = item_for(UPCOMING, email)
    registration.update(actions=[OfferRegistration.expires_at.set(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))])
    assert confirm(client, token).status == 410
    page = client.get(f"/offers/confirm/{token}?lang=de")
    assert page.status == 410 and "abgelaufen" in page.text
    assert item_for(UPCOMING, email).status == "pending_confirmation"
    # Registering again starts afresh: a new registration replaces the expired one.
    assert register(client, UPCOMING, interest(email)).status == 202
    fresh = item_for(UPCOMING, email)
    assert fresh.registration_id != registration.registration_id and fresh.expires_at > dt.datetime.now(dt.UTC)


def test_unknown_confirmation_tokens_answer_404(client):
    assert confirm(client, "A" * 43).status == 404
    assert confirm(client, "short").status == 422
    assert client.get(f"/offers/confirm/{'B' * 43}?lang=en").status == 404
    assert client.get("/offers/confirm/<script>?lang=en").status == 404


# -- phone, places, waiting list -----------------------------------------------------------------------


def test_a_phone_registration_counts_at_once_and_formats_of_the_number_meet(client):
    phone = new_phone()
    response = register(client, UPCOMING, interest(phone))
    assert response.status == 202
    assert response.json()["status"] == "confirmed" and response.json()["confirm_within_hours"] is None
    international = "+49 " + phone[1:]
    assert register(client, UPCOMING, interest(international)).json()["status"] == "confirmed"
    _, key = offer_interest.contact_key(phone)
    assert [r.contact_key for r in stored(UPCOMING)].count(key) == 1
    assert item_for(UPCOMING, phone).status == "confirmed"


def test_when_the_places_are_taken_registrations_go_on_the_waiting_list_and_are_told_so(
        client, pump, aws_endpoint, capacity):
    total = capacity(UPCOMING, 1)
    assert register(client, UPCOMING, interest(new_phone())).json()["status"] == "confirmed"
    assert offer_interest.places_taken(UPCOMING) == total
    assert client.get(f"/api/offers/{UPCOMING}").json()["places_left"] == 0
    late = register(client, UPCOMING, interest(new_phone()))
    assert late.json()["status"] == "waiting_list"
    email = new_email()
    token = register_and_mail(client, pump, aws_endpoint, UPCOMING, email)
    assert confirm(client, token).json()["status"] == "waiting_list"
    assert item_for(UPCOMING, email).status == "waiting_list"
    page = client.get(f"/offers/confirm/{token}?lang=de")
    assert "Warteliste" in page.text
    assert offer_interest.places_taken(UPCOMING) == total  # the waiting list takes no place


def test_two_confirmations_racing_for_the_last_place_cannot_both_win(client, pump, aws_endpoint, capacity):
    total = capacity(UPCOMING, 1)
    tokens = [register_and_mail(client, pump, aws_endpoint, UPCOMING, new_email()) for _ in range(2)]
    results: list[str] = []
    start = threading.Barrier(2)

    def confirm_now(token: str) -> None:
        start.wait()
        results.append(offer_interest.confirm(token)[1])

    threads = [threading.Thread(target=confirm_now, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == ["confirmed", "waiting_list"]
    assert offer_interest.places_taken(UPCOMING) == total


def test_a_finished_offer_takes_no_registrations(client):
    before = len(stored(FINISHED))
    response = register(client, FINISHED, interest(new_email()))
    assert response.status == 409 and "beendet" in response.json()["detail"]
    assert len(stored(FINISHED)) == before


def test_an_unknown_offer_answers_404_and_stores_nothing(client):
    assert register(client, "no-such-offer", interest(new_email())).status == 404
    assert stored("no-such-offer") == []


# -- abuse ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    {"contact": "a@example.org", "consent": True},                                       # no name
    interest("a@example.org", name=""),
    interest("a@example.org", name="   "),
    interest("a@example.org", name="x" * 101),
    interest("not an address"),
    interest("a@example.org", message="x" * 1001),
    interest("a@example.org", consent=False),
    interest("a@example.org", consent=1),
    interest("a@example.org", consent="true"),
    {"name": "Lena", "contact": "a@example.org"},                                          # no consent
    interest("a@example.org", preferred_lang="fr"),
    interest("a@example.org", admin=True),                                                # unknown field
])
def test_bad_input_answers_422_with_a_message_and_stores_nothing(client, body):
    before = len(stored(UPCOMING))
    response = register(client, UPCOMING, body, lang="en")
    assert response.status == 422, response.text
    problem = response.json()
    assert problem["errors"] and all(e["message"] for e in problem["errors"])
    assert len(stored(UPCOMING)) == before


def test_a_body_that_is_not_json_or_too_large_stores_nothing(client):
    before = len(stored(UPCOMING))
    assert client.post(f"/api/offers/{UPCOMING}/interest", body="name=Lena",
                       headers={"content-type": "application/x-www-form-urlencoded"}).status == 415
    assert client.post(f"/api/offers/{UPCOMING}/interest", body="{not json",
                       headers={"content-type": "application/json"}).status == 400
    assert register(client, UPCOMING, interest("a@example.org", message="x" * 2_000_000)).status == 413
    assert len(stored(UPCOMING)) == before


def test_the_sixth_registration_from_one_address_in_ten_minutes_answers_429(client):
    for _ in range(offer_interest.RATE_LIMIT):
        assert register(client, UNLIMITED, interest(new_phone())).status == 202
    before = len(stored(UNLIMITED))
    limited = register(client, UNLIMITED, interest(new_phone()), lang="en")
    assert limited.status == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= offer_interest.RATE_WINDOW_SECONDS
    assert limited.headers["Content-Type"] == "application/problem+json" and limited.json()["title"]
    assert len(stored(UNLIMITED)) == before


def test_rate_limits_count_per_address_and_store_no_address(client, monkeypatch, client_address):
    from chalice.local import LambdaEventConverter

    from chalicelib.models.offer import Counter

    for _ in range(offer_interest.RATE_LIMIT):
        register(client, UNLIMITED, interest(new_phone()))
    assert register(client, UNLIMITED, interest(new_phone())).status == 429
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", "203.0.113.250")
    assert register(client, UNLIMITED, interest(new_phone())).status == 202
    assert all(client_address not in str(c.attribute_values) for c in Counter.scan())


# -- the web pages ----------------------------------------------------------------------------------------


def _page(client, path: str):
    page = client.get(path)
    cookie = page.headers["Set-Cookie"]
    cookie = cookie if isinstance(cookie, str) else next(c for c in cookie if c.startswith(auth.CSRF_COOKIE))
    return page, cookie.split(";")[0].split("=", 1)[1]


def _form_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def _post(client, path: str, fields: dict, csrf_cookie: str):
    return client.post(path, body=urlencode(fields), headers={
        "content-type": "application/x-www-form-urlencoded", "cookie": f"{auth.CSRF_COOKIE}={csrf_cookie}"})


def test_the_pages_list_filter_and_show_the_offer_with_its_deletion_date(client):
    listing = client.get("/offers?lang=de&kind=job_fair")
    assert listing.status == 200 and "Jobmesse Musterland 2027" in listing.text
    assert "Bürgerwerkstatt" not in listing.text
    assert client.get("/offers?kind=party").status == 400
    page = client.get(f"/offers/{UPCOMING}?lang=ur")
    assert page.status == 200 and 'dir="rtl"' in page.text
    assert offers.get(UPCOMING).deleted_after.strftime("%d.%m.%Y") in page.text
    assert client.get("/offers/no-such-offer?lang=de").status == 404
    finished = client.get(f"/offers/{FINISHED}?lang=de")
    assert 'name="consent"' not in finished.text and "beendet" in finished.text


def test_the_form_shows_errors_per_field_in_the_visitors_language_escapes_input_and_stores_nothing(client):
    before = len(stored(UPCOMING))
    page, csrf = _page(client, f"/offers/{UPCOMING}?lang=ar")
    response = _post(client, f"/offers/{UPCOMING}/interest?lang=ar", {
        "csrf_token": _form_value(page.text, "csrf_token"), "name": "<script>alert(1)</script>",
        "contact": "keine-adresse", "preferred_lang": "ar", "message": "<b>hallo</b>"}, csrf)
    assert response.status == 422
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text
    assert "<b>hallo" not in response.text
    assert 'id="contact-error"' in response.text and 'id="consent-error"' in response.text
    assert 'id="name-error"' not in response.text
    assert "يرجى كتابة بريد إلكتروني" in response.text
    assert len(stored(UPCOMING)) == before


def test_the_form_without_its_csrf_token_is_refused(client):
    before = len(stored(UPCOMING))
    response = client.post(f"/offers/{UPCOMING}/interest?lang=de", body=urlencode(
        {"name": "Lena", "contact": new_email(), "consent": "yes"}),
        headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status == 403
    assert len(stored(UPCOMING)) == before


def test_the_form_over_the_rate_limit_shows_a_friendly_page(client):
    page, csrf = _page(client, f"/offers/{UNLIMITED}?lang=de")
    token = _form_value(page.text, "csrf_token")
    statuses = [_post(client, f"/offers/{UNLIMITED}/interest?lang=de", {
        "csrf_token": token, "name": "Lena", "contact": new_phone(), "preferred_lang": "de",
        "consent": "yes"}, csrf) for _ in range(offer_interest.RATE_LIMIT + 1)]
    assert [r.status for r in statuses] == [303] * offer_interest.RATE_LIMIT + [429]
    assert "Zu viele Anfragen" in statuses[-1].text and statuses[-1].headers["Retry-After"]


def test_the_confirmation_link_only_shows_a_button_and_the_post_confirms(client, pump, aws_endpoint):
    email = new_email()
    token = register_and_mail(client, pump, aws_endpoint, UPCOMING, email)
    page, csrf = _page(client, f"/offers/confirm/{token}?lang=de")
    assert page.status == 200 and "Jetzt bestätigen" in page.text
    assert item_for(UPCOMING, email).status == "pending_confirmation"  # opening the link confirms nothing
    assert _post(client, f"/offers/confirm/{token}?lang=de", {}, csrf).status == 403  # no CSRF token
    done = _post(client, f"/offers/confirm/{token}?lang=de", {"csrf_token": _form_value(page.text, "csrf_token")},
                 csrf)
    assert done.status == 200 and "Sie sind angemeldet" in done.text
    assert item_for(UPCOMING, email).status == "confirmed"


# -- staff ------------------------------------------------------------------------------------------------


@pytest.fixture
def staff_offer(client, pump, aws_endpoint):
    """An offer with one pending, one confirmed (e-mail) and one confirmed (phone) registration."""
    offer_id = "jobmesse-2027"
    register(client, offer_id, interest(new_email(), name="Noch Offen"))
    confirmed_email = new_email()
    token = register_and_mail(client, pump, aws_endpoint, offer_id, confirmed_email)
    assert confirm(client, token).status == 200
    phone = new_phone()
    register(client, offer_id, interest(phone, name="=HYPERLINK(\"http://evil.example\",\"klick\")",
                                        message="+SUM(1;2) @here -1 ok"))
    return offer_id, confirmed_email, phone


def test_staff_see_confirmed_and_waiting_registrations_but_not_pending_ones(client, tokens, staff_offer):
    offer_id, email, phone = staff_offer
    listing = client.get(f"/api/staff/offers/{offer_id}/registrations?limit=100", headers=bearer(tokens["staff"]))
    assert listing.status == 200
    items = listing.json()["items"]
    contacts = {i["contact"] for i in items}
    assert {email, phone} <= contacts
    assert all(i["status"] in ("confirmed", "waiting_list") for i in items)
    assert "Noch Offen" not in {i["name"] for i in items}
    assert all(i["id"].startswith("reg_") for i in items)
    trail = audit.trail(f"offer#{offer_id}")
    assert any(t["action"] == "offers.registrations.list" for t in trail)


def test_staff_lists_are_paginated(client, tokens, staff_offer):
    offer_id = staff_offer[0]
    first = client.get(f"/api/staff/offers/{offer_id}/registrations?limit=1", headers=bearer(tokens["staff"])).json()
    assert len(first["items"]) == 1 and first["next"]
    second = client.get(f"/api/staff/offers/{offer_id}/registrations?limit=1&after={first['next']}",
                        headers=bearer(tokens["staff"])).json()
    assert second["items"] and second["items"][0]["id"] != first["items"][0]["id"]


def test_staff_mark_a_registration_contacted(client, tokens, staff_offer):
    offer_id, email, _ = staff_offer
    registration = item_for(offer_id, email)
    path = f"/api/staff/offers/{offer_id}/registrations/{registration.registration_id}/contacted"
    response = client.post(path, headers=bearer(tokens["staff"]))
    assert response.status == 200 and response.json()["contacted_at"]
    again = client.post(path, headers=bearer(tokens["staff"]))
    assert again.json()["contacted_at"] == response.json()["contacted_at"]
    assert item_for(offer_id, email).contacted_by
    assert any(t["action"] == "offers.registrations.contacted"
               for t in audit.trail(f"offer-registration#{registration.registration_id}"))
    other_offer = f"/api/staff/offers/{UPCOMING}/registrations/{registration.registration_id}/contacted"
    assert client.post(other_offer, headers=bearer(tokens["staff"])).status == 404
    unknown = f"/api/staff/offers/{offer_id}/registrations/reg_AAAAAAAAAAAAAAAA/contacted"
    assert client.post(unknown, headers=bearer(tokens["staff"])).status == 404


def test_a_pending_registration_cannot_be_marked_contacted(client, tokens):
    email = new_email()
    register(client, UPCOMING, interest(email))
    registration = item_for(UPCOMING, email)
    path = f"/api/staff/offers/{UPCOMING}/registrations/{registration.registration_id}/contacted"
    assert client.post(path, headers=bearer(tokens["staff"])).status == 404


def test_the_csv_export_neutralises_formulas_and_is_audited(client, tokens, staff_offer):
    offer_id, email, phone = staff_offer
    response = client.get(f"/api/staff/offers/{offer_id}/registrations.csv", headers=bearer(tokens["staff"]))
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == f'attachment; filename="anmeldungen-{offer_id}.csv"'
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == list(offer_interest.CSV_COLUMNS)
    by_contact = {row[3]: row for row in rows[1:]}
    assert email in by_contact and "Noch Offen" not in {row[2] for row in rows[1:]}
    evil = by_contact["'" + phone if phone.startswith(offer_interest.CSV_FORMULA_STARTS) else phone]
    assert evil[2].startswith("'=HYPERLINK") and evil[6].startswith("'+SUM")
    for row in rows[1:]:
        assert not any(cell.startswith(offer_interest.CSV_FORMULA_STARTS) for cell in row)
    assert any(t["action"] == "offers.registrations.export" for t in audit.trail(f"offer#{offer_id}"))


def test_citizens_and_strangers_cannot_use_the_staff_routes(client, tokens):
    registration_id = "reg_AAAAAAAAAAAAAAAA"
    for method, path in (("GET", f"/api/staff/offers/{UPCOMING}/registrations"),
                         ("GET", f"/api/staff/offers/{UPCOMING}/registrations.csv"),
                         ("POST", f"/api/staff/offers/{UPCOMING}/registrations/{registration_id}/contacted")):
        assert client.request(method, path, headers=bearer(tokens["anna"])).status == 403
        assert client.request(method, path).status == 401


def test_staff_routes_answer_404_for_an_unknown_offer(client, tokens):
    for path in ("/api/staff/offers/no-such-offer/registrations", "/api/staff/offers/no-such-offer/registrations.csv"):
        assert client.get(path, headers=bearer(tokens["staff"])).status == 404


# -- the mail worker --------------------------------------------------------------------------------------


def test_a_transient_mail_failure_gives_the_claim_back_and_the_retry_sends_once(client):
    from chalicelib.services.notices import TransientSendError

    email = new_email()
    register(client, UPCOMING, interest(email))
    registration = item_for(UPCOMING, email)
    sent = []

    class Flaky:
        calls = 0

        def send(self, to, subject, body):
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise TransientSendError("Throttling")
            sent.append((to, body))
            return "msg-1"

    with pytest.raises(TransientSendError):
        offer_interest.send_mail(UPCOMING, registration.contact_key, Flaky())
    assert item_for(UPCOMING, email).mail_pending
    assert offer_interest.send_mail(UPCOMING, registration.contact_key, Flaky()) == "sent"
    assert offer_interest.send_mail(UPCOMING, registration.contact_key, Flaky()) == "nothing_to_send"
    assert len(sent) == 1 and sent[0][0] == email and LINK.search(sent[0][1])


# -- staff pages ------------------------------------------------------------------------------------------


def _web_session(client, email: str) -> dict:
    """Sign in through the login form; the headers that carry the session cookie."""
    from local.resources import DEMO_PASSWORD

    page, csrf = _page(client, "/login?lang=de")
    response = _post(client, "/login", {"email": email, "password": DEMO_PASSWORD,
                                        "csrf_token": _form_value(page.text, "csrf_token")}, csrf)
    assert response.status == 303, response.text
    raw = response.headers["Set-Cookie"]
    session = next(c for c in ([raw] if isinstance(raw, str) else raw) if c.startswith(auth.SESSION_COOKIE + "="))
    return {"cookie": session.split(";")[0]}


def test_staff_pages_refuse_citizens_and_answer_404_for_an_unknown_offer(client):
    assert client.get("/staff/offers?lang=de").headers["Location"] == "/login?lang=de"
    citizen = _web_session(client, "anna@example.org")
    for path in ("/staff/offers", f"/staff/offers/{UPCOMING}", f"/staff/offers/{UPCOMING}/registrations.csv"):
        refused = client.get(f"{path}?lang=de", headers=citizen)
        assert refused.status == 403 and "Kein Zugriff" in refused.text and "<html" in refused.text
    staff = _web_session(client, "staff@example.org")
    for path in ("/staff/offers/no-such-offer", "/staff/offers/no-such-offer/registrations.csv"):
        unknown = client.get(f"{path}?lang=de", headers=staff)
        assert unknown.status == 404 and "Nicht gefunden" in unknown.text
    assert audit.trail("offer#no-such-offer") == []


def test_staff_pages_list_mark_and_export_registrations_with_an_audit_trail(client, staff_offer, monkeypatch):
    from chalicelib.web import offers_pages

    offer_id, email, phone = staff_offer
    staff = _web_session(client, "staff@example.org")
    overview = client.get("/staff/offers?lang=de", headers=staff)
    assert overview.status == 200 and f'href="/staff/offers/{offer_id}?lang=de"' in overview.text
    assert "Jobmesse Musterland 2027" in overview.text
    assert f"{offer_interest.places_taken(offer_id)} von 60" in overview.text

    page = client.get(f"/staff/offers/{offer_id}?lang=de", headers=staff)
    assert page.status == 200 and email in page.text and "Noch Offen" not in page.text
    assert "&lt;" not in email and "=HYPERLINK(&#34;" in page.text  # names are escaped, not markup
    assert any(t["action"] == "offers.registrations.list" for t in audit.trail(f"offer#{offer_id}"))

    registration = item_for(offer_id, email)
    path = f"/staff/offers/{offer_id}/registrations/{registration.registration_id}/contacted?lang=de"
    session_csrf = _form_value(page.text, "csrf_token")
    assert client.post(path, body=urlencode({"csrf_token": "forged"}), headers={
        **staff, "content-type": "application/x-www-form-urlencoded"}).status == 403
    assert not item_for(offer_id, email).contacted_at
    done = client.post(path, body=urlencode({"csrf_token": session_csrf}), headers={
        **staff, "content-type": "application/x-www-form-urlencoded"})
    assert done.status == 303
    assert done.headers["Location"] == (f"/staff/offers/{offer_id}?lang=de&contacted=1"
                                        f"#{registration.registration_id}")
    assert item_for(offer_id, email).contacted_at
    assert any(t["action"] == "offers.registrations.contacted"
               for t in audit.trail(f"offer-registration#{registration.registration_id}"))
    shown = client.get(done.headers["Location"].split("#")[0], headers=staff)
    assert "Die Anmeldung ist als kontaktiert markiert." in shown.text

    export = client.get(f"/staff/offers/{offer_id}/registrations.csv?lang=de", headers=staff)
    assert export.status == 200 and export.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert export.headers["Content-Disposition"] == f'attachment; filename="anmeldungen-{offer_id}.csv"'
    assert export.headers["Cache-Control"] == "no-store"
    assert email in export.text and "'=HYPERLINK" in export.text
    exports = [t for t in audit.trail(f"offer#{offer_id}") if t["action"] == "offers.registrations.export"]
    assert exports

    monkeypatch.setattr(offers_pages, "STAFF_PAGE_SIZE", 1)
    first = client.get(f"/staff/offers/{offer_id}?lang=de", headers=staff)
    cursor = re.search(r'after=([A-Za-z0-9_-]+)" rel="next"', first.text).group(1)
    second = client.get(f"/staff/offers/{offer_id}?lang=de&after={cursor}", headers=staff)
    ids = [re.findall(r'<li class="card" id="(reg_[^"]+)"', r.text) for r in (first, second)]
    assert len(ids[0]) == len(ids[1]) == 1 and ids[0] != ids[1]
    assert "Zur ersten Seite" in second.text
