"""Portal and mail dispatch: processing time per uploaded document, bytes of files through the API,
letters per second through the worker against moto, and its overhead over a plain loop of SES sends."""

from __future__ import annotations

import os
import time

import requests

from bench.harness import row, start_stack, timed


def main() -> None:
    os.environ.setdefault("LOCAL_AUDIO_CACHE", ".cache/audio")
    moto, endpoint, env = start_stack()
    from app import app
    from chalicelib.models.document import Document
    from chalicelib.services import documents, letters
    from chalicelib.services.notices import default_sender
    from chalicelib.services.scanning import EicarScanner
    from local.gateway import InProcessClient
    from local.resources import DEMO_PASSWORD
    from tests import fixtures

    client = InProcessClient(app)
    token = client.post("/api/auth/login", json_body={"username": "anna@example.org",
                                                      "password": DEMO_PASSWORD}).json()["access_token"]
    auth = {"authorization": f"Bearer {token}"}
    pdf = fixtures.sample_pdf() * 50  # ~100 KB
    api_bytes, keys = 0, []
    for _ in range(50):
        request = {"filename": "lohn.pdf", "content_type": "application/pdf", "size": len(pdf), "category": "payslip"}
        ticket = client.post("/api/documents/uploads", headers=auth, json_body=request)
        api_bytes += len(str(request)) + len(ticket.body)
        body = ticket.json()
        requests.post(body["url"], data=body["fields"], files={"file": ("lohn.pdf", pdf)}, timeout=10)
        keys.append(Document.get(body["document_id"]).object_key)
    scanner = EicarScanner()
    position = [0]

    def process_one() -> None:
        documents.process_upload(keys[position[0]], scanner)
        position[0] += 1

    rows = [row("upload processor: one 100 KB PDF (head, get, checks, copy, update, delete)",
                timed(process_one, 40, warmup=10))]
    rows.append(f"| bytes of the 50 files uploaded | {50 * len(pdf) / 1e6:.1f} MB | | 50 |")
    rows.append(f"| bytes through the API for those 50 uploads (tickets only, no file bytes) | "
                f"{api_bytes / 1e3:.1f} KB | | 50 |")

    staff = "bench-staff"
    for n in range(200):
        letters.set_consent(f"bench-citizen-{n}", True, f"b{n}@example.org", "de")
    ticket = documents.create_upload(staff, "brief.pdf", "application/pdf", len(pdf), "other")
    requests.post(ticket.url, data=ticket.fields, files={"file": ("brief.pdf", pdf)}, timeout=10)
    documents.process_upload(Document.get(ticket.document_id).object_key, scanner)
    ids = [letters.create_letter(staff, f"bench-citizen-{n}", "Bescheid", None, None, ticket.document_id,
                                 None).letter_id for n in range(200)]
    sender = default_sender()
    started = time.perf_counter()
    for letter_id in ids:
        letters.process_letter(letter_id, sender)
    worker_s = time.perf_counter() - started
    started = time.perf_counter()
    for n in range(200):
        sender.send(f"plain{n}@example.org", "Neuer Brief", "Text")
    plain_s = time.perf_counter() - started
    rows.append(f"| letter worker, 200 letters (uploaded PDF, consent, mailbox, notice) | "
                f"{200 / worker_s:.0f} letters/s | | 200 |")
    rows.append(f"| plain loop of 200 SES sends (moto) | {200 / plain_s:.0f} sends/s | | 200 |")
    rows.append(f"| worker overhead per letter over a plain send | "
                f"{(worker_s - plain_s) / 200 * 1000:.1f} ms | | 200 |")
    moto.stop()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
