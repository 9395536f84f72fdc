"""Fault injection over 1,000 letters: SES failing 30% of the time (transient and permanent), worker
crashes between steps, every message delivered twice, two workers racing on one queue (conditional
conflicts). Afterwards no letter is lost and no citizen got a notice e-mail twice, counted from the
e-mails moto's SES actually accepted."""

import collections
import json
import random
import threading

import boto3
import pytest

from chalicelib.models.letter import Letter
from chalicelib.services import letters
from chalicelib.services.letters import FINAL, LetterStatus
from chalicelib.services.notices import PermanentSendError, TransientSendError, default_sender
from local.outbox import sent_messages
from tests import fixtures
from tests.conftest import bearer

LETTERS = 1000


class FlakySes:
    """The real SES adapter (moto) behind a provider that fails 30% of the time."""

    def __init__(self, real, rng):
        self._real, self._rng, self._lock = real, rng, threading.Lock()

    def send(self, to, subject, body):
        with self._lock:
            roll = self._rng.random()
        if roll < 0.20:
            raise TransientSendError("Throttling")
        if roll < 0.30 and to.endswith("7@example.org"):
            raise PermanentSendError("MessageRejected")  # some addresses are refused for good
        if roll < 0.30:
            raise TransientSendError("ServiceUnavailable")
        return self._real.send(to, subject, body)


@pytest.fixture
def staff_pdf(client, tokens, aws_endpoint, stack_env):
    import requests

    from local.pump import EventPump
    from local.runner import pump_routes

    ticket = client.post("/api/staff/letters/uploads", headers=bearer(tokens["staff"]),
                         json_body={"filename": "bescheid.pdf", "size": 5000}).json()
    requests.post(ticket["url"], data=ticket["fields"], files={"file": ("bescheid.pdf", fixtures.sample_pdf())},
                  timeout=10)
    EventPump(pump_routes(stack_env), aws_endpoint).drain()
    return ticket["document_id"]


def test_a_thousand_letters_under_faults_none_lost_none_notified_twice(
        client, tokens, staff_pdf, stack_env, aws_endpoint, monkeypatch):
    from functions import letter_dead_letters, letter_worker
    from local.pump import EventPump, QueueRoute

    rng = random.Random(20261124)
    staff = client.get("/api/me", headers=bearer(tokens["staff"])).json()["subject"]
    citizens = [f"fault-citizen-{n:04d}" for n in range(LETTERS)]
    for n, citizen in enumerate(citizens):
        letters.set_consent(citizen, digital=n % 10 != 0, email=f"c{n:04d}@example.org", lang="de")
    before = len(sent_messages(aws_endpoint))

    def crash_sometimes(step):
        if rng.random() < 0.03:
            raise RuntimeError(f"worker crashed after {step}")

    monkeypatch.setattr(letters, "checkpoint", crash_sometimes)
    monkeypatch.setattr(letters, "CLAIM_STALE_SECONDS", 0.5)
    flaky = FlakySes(default_sender(), rng)
    monkeypatch.setattr(letter_worker, "default_sender", lambda: flaky)

    ids = [letters.create_letter(staff, citizen, "Bescheid", None, None, staff_pdf, None).letter_id
           for citizen in citizens]
    for letter_id in ids:  # every message delivered twice
        letters.enqueue(letter_id)

    queue = stack_env["LETTERS_QUEUE_URL"]
    routes = [QueueRoute(queue, letter_worker.handler, "letter-worker"),
              QueueRoute(queue + "-dlq", letter_dead_letters.handler, "letter-dead-letters")]
    workers = [EventPump(routes, aws_endpoint) for _ in range(2)]  # two workers race on one queue
    for _ in range(8):
        threads = [threading.Thread(target=w.drain, args=(5000,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        letters.sweep(letters._now() + letters.timedelta(hours=1))  # the sweeper re-queues stalled ones
    # One more quiet round without faults for whatever the sweeper queued last.
    monkeypatch.setattr(letters, "checkpoint", lambda step: None)
    workers[0].drain(5000)

    records = {letter_id: Letter.get(letter_id) for letter_id in ids}
    sqs = boto3.client("sqs", endpoint_url=aws_endpoint, region_name="eu-central-1")
    dead = {json.loads(m["Body"])["letter_id"] for m in sqs.receive_message(
        QueueUrl=queue + "-dlq", MaxNumberOfMessages=10).get("Messages", [])}
    lost = [i for i, r in records.items() if LetterStatus(r.status) not in FINAL and i not in dead]
    assert lost == []
    unexplained = [i for i, r in records.items() if r.status in ("failed", "print") and not r.failure_reason]
    assert unexplained == []

    emails = collections.Counter(m["destinations"]["ToAddresses"][0] for m in sent_messages(aws_endpoint)[before:])
    assert [address for address, count in emails.items() if count > 1] == []
    delivered = {i for i, r in records.items() if r.status == "delivered"}
    for letter_id in delivered:  # every delivered letter was announced, exactly once
        n = citizens.index(records[letter_id].citizen)
        assert emails[f"c{n:04d}@example.org"] == 1
    statuses = collections.Counter(r.status for r in records.values())
    reasons = collections.Counter(r.failure_reason for r in records.values() if r.failure_reason)
    summary = f"statuses {dict(statuses)}, reasons {dict(reasons)}, e-mails {sum(emails.values())}"
    assert statuses["delivered"] > LETTERS * 0.6, summary
    assert statuses["print"] >= LETTERS // 10  # no consent: paper
    assert reasons["no_digital_consent"] == LETTERS // 10
