import dataclasses

from chalicelib.config import settings
from chalicelib.services.health import check_dependencies


def test_health_answers_503_naming_the_dependency_that_is_down(client, monkeypatch):
    broken = dataclasses.replace(settings(), documents_bucket="kjc-local-no-such-bucket")
    monkeypatch.setattr("chalicelib.api.system.settings", lambda: broken)
    response = client.get("/health")
    assert response.status == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["dependencies"]["s3"]["ok"] is False
    assert body["dependencies"]["dynamodb"]["ok"] is True


def test_each_dependency_is_checked_on_its_own():
    broken = dataclasses.replace(settings(), user_pool_id="eu-central-1_missing",
                                 table_prefix="kjc-nowhere-")
    status = {s.name: s.ok for s in check_dependencies(broken)}
    assert status == {"dynamodb": False, "s3": True, "sqs": True, "cognito": False}
