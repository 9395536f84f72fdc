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
    birthdate: str = ""  # YYYY-MM-DD (OIDC standard attribute), where the account has one


def _attributes(user: dict) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in user.get("Attributes", user.get("UserAttributes", []))}


def _user_by_email(email: str) -> dict:
    escaped = email.strip().replace("\\", "").replace('"', "")
    users = aws.cognito().list_users(UserPoolId=settings().user_pool_id, Filter=f'email = "{escaped}"',
                                     Limit=2).get("Users", [])
    if len(users) != 1:
        raise NotFound()
    return users[0]


def find_citizen_by_email(email: str) -> Citizen:
    return _person(_user_by_email(email))


def _person(user: dict) -> Citizen:
    attributes = _attributes(user)
    return Citizen(id=attributes["sub"], email=attributes.get("email", ""), name=attributes.get("name", ""),
                   birthdate=attributes.get("birthdate", ""))


def find_staff_by_email(email: str) -> Citizen:
    """A member of staff by exact work e-mail address; anyone else (or no one) is NotFound."""
    user = _user_by_email(email)
    groups = aws.cognito().admin_list_groups_for_user(UserPoolId=settings().user_pool_id,
                                                      Username=user["Username"]).get("Groups", [])
    if "staff" not in {group["GroupName"] for group in groups}:
        raise NotFound()
    return _person(user)


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
    found = _person(users[0])
    if len(_KNOWN) < 4096:
        _KNOWN[citizen_id] = found
    return found


def require_citizen(citizen_id: str) -> Citizen:
    found = citizen_by_id(citizen_id)
    if found is None:
        raise NotFound()
    return found
