"""What we generate for uploads (moto does not enforce POST policies) and the verdict on file bytes."""

import base64
import json
from datetime import UTC, datetime

import boto3
import pytest

from chalicelib.errors import BadRequest
from chalicelib.services import documents
from chalicelib.services.documents import DocumentStatus, classify
from chalicelib.services.scanning import EicarScanner
from tests import fixtures


def _policy():
    client = boto3.client("s3", region_name="eu-central-1", aws_access_key_id="x", aws_secret_access_key="y")
    key = "quarantine/sub-1/doc_abcdefghijklmnop"
    fields, conditions = documents.upload_policy_conditions(key, "application/pdf", None)
    post = client.generate_presigned_post("bucket", key, Fields=fields, Conditions=conditions,
                                          ExpiresIn=documents.TICKET_SECONDS)
    return post, json.loads(base64.b64decode(post["fields"]["policy"]))


def test_policy_fixes_key_type_size_and_encryption_and_expires_within_five_minutes():
    post, policy = _policy()
    conditions = policy["conditions"]
    assert {"key": "quarantine/sub-1/doc_abcdefghijklmnop"} in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert ["content-length-range", 1, 15 * 1024 * 1024] in conditions
    assert {"x-amz-server-side-encryption": "aws:kms"} in conditions
    assert not any("acl" in json.dumps(c).lower() for c in conditions)
    assert "acl" not in {k.lower() for k in post["fields"]}
    expires = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert 0 < (expires - datetime.now(UTC)).total_seconds() <= 300


@pytest.mark.parametrize("filename,content_type,size,category,reason", [
    ("../x.pdf", "application/pdf", 10, "payslip", "filename_invalid"),
    ("a/b.pdf", "application/pdf", 10, "payslip", "filename_invalid"),
    ("a.pdf.exe", "application/pdf", 10, "payslip", "filename_invalid"),
    (".hidden.pdf", "application/pdf", 10, "payslip", "filename_invalid"),
    ("lohn", "application/pdf", 10, "payslip", "filename_invalid"),
    ("x" * 296 + ".pdf", "application/pdf", 10, "payslip", "filename_invalid"),
    ("lohn\u202efdp.exe", "application/pdf", 10, "payslip", "filename_invalid"),
    ("lohn.pdf", "application/x-msdownload", 10, "payslip", "type_not_allowed"),
    ("lohn.pdf", "application/pdf", 0, "payslip", "size_not_allowed"),
    ("lohn.pdf", "application/pdf", 15 * 1024 * 1024 + 1, "payslip", "size_not_allowed"),
    ("lohn.pdf", "application/pdf", 10, "tax_return", "category_unknown"),
])
def test_bad_upload_requests_are_refused(filename, content_type, size, category, reason):
    with pytest.raises(BadRequest) as caught:
        documents.check_upload_request(filename, content_type, size, category)
    assert caught.value.detail == reason


@pytest.mark.parametrize("name", ["Lohnabrechnung Oktober.pdf", "Kontoauszug_ä.pdf", "عقد الإيجار.pdf", "IMG_1.HEIC"])
def test_ordinary_names_in_any_script_are_kept(name):
    content_type = "image/heic" if name.endswith("HEIC") else "application/pdf"
    assert documents.check_upload_request(name, content_type, 10, "other") == name


@pytest.mark.parametrize("data,declared,expected", [
    (fixtures.sample_pdf(), "application/pdf", DocumentStatus.ACCEPTED),
    (fixtures.sample_png(), "image/png", DocumentStatus.ACCEPTED),
    (fixtures.sample_jpeg(), "image/jpeg", DocumentStatus.ACCEPTED),
    (fixtures.sample_png(), "image/jpeg", DocumentStatus.REJECTED_TYPE),
    (fixtures.sample_zip(), "application/pdf", DocumentStatus.REJECTED_TYPE),
    (fixtures.windows_executable(), "application/pdf", DocumentStatus.REJECTED_TYPE),
    (b"", "application/pdf", DocumentStatus.REJECTED_EMPTY),
    (fixtures.encrypted_pdf(), "application/pdf", DocumentStatus.REJECTED_ENCRYPTED),
    (fixtures.scripted_pdf(), "application/pdf", DocumentStatus.REJECTED_SCRIPTED),
    (b"%PDF-1.4" + b"\x00" * (15 * 1024 * 1024), "application/pdf", DocumentStatus.REJECTED_SIZE),
])
def test_verdict_on_the_real_bytes(data, declared, expected):
    assert classify(data, declared)[0] is expected


def test_eicar_is_detected_by_the_local_scanner():
    assert EicarScanner().is_infected("b", "k", fixtures.eicar_pdf())
    assert not EicarScanner().is_infected("b", "k", fixtures.sample_pdf())
