from tests.conftest import bearer


def test_health_reports_every_dependency_up(client):
    response = client.get("/health")
    assert response.status == 200, response.text
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["dependencies"]) == {"dynamodb", "s3", "sqs", "cognito"}


def test_me_answers_with_the_callers_roles(client, tokens):
    response = client.get("/api/me", headers=bearer(tokens["staff"]))
    assert response.status == 200, response.text
    assert response.json()["roles"] == ["staff"]
