"""Uploads end to end on moto: ticket, POST straight to S3, S3 event -> SQS -> processor, case file."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from chalicelib.models.audit import AuditRecord
from chalicelib.models.document import Document
from tests import fixtures
from tests.conftest import bearer


@pytest.fixture(scope="module")
def pump(stack_env, aws_endpoint):
    from functions.registry import FUNCTIONS
    from local.pump import EventPump, QueueRoute

    spec = next(f for f in FUNCTIONS if f.name == "upload-processor")
    return EventPump([QueueRoute(stack_env["UPLOADS_QUEUE_URL"], spec.load(), spec.name)], aws_endpoint)


def upload(client, token, data, filename="lohn.pdf", content_type="application/pdf", category="payslip"):
    ticket = client.post("/api/documents/uploads", headers=bearer(token), json_body={
        "filename": filename, "content_type": content_type, "size": max(len(data), 1), "category": category})
    assert ticket.status == 201, ticket.text
    body = ticket.json()
    response = requests.post(body["url"], data=body["fields"], files={"file": (filename, data)}, timeout=10)
    assert response.status_code in (200, 204), response.text
    return body["document_id"]


def status_of(client, token, document_id):
    return client.get(f"/api/documents/{document_id}", headers=bearer(token)).json()


def test_pdf_is_accepted_and_downloadable_as_attachment(client, tokens, pump):
    data = fixtures.sample_pdf()
    document_id = upload(client, tokens["anna"], data)
    assert status_of(client, tokens["anna"], document_id)["status"] == "pending"
    pump.drain()
    document = status_of(client, tokens["anna"], document_id)
    assert document["status"] == "accepted" and document["size"] == len(data)
    query = parse_qs(urlparse(document["download_url"]).query)
    assert query["X-Amz-Expires"] == ["300"]  # moto does not enforce expiry: check what we generate
    assert query["response-content-disposition"][0].startswith("attachment")
    download = requests.get(document["download_url"], timeout=10)
    assert download.content == data
    assert download.headers["Content-Disposition"].startswith("attachment")
    record = Document.get(document_id)
    assert record.object_key == f"documents/{record.owner}/{document_id}"


def test_photo_from_the_phone_is_accepted(client, tokens, pump):
    document_id = upload(client, tokens["anna"], fixtures.sample_png(), "IMG_0042.png", "image/png", "sick_note")
    pump.drain()
    assert status_of(client, tokens["anna"], document_id)["status"] == "accepted"


@pytest.mark.parametrize("data,filename,content_type,expected", [
    (fixtures.windows_executable(), "rechnung.pdf", "application/pdf", "rejected_type"),
    (fixtures.sample_zip(), "kontoauszug.pdf", "application/pdf", "rejected_type"),
    (b"", "leer.pdf", "application/pdf", "rejected_empty"),
    (fixtures.eicar_pdf(), "lohn.pdf", "application/pdf", "rejected_malware"),
    (fixtures.encrypted_pdf(), "lohn.pdf", "application/pdf", "rejected_encrypted"),
    (fixtures.scripted_pdf(), "lohn.pdf", "application/pdf", "rejected_scripted"),
    (fixtures.sample_pdf(), "foto.jpg", "image/jpeg", "rejected_type"),
])
def test_bad_files_are_rejected_with_a_reason_and_never_downloadable(client, tokens, pump, data, filename,
                                                                    content_type, expected):
    document_id = upload(client, tokens["bilal"], data, filename, content_type)
    pump.drain()
    document = status_of(client, tokens["bilal"], document_id)
    assert document["status"] == expected and document["download_url"] is None
    assert Document.get(document_id).object_key.startswith("rejected/")


def test_the_same_event_played_twice_acts_once(client, tokens, pump, stack_env, aws_endpoint):
    import boto3

    from chalicelib.services import documents
    from chalicelib.services.scanning import EicarScanner

    document_id = upload(client, tokens["anna"], fixtures.sample_pdf())
    record = Document.get(document_id)
    key = record.object_key
    assert documents.process_upload(key, EicarScanner()).value == "accepted"
    first = Document.get(document_id)
    assert documents.process_upload(key, EicarScanner()).value == "accepted"  # replay: nothing changes
    assert Document.get(document_id).processed_at == first.processed_at
    pump.drain()  # the real event arrives after the manual run: still one accepted document
    s3 = boto3.client("s3", endpoint_url=aws_endpoint, region_name="eu-central-1")
    listed = s3.list_objects_v2(Bucket=stack_env["DOCUMENTS_BUCKET"], Prefix=f"documents/{first.owner}/{document_id}")
    assert listed["KeyCount"] == 1


def test_bad_tickets_store_nothing(client, tokens):
    before = Document.count()
    for body in ({"filename": "../x.pdf", "content_type": "application/pdf", "size": 10, "category": "payslip"},
                 {"filename": "a.pdf.exe", "content_type": "application/pdf", "size": 10, "category": "payslip"},
                 {"filename": "a.pdf", "content_type": "text/html", "size": 10, "category": "payslip"},
                 {"filename": "a.pdf", "content_type": "application/pdf", "size": 0, "category": "payslip"},
                 {"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "category": "x"},
                 {"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "category": "payslip",
                  "owner": "someone-else"}):
        assert client.post("/api/documents/uploads", headers=bearer(tokens["anna"]), json_body=body).status == 400
    assert Document.count() == before


def test_another_citizens_document_answers_404(client, tokens, pump):
    document_id = upload(client, tokens["anna"], fixtures.sample_pdf())
    assert client.get(f"/api/documents/{document_id}", headers=bearer(tokens["bilal"])).status == 404
    assert client.request("DELETE", f"/api/documents/{document_id}", headers=bearer(tokens["bilal"])).status == 404
    assert client.get("/api/documents/doc_doesnotexist0000", headers=bearer(tokens["bilal"])).status == 404
    assert document_id not in [d["id"] for d in client.get("/api/documents", headers=bearer(tokens["bilal"])).json()[
        "items"]]


def test_only_pending_or_rejected_documents_can_be_deleted(client, tokens, pump):
    pending = upload(client, tokens["anna"], fixtures.sample_pdf())
    assert client.request("DELETE", f"/api/documents/{pending}", headers=bearer(tokens["anna"])).status == 204
    accepted = upload(client, tokens["anna"], fixtures.sample_pdf())
    pump.drain()
    assert client.request("DELETE", f"/api/documents/{accepted}", headers=bearer(tokens["anna"])).status == 409


def test_staff_see_a_citizens_documents_and_every_access_is_audited(client, tokens, pump):
    document_id = upload(client, tokens["anna"], fixtures.sample_pdf())
    pump.drain()
    anna = client.get("/api/staff/citizens?email=anna@example.org", headers=bearer(tokens["staff"])).json()
    listing = client.get(f"/api/staff/citizens/{anna['id']}/documents", headers=bearer(tokens["staff"])).json()
    assert document_id in [d["id"] for d in listing["items"]]
    trail = list(AuditRecord.query(f"citizen#{anna['id']}"))
    assert {"citizens.find", "documents.list"} <= {r.action for r in trail}
    assert all(r.actor and r.request_id for r in trail)
    assert client.get(f"/api/staff/citizens/{anna['id']}/documents", headers=bearer(tokens["anna"])).status == 403


def test_no_file_bytes_pass_through_the_api(client, tokens, aws_endpoint):
    data = fixtures.sample_pdf() * 20
    request = {"filename": "gross.pdf", "content_type": "application/pdf", "size": len(data), "category": "other"}
    ticket = client.post("/api/documents/uploads", headers=bearer(tokens["anna"]), json_body=request)
    # The file goes to S3 (moto here), the API only hands out the ticket: both messages are tiny.
    assert ticket.json()["url"].startswith(aws_endpoint)
    assert len(str(request)) < 200 and len(ticket.body) < 4096 < len(data)
