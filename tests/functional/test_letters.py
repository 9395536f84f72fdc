"""Mail dispatch: consent, sending through the worker, mailbox, opening, print fallback, staff views."""

import pytest

from chalicelib.models.letter import Letter
from chalicelib.services import letters
from chalicelib.services.letters import LetterStatus
from tests.conftest import bearer


def sent_emails(endpoint):
    from local.outbox import sent_messages

    return sent_messages(endpoint)


@pytest.fixture(scope="module")
def pump(stack_env, aws_endpoint):
    from local.pump import EventPump
    from local.runner import pump_routes

    return EventPump(pump_routes(stack_env), aws_endpoint)


@pytest.fixture(scope="module")
def citizens(client, tokens):
    return {name: client.get(f"/api/staff/citizens?email={name}@example.org", headers=bearer(tokens["staff"])).json()[
        "id"] for name in ("anna", "bilal")}


def send(client, tokens, citizen, **extra):
    body = {"citizen_id": citizen, "subject": "Einladung", "template": "einladung", "values": {
        "name": "Anna Beispiel", "datum": "03.12.2026", "uhrzeit": "10:00", "ort": "Kreishaus, Raum 12",
        "anliegen": "Beratung"}, **extra}
    response = client.post("/api/staff/letters", headers=bearer(tokens["staff"]), json_body=body)
    assert response.status == 201, response.text
    assert response.json()["status"] == "created"
    return response.json()["id"]


def consent(client, token, digital, lang="de"):
    response = client.request("PUT", "/api/letters/consent", headers=bearer(token),
                              json_body={"digital": digital, "lang": lang})
    assert response.status == 200, response.text
    return response.json()


def test_with_consent_the_letter_reaches_the_mailbox_with_one_notice_email(client, tokens, citizens, pump,
                                                                           aws_endpoint):
    consent(client, tokens["anna"], True, "ar")
    before = len(sent_emails(aws_endpoint))
    letter_id = send(client, tokens, citizens["anna"], summary_lang="ar")
    assert Letter.get(letter_id).status == "created"  # stored first; the worker sends
    pump.drain()
    pump.drain()  # a second run finds nothing to do
    letter = Letter.get(letter_id)
    assert letter.status == "delivered" and letter.in_mailbox and letter.pdf_key
    assert [h.status for h in letter.history] == ["created", "sending", "delivered"]
    emails = sent_emails(aws_endpoint)[before:]
    assert len(emails) == 1
    mail = emails[0]
    assert mail["destinations"]["ToAddresses"] == ["anna@example.org"]
    assert "Anna" not in mail["body"] and "Kreishaus" not in mail["body"] and "/my/letters" in mail["body"]
    assert "Kreisjobcenter" in mail["subject"]
    sent_day = letter.notice_sent_at[:10]
    assert letter.deemed_delivered_on > sent_day


def test_without_consent_the_letter_goes_to_print_and_staff_see_it_with_the_pdf(client, tokens, citizens, pump):
    consent(client, tokens["bilal"], False)
    letter_id = send(client, tokens, citizens["bilal"])
    pump.drain()
    assert Letter.get(letter_id).status == "print"
    listing = client.get("/api/staff/letters?status=print", headers=bearer(tokens["staff"])).json()
    printed = next(i for i in listing["items"] if i["id"] == letter_id)
    assert printed["download_url"] and printed["failure_reason"] == "no_digital_consent"
    assert client.get("/api/letters", headers=bearer(tokens["bilal"])).json()["items"] == [] or all(
        i["id"] != letter_id for i in client.get("/api/letters", headers=bearer(tokens["bilal"])).json()["items"])


def test_opting_out_applies_to_the_next_letter(client, tokens, citizens, pump):
    consent(client, tokens["anna"], True)
    first = send(client, tokens, citizens["anna"])
    pump.drain()
    consent(client, tokens["anna"], False)
    second = send(client, tokens, citizens["anna"])
    pump.drain()
    assert (Letter.get(first).status, Letter.get(second).status) == ("delivered", "print")
    consent(client, tokens["anna"], True)


def test_opening_records_the_first_time_and_gives_a_short_lived_pdf(client, tokens, citizens, pump):
    import requests

    consent(client, tokens["anna"], True)
    letter_id = send(client, tokens, citizens["anna"])
    pump.drain()
    mailbox = client.get("/api/letters", headers=bearer(tokens["anna"])).json()
    assert mailbox["items"][0]["id"] == letter_id and mailbox["items"][0]["opened_at"] is None
    opened = client.get(f"/api/letters/{letter_id}", headers=bearer(tokens["anna"])).json()
    assert opened["opened_at"] and "X-Amz-Expires=300" in opened["download_url"]
    assert requests.get(opened["download_url"], timeout=10).content.startswith(b"%PDF")
    again = client.get(f"/api/letters/{letter_id}", headers=bearer(tokens["anna"])).json()
    assert again["opened_at"] == opened["opened_at"]
    staff_view = client.get(f"/api/staff/letters/{letter_id}", headers=bearer(tokens["staff"])).json()
    assert staff_view["opened_at"] == opened["opened_at"]
    assert [h["status"] for h in staff_view["history"]] == ["created", "sending", "delivered"]


def test_another_citizens_letter_answers_404(client, tokens, citizens, pump):
    consent(client, tokens["anna"], True)
    letter_id = send(client, tokens, citizens["anna"])
    pump.drain()
    assert client.get(f"/api/letters/{letter_id}", headers=bearer(tokens["bilal"])).status == 404
    assert client.get("/api/letters/let_doesnotexist0000", headers=bearer(tokens["bilal"])).status == 404


def test_mailbox_is_paginated_newest_first(client, tokens, citizens, pump):
    consent(client, tokens["anna"], True)
    ids = [send(client, tokens, citizens["anna"]) for _ in range(3)]
    pump.drain()
    page = client.get("/api/letters?limit=2", headers=bearer(tokens["anna"])).json()
    assert [i["id"] for i in page["items"]] == ids[::-1][:2] and page["next"]
    rest = client.get(f"/api/letters?limit=2&after={page['next']}", headers=bearer(tokens["anna"])).json()
    restart = client.get("/api/letters?limit=2&after=not-a-cursor", headers=bearer(tokens["anna"])).json()
    assert restart["items"] == page["items"]  # an unusable cursor starts from the first page
    assert rest["items"][0]["id"] == ids[0]


def test_permanent_rejection_fails_with_the_reason_and_falls_back_to_paper(client, tokens, citizens):
    from chalicelib.services.notices import PermanentSendError

    class Refusing:
        def send(self, to, subject, body):
            raise PermanentSendError("MessageRejected")

    consent(client, tokens["anna"], True)
    letter_id = send(client, tokens, citizens["anna"])
    assert letters.process_letter(letter_id, Refusing()) is LetterStatus.PRINT
    letter = Letter.get(letter_id)
    assert [h.status for h in letter.history][-2:] == ["failed", "print"]
    assert letter.history[-2].reason == "notice_refused:MessageRejected"


def test_bad_letters_are_refused_and_nothing_is_stored(client, tokens, citizens):
    before = Letter.count()
    base = {"citizen_id": citizens["anna"], "subject": "Brief"}
    for body in ({**base, "template": "einladung", "values": {"name": "A"}},
                 {**base, "template": "einladung", "values": {"name": "A", "datum": "1", "uhrzeit": "1", "ort": "x",
                                                              "anliegen": "x", "extra": "y"}},
                 {**base},
                 {**base, "template": "mahnung", "values": {}},
                 {**base, "template": "einladung", "document_id": "doc_abcdefghijklmnop", "values": {}},
                 {**base, "citizen_id": "nobody", "template": "einladung", "values": {}}):
        response = client.post("/api/staff/letters", headers=bearer(tokens["staff"]), json_body=body)
        assert response.status in (400, 404, 422), response.text
    assert Letter.count() == before
    assert client.post("/api/staff/letters", headers=bearer(tokens["anna"]), json_body=base).status == 403


def test_a_poison_message_reaches_the_dlq_after_five_receives_and_staff_see_the_letter(
        client, tokens, citizens, pump, stack_env, aws_endpoint, monkeypatch):
    import boto3

    consent(client, tokens["anna"], True)
    letter_id = send(client, tokens, citizens["anna"])

    def always_in_doubt(letter_id, sender, attempts=3):
        raise letters.NoticeInDoubt(letter_id)

    monkeypatch.setattr(letters, "process_letter", always_in_doubt)
    pump.drain()
    monkeypatch.undo()
    sqs = boto3.client("sqs", endpoint_url=aws_endpoint, region_name="eu-central-1")
    attributes = sqs.get_queue_attributes(QueueUrl=stack_env["LETTERS_QUEUE_URL"],
                                          AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "0"
    pump.drain()  # the DLQ consumer marks the letter
    letter = Letter.get(letter_id)
    assert letter.status == "failed" and letter.failure_reason == "dead_lettered"
    failed = client.get("/api/staff/letters?status=failed", headers=bearer(tokens["staff"])).json()
    assert letter_id in [i["id"] for i in failed["items"]]


def test_the_sweeper_requeues_letters_stuck_in_sending(client, tokens, citizens, pump):
    from datetime import UTC, datetime, timedelta

    consent(client, tokens["anna"], True)
    letter_id = send(client, tokens, citizens["anna"])
    letter = Letter.get(letter_id)
    letters._transition(letter, LetterStatus.CREATED, LetterStatus.SENDING)
    queued = []
    assert letters.sweep(datetime.now(UTC) + timedelta(minutes=20), queued.append) >= 1
    assert letter_id in queued and Letter.get(letter_id).status == "created"
    pump.drain()
    assert Letter.get(letter_id).status == "delivered"
