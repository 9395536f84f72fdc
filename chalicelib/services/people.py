"""Citizens as staff find them: the user pool is the source of truth (exact e-mail match only)."""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1024)
def citizen_exists(citizen_id: str) -> bool:
    client = aws.cognito()
    users = client.list_users(UserPoolId=settings().user_pool_id, Filter=f'sub = "{citizen_id.replace(chr(34), "")}"',
                              Limit=1).get("Users", [])
    return bool(users)


def require_citizen(citizen_id: str) -> None:
    if not citizen_exists(citizen_id):
        raise NotFound()
