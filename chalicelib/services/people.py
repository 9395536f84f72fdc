"""Citizens as staff find them: the user pool is the source of truth (exact e-mail match only)."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.errors import NotFound


@dataclass(frozen=True)
class Citizen:
    id: str
    email: str
    name: str


def _attributes(user: dict) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user.get("Attributes", user.get("UserAttributes", []))}


def find_citizen_by_email(email: str) -> Citizen:
    escaped = email.strip().replace("\\", "").replace('"', "")
    users = aws.cognito().list_users(UserPoolId=settings().user_pool_id, Filter=f'email = "{escaped}"',
                                     Limit=2).get("Users", [])
    if len(users) != 1:
        raise NotFound()
    attributes = _attributes(users[0])
    return Citizen(id=attributes["sub"], email=attributes.get("email", ""), name=attributes.get("name", ""))


_KNOWN: dict[str, Citizen] = {}


def citizen_by_id(citizen_id: str) -> Citizen | None:
    """The citizen with this id (Cognito `sub`), or None. Found citizens are remembered per process;
    an unknown id is asked again next time (the account may be created meanwhile)."""
    if citizen_id in _KNOWN:
        return _KNOWN[citizen_id]
    escaped = citizen_id.replace("\\", "").replace('"', "")
    users = aws.cognito().list_users(UserPoolId=settings().user_pool_id, Filter=f'sub = "{escaped}"',
                                     Limit=1).get("Users", [])
    if not users:
        return None
    attributes = _attributes(users[0])
    found = Citizen(id=attributes["sub"], email=attributes.get("email", ""), name=attributes.get("name", ""))
    if len(_KNOWN) < 4096:
        _KNOWN[citizen_id] = found
    return found


def require_citizen(citizen_id: str) -> Citizen:
    found = citizen_by_id(citizen_id)
    if found is None:
        raise NotFound()
    return found
