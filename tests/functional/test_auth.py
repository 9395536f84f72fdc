"""The built-in authorizer: every kind of bad token answers 401 problem+json, never 500."""

import gzip
import json
import time
from pathlib import Path

import boto3
import jwt
import moto.cognitoidp
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import bearer


def _claims(stack_env, **overrides):
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.{stack_env['AWS_REGION']}.amazonaws.com/{stack_env['COGNITO_USER_POOL_ID']}",
        "sub": "forged-subject", "client_id": stack_env["COGNITO_CLIENT_ID"], "token_use": "access",
        "iat": now, "exp": now + 600, "cognito:groups": ["staff"],
    }
    claims.update(overrides)
    return claims


def _forged(stack_env, **overrides):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(_claims(stack_env, **overrides), key, algorithm="RS256", headers={"kid": "dummy"})


def _assert_401(response):
    assert response.status == 401, response.text
    assert "problem+json" in response.headers.get("Content-Type", response.headers.get("content-type", ""))
    assert response.json()["status"] == 401


def test_valid_token_maps_cognito_groups_to_roles(client, tokens):
    response = client.get("/api/me", headers=bearer(tokens["anna"]))
    assert response.status == 200
    assert response.json()["roles"] == ["citizen"]


def test_missing_authorization_header_answers_401(client):
    _assert_401(client.get("/api/me"))


def test_token_signed_with_another_key_answers_401(client, stack_env):
    _assert_401(client.get("/api/me", headers=bearer(_forged(stack_env))))


def test_unsigned_token_answers_401(client, stack_env):
    token = jwt.encode(_claims(stack_env), key=None, algorithm="none")
    _assert_401(client.get("/api/me", headers=bearer(token)))


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "Bearer", "x" * 5000, "eyJhbGciOiJSUzI1NiJ9.e30."])
def test_malformed_tokens_answer_401(client, token):
    _assert_401(client.get("/api/me", headers={"authorization": f"Bearer {token}"}))


def _signed_like_moto(stack_env, **overrides):
    """Correctly signed (moto's pool key, kid `dummy`) but with the claims the test chooses."""
    key_file = Path(moto.cognitoidp.__file__).parent / "resources" / "jwks-private.json.gz"
    key = jwt.algorithms.RSAAlgorithm.from_jwk(json.loads(gzip.decompress(key_file.read_bytes())))
    return jwt.encode(_claims(stack_env, **overrides), key, algorithm="RS256", headers={"kid": "dummy"})


def test_correctly_signed_token_with_good_claims_is_accepted(client, stack_env):
    # The control for the claim tests below: only the one claim they change makes them fail.
    response = client.get("/api/me", headers=bearer(_signed_like_moto(stack_env)))
    assert response.status == 200, response.text
    assert response.json() == {"subject": "forged-subject", "roles": ["staff"]}


def test_expired_token_answers_401(client, stack_env):
    now = int(time.time())
    _assert_401(client.get("/api/me", headers=bearer(_signed_like_moto(stack_env, iat=now - 7200,
                                                                       exp=now - 3600))))


def test_token_for_another_app_client_answers_401(client, stack_env):
    _assert_401(client.get("/api/me", headers=bearer(_signed_like_moto(stack_env, client_id="someone-else"))))


def test_token_with_wrong_token_use_answers_401(client, stack_env):
    _assert_401(client.get("/api/me", headers=bearer(_signed_like_moto(stack_env, token_use="id"))))


def test_unknown_groups_grant_no_role(client, stack_env):
    token = _signed_like_moto(stack_env, **{"cognito:groups": ["admin", "root"]})
    assert client.get("/api/me", headers=bearer(token)).json()["roles"] == []


def test_token_of_another_user_pool_answers_401(client, aws_endpoint, stack_env):
    idp = boto3.client("cognito-idp", endpoint_url=aws_endpoint, region_name=stack_env["AWS_REGION"])
    pool = idp.create_user_pool(PoolName="other-pool", UsernameAttributes=["email"])["UserPool"]["Id"]
    app_client = idp.create_user_pool_client(UserPoolId=pool, ClientName="x",
                                             ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])
    client_id = app_client["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="eve@example.org", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="eve@example.org", Password="Other-Pool-2026!",
                                Permanent=True)
    token = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "eve@example.org", "PASSWORD": "Other-Pool-2026!"})["AuthenticationResult"]["AccessToken"]
    _assert_401(client.get("/api/me", headers=bearer(token)))


def test_id_token_is_not_accepted_as_access_token(client):
    id_token = client.post("/api/auth/login", json_body={"username": "anna@example.org",
                                                         "password": "Local-Demo-2026!"}).json()["id_token"]
    _assert_401(client.get("/api/me", headers=bearer(id_token)))


def test_wrong_password_answers_401_without_saying_which_part_was_wrong(client):
    for username in ("anna@example.org", "nobody@example.org"):
        response = client.post("/api/auth/login", json_body={"username": username, "password": "wrong-Pass-1!"})
        _assert_401(response)
        assert "anna" not in response.text and "nobody" not in response.text
