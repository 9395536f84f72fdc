"""Appointments: staff create, move and cancel; citizens list, download iCalendar, ask to reschedule."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from chalicelib.models.appointment import Appointment
from tests.conftest import bearer

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def anna_id(client, tokens):
    return client.get("/api/staff/citizens?email=anna@example.org", headers=bearer(tokens["staff"])).json()["id"]


def _local(days, hour=10, minute=30):
    return (datetime.now(BERLIN) + timedelta(days=days)).replace(hour=hour, minute=minute, second=0,
                                                                 microsecond=0).strftime("%Y-%m-%dT%H:%M")


def make(client, tokens, citizen, days=3, **extra):
    body = {"citizen_id": citizen, "starts_at": _local(days), "mode": "in_person", "place": "Kreishaus, Raum 12",
            "topic": "Beratung Weiterbildung", "interpreter_lang": "ar", **extra}
    response = client.post("/api/staff/appointments", headers=bearer(tokens["staff"]), json_body=body)
    assert response.status == 201, response.text
    return response.json()


def test_staff_make_an_appointment_in_berlin_time_and_the_citizen_sees_it_first(client, tokens, anna_id):
    later = make(client, tokens, anna_id, days=9)
    sooner = make(client, tokens, anna_id, days=2)
    assert sooner["starts_at"].endswith(("+01:00", "+02:00")) and sooner["starts_at"][11:16] == "10:30"
    mine = client.get("/api/appointments", headers=bearer(tokens["anna"])).json()
    upcoming = [a["id"] for a in mine["upcoming"]]
    assert upcoming.index(sooner["id"]) < upcoming.index(later["id"])
    assert Appointment.get(sooner["id"]).starts_at.endswith("+00:00")  # stored in UTC


def test_icalendar_file_has_the_right_time_in_utc(client, tokens, anna_id):
    appointment = make(client, tokens, anna_id, days=4)
    response = client.get(f"/api/appointments/{appointment['id']}.ics", headers=bearer(tokens["anna"]))
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(response.body).walk() if c.name == "VEVENT")
    start = event.decoded("dtstart")
    assert start.astimezone(BERLIN).strftime("%H:%M") == "10:30"
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert "Beratung Weiterbildung" in str(event["summary"]) and str(event["location"]) == "Kreishaus, Raum 12"


def test_moving_with_a_stale_version_answers_409_and_loses_nothing(client, tokens, anna_id):
    appointment = make(client, tokens, anna_id)
    first = client.request("PATCH", f"/api/staff/appointments/{appointment['id']}", headers=bearer(tokens["staff"]),
                           json_body={"version": appointment["version"], "starts_at": _local(5, 14, 0)})
    assert first.status == 200 and first.json()["starts_at"][11:16] == "14:00"
    second = client.request("PATCH", f"/api/staff/appointments/{appointment['id']}", headers=bearer(tokens["staff"]),
                            json_body={"version": appointment["version"], "cancel": True})
    assert second.status == 409
    assert Appointment.get(appointment["id"]).status == "scheduled"


def test_cancel_shows_as_cancelled(client, tokens, anna_id):
    appointment = make(client, tokens, anna_id)
    response = client.request("PATCH", f"/api/staff/appointments/{appointment['id']}",
                              headers=bearer(tokens["staff"]), json_body={"version": appointment["version"],
                                                                          "cancel": True})
    assert response.json()["status"] == "cancelled"


def test_citizen_asks_to_reschedule_with_a_reason(client, tokens, anna_id):
    appointment = make(client, tokens, anna_id)
    response = client.post(f"/api/appointments/{appointment['id']}/reschedule", headers=bearer(tokens["anna"]),
                           json_body={"reason": "Mein Kind ist krank"})
    assert response.status == 200 and response.json()["reschedule_reason"] == "Mein Kind ist krank"


def test_another_citizens_appointment_answers_404(client, tokens, anna_id):
    appointment = make(client, tokens, anna_id)
    for path in (f"/api/appointments/{appointment['id']}", f"/api/appointments/{appointment['id']}.ics"):
        assert client.get(path, headers=bearer(tokens["bilal"])).status == 404
    assert client.post(f"/api/appointments/{appointment['id']}/reschedule", headers=bearer(tokens["bilal"]),
                       json_body={"reason": "passt nicht"}).status == 404


@pytest.mark.parametrize("change", [{"starts_at": "2020-01-01T10:00"}, {"starts_at": "morgen"},
                                    {"mode": "carrier-pigeon"}, {"interpreter_lang": "xx"}])
def test_bad_appointments_are_refused_and_nothing_stored(client, tokens, anna_id, change):
    before = Appointment.count()
    body = {"citizen_id": anna_id, "starts_at": _local(3), "mode": "phone", "topic": "Beratung", **change}
    response = client.post("/api/staff/appointments", headers=bearer(tokens["staff"]), json_body=body)
    assert response.status in (400, 422)
    assert Appointment.count() == before


def test_appointments_for_unknown_citizens_are_refused(client, tokens):
    body = {"citizen_id": "no-such-citizen", "starts_at": _local(3), "mode": "phone", "topic": "Beratung"}
    assert client.post("/api/staff/appointments", headers=bearer(tokens["staff"]), json_body=body).status == 404


def test_citizens_cannot_make_appointments(client, tokens, anna_id):
    body = {"citizen_id": anna_id, "starts_at": _local(3), "mode": "phone", "topic": "Beratung"}
    assert client.post("/api/staff/appointments", headers=bearer(tokens["anna"]), json_body=body).status == 403


def test_past_appointments_are_listed_apart(client, tokens, anna_id):
    past = Appointment("apt_pastpastpastpast", citizen=anna_id, mode="phone", topic="Erstgespräch",
                       starts_at=(datetime.now(UTC) - timedelta(days=10)).isoformat(), created_by="staff")
    past.save()
    mine = client.get("/api/appointments", headers=bearer(tokens["anna"])).json()
    assert "apt_pastpastpastpast" in [a["id"] for a in mine["past"]]
    assert "apt_pastpastpastpast" not in [a["id"] for a in mine["upcoming"]]
