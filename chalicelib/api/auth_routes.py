"""Sign-in for apps and tests: username and password in, Cognito tokens out."""

from __future__ import annotations

from chalice import Blueprint
from pydantic import Field

from chalicelib import auth
from chalicelib.api.schemas import Model, Strict
from chalicelib.errors import Unauthenticated
from chalicelib.http import ANY_ROLE, ApiContext, api_route

auth_api = Blueprint(__name__)


class LoginRequest(Strict):
    username: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(Model):
    access_token: str
    id_token: str
    refresh_token: str
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class Me(Model):
    subject: str
    roles: list[str]


@api_route(auth_api, "/api/auth/login", "POST", summary="Sign in with e-mail and password",
           tags=["auth"], body=LoginRequest, response=TokenResponse, errors=(401,))
def login(ctx: ApiContext) -> TokenResponse:
    tokens = auth.sign_in(ctx.body.username.strip(), ctx.body.password)
    return TokenResponse(access_token=tokens.access_token, id_token=tokens.id_token,
                         refresh_token=tokens.refresh_token, expires_in=tokens.expires_in)


@api_route(auth_api, "/api/me", summary="Who am I: the caller's id and roles", tags=["auth"],
           role=ANY_ROLE, response=Me)
def me(ctx: ApiContext) -> Me:
    principal = ctx.principal
    if principal is None:
        raise Unauthenticated()
    return Me(subject=principal.subject, roles=sorted(principal.groups))
