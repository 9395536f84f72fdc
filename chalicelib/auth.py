"""Authentication: Cognito JWT verification, the built-in authorizer, roles, web sessions, CSRF."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from chalice import AuthResponse, Blueprint

from chalicelib import aws
from chalicelib.config import Settings, settings
from chalicelib.errors import Unauthenticated
from chalicelib.observability import logger

if TYPE_CHECKING:
    from chalicelib.models.session import WebSession

# PyJWT (with cryptography) and the session model (PynamoDB, botocore) are imported on first use to
# keep them out of the cold import of the app.

CITIZEN, STAFF, YOUTH = "citizen", "staff", "youth"
ROLES = frozenset({CITIZEN, STAFF, YOUTH})
SESSION_COOKIE = "kjc_session"
CSRF_COOKIE = "kjc_csrf"
# A session's expiry is pushed forward at most once a minute, so most requests cost one read only.
SESSION_TOUCH_SECONDS = 60


class Unauthorized(Exception):  # noqa: N818 - API Gateway answers 401 for exactly this message
    """Raised by the authorizer: API Gateway turns the message `Unauthorized` into a 401."""

    def __init__(self) -> None:
        super().__init__("Unauthorized")


@dataclass(frozen=True)
class Principal:
    subject: str
    groups: frozenset[str]
    email: str = ""

    def has(self, role: str) -> bool:
        return role in self.groups


class TokenVerifier:
    """Verifies Cognito access tokens: signature (JWKS), expiry, issuer, client id, token use."""

    def __init__(self, config: Settings) -> None:
        import jwt

        self._config = config
        self._jwks = jwt.PyJWKClient(config.jwks_url, cache_keys=True, lifespan=3600, timeout=5)

    def verify(self, token: str) -> Principal:
        import jwt

        try:
            signing_key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                signing_key.key,
                algorithms=["RS256"],
                issuer=self._config.issuer,
                options={"require": ["exp", "iat", "sub", "token_use", "iss"]},
                leeway=5,
            )
        except (jwt.PyJWTError, ValueError) as err:
            # PyJWKClientError (unknown kid, JWKS unreachable) is a PyJWTError as well.
            logger.info("token rejected", extra={"reason": type(err).__name__})
            raise Unauthenticated() from err
        if claims.get("token_use") != "access" or claims.get("client_id") != self._config.user_pool_client_id:
            logger.info("token rejected", extra={"reason": "token_use_or_client"})
            raise Unauthenticated()
        groups = frozenset(g for g in claims.get("cognito:groups", []) if g in ROLES)
        return Principal(subject=str(claims["sub"]), groups=groups)


@functools.cache
def verifier() -> TokenVerifier:
    return TokenVerifier(settings())


def bearer_token(header: str | None) -> str:
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated()
    return token.strip()


authorizer_blueprint = Blueprint(__name__)


@authorizer_blueprint.authorizer()
def jwt_authorizer(auth_request: Any) -> AuthResponse:
    """The Chalice built-in authorizer in front of every protected /api route."""
    try:
        principal = verifier().verify(bearer_token(auth_request.token))
    except Unauthenticated:
        raise Unauthorized() from None
    return AuthResponse(
        routes=["*"],
        principal_id=principal.subject,
        context={"groups": ",".join(sorted(principal.groups))},
    )


def principal_from_context(request_context: dict[str, Any]) -> Principal:
    """The principal the authorizer put into the request context."""
    auth = request_context.get("authorizer") or {}
    subject = auth.get("principalId")
    if not subject:
        raise Unauthenticated()
    groups = frozenset(g for g in str(auth.get("groups", "")).split(",") if g)
    return Principal(subject=subject, groups=groups)


# -- sign-in -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    refresh_token: str
    expires_in: int


def sign_in(email: str, password: str) -> Tokens:
    """Password sign-in through Cognito. Wrong user and wrong password look the same."""
    client = aws.cognito()
    try:
        result = client.initiate_auth(
            ClientId=settings().user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except (client.exceptions.NotAuthorizedException, client.exceptions.UserNotFoundException,
            client.exceptions.UserNotConfirmedException, client.exceptions.InvalidParameterException) as err:
        raise Unauthenticated("wrong_credentials") from err
    auth = result.get("AuthenticationResult")
    if not auth:  # a challenge (new password, MFA) the web form does not handle yet
        raise Unauthenticated("challenge_required")
    return Tokens(
        access_token=auth["AccessToken"],
        id_token=auth["IdToken"],
        refresh_token=auth.get("RefreshToken", ""),
        expires_in=int(auth["ExpiresIn"]),
    )


# -- web sessions ----------------------------------------------------------------------------------


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def create_session(email: str, password: str) -> tuple[str, WebSession]:
    """Sign in and open a server-side session. Returns the cookie value and the stored session."""
    from chalicelib.models.session import WebSession

    tokens = sign_in(email, password)
    principal = verifier().verify(tokens.access_token)
    session_id = secrets.token_urlsafe(32)
    now = int(time.time())
    session = WebSession(
        _hash(session_id),
        subject=principal.subject,
        email=email,
        groups=sorted(principal.groups),
        csrf_token=secrets.token_urlsafe(24),
        last_seen=now,
        expires_at=datetime.fromtimestamp(now + settings().session_idle_seconds, UTC),
    )
    session.save()
    logger.info("web session opened", extra={"subject": principal.subject})
    return session_id, session


def load_session(session_id: str | None) -> WebSession | None:
    """The live session for a cookie value, or None. Expired sessions count as absent (TTL is lazy)."""
    if not session_id or len(session_id) > 128:
        return None
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.session import WebSession

    try:
        session = WebSession.get(_hash(session_id), consistent_read=True)
    except DoesNotExist:
        return None
    now = int(time.time())
    if now - int(session.last_seen) > settings().session_idle_seconds:
        return None
    if now - int(session.last_seen) > SESSION_TOUCH_SECONDS:
        session.update(actions=[
            WebSession.last_seen.set(now),
            WebSession.expires_at.set(datetime.fromtimestamp(now + settings().session_idle_seconds, UTC)),
        ])
    return session


def end_session(session_id: str | None) -> None:
    if session_id:
        from chalicelib.models.session import WebSession

        WebSession(_hash(session_id)).delete()


def principal_of(session: WebSession) -> Principal:
    return Principal(subject=session.subject, groups=frozenset(session.groups), email=session.email)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
