"""The youth career pass (companion to the Berufswahlpass): strengths, experiences, plan, documents,
sharing with a counsellor, external assessments through one-time links, parents' consent under 16.

Who may use it: members of the Cognito group `youth` whose account carries a birth date (OIDC
`birthdate`, set by the U25 team at registration) between their 14th and 26th birthday. Under 16 the
pass is read-only until a parent has consented through the link sent to them (GDPR Art. 8, BDSG).
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import ConfigDict, Field, StrictBool, ValidationError, model_validator

from chalicelib import aws
from chalicelib.api.schemas import Model, Strict
from chalicelib.config import settings
from chalicelib.content import load_yaml
from chalicelib.errors import BadRequest, FieldError, Forbidden, NotFound, ValidationFailed
from chalicelib.observability import logger
from chalicelib.services import documents, people
from chalicelib.text import VISIBLE_PATTERN, clean_input

MIN_AGE, MAX_AGE, CONSENT_AGE = 14, 25, 16
CONSENT_LINK_DAYS = 7
ASSESSMENT_LINK_DAYS = 14
MAX_ENTRIES_PER_KIND = 100
MAX_SHARES = 10
ENTRY_KINDS = ("experience", "goal", "talk", "assessment")
ASSESSOR_ROLES = ("teacher", "parent", "counsellor", "employer")
_ID = r"^[A-Za-z0-9_-]{1,40}$"


class ConsentState:
    NOT_NEEDED, REQUIRED, GIVEN = "not_needed", "required", "given"


# -- what a young person writes: one definition for the API bodies and the web forms ---------------


def _text(max_length: int, *, required: bool = True) -> Any:
    if required:
        return Field(min_length=1, max_length=max_length, pattern=VISIBLE_PATTERN)
    return Field(default="", max_length=max_length)


class ExperienceIn(Strict):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=False)
    kind: Literal["internship", "job", "volunteering", "course", "other"]
    title: str = _text(120)
    place: str = _text(120, required=False)
    start: date
    end: date | None = None
    did: str = _text(1000, required=False)
    learned: str = _text(1000, required=False)

    @model_validator(mode="after")
    def _end_after_start(self) -> ExperienceIn:
        if self.end is not None and self.end < self.start:
            raise ValueError("end_before_start")
        return self


class StepIn(Strict):
    title: str = _text(120)
    kind: Literal["application", "open_day", "counselling", "internship", "other"] = "other"
    due: date | None = None
    done: StrictBool = False


class GoalIn(Strict):
    title: str = _text(120)
    target: date | None = None
    steps: list[StepIn] = Field(default_factory=list, max_length=20)


class TalkIn(Strict):
    held_on: date
    with_whom: str = _text(100)
    agreed: str = _text(1000)


class SelfAssessmentIn(Strict):
    levels: dict[str, int] = Field(max_length=40, description="strength id -> level (1-4) on the catalogue's scale")
    interests: list[str] = Field(default_factory=list, max_length=20)


class AssessmentIn(Strict):
    assessor_name: str = _text(100)
    levels: dict[str, int] = Field(default_factory=dict, max_length=40)
    comment: str = _text(1000, required=False)


class ConsentRequestIn(Strict):
    parent_name: str = _text(100)
    parent_email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    lang: Literal["de", "en", "ar", "fa", "ur", "ti"] = "de"


class ConsentIn(Strict):
    parent_name: str = _text(100)
    agree: StrictBool


class ShareIn(Strict):
    counsellor_email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AssessmentLinkIn(Strict):
    role: Literal["teacher", "parent", "counsellor", "employer"]


ENTRY_MODELS: dict[str, type[Model]] = {"experience": ExperienceIn, "goal": GoalIn, "talk": TalkIn}


def parse(model: type[Model], data: dict[str, Any], lang: str) -> Any:
    """A web form through the same model as the API body; a message per field in the visitor's language."""
    from chalicelib.i18n import field_errors

    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ValidationFailed(field_errors(err, lang, fallback="validation.value_error")) from err


# -- the strengths catalogue (content/careers/strengths.yaml) --------------------------------------


@functools.cache
def catalogue() -> dict[str, Any]:
    return load_yaml("careers/strengths.yaml")


def _localised(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts["de"]


def strengths(lang: str) -> list[dict[str, str]]:
    return [{"id": s["id"], "group": s["group"], "title": _localised(s["title"], lang),
             "hint": _localised(s["hint"], lang)} for s in catalogue()["strengths"]]


def scale(lang: str) -> list[dict[str, Any]]:
    return [{"level": s["level"], "label": _localised(s["label"], lang)} for s in catalogue()["scale"]]


def interests(lang: str) -> list[dict[str, str]]:
    return [{"id": i["id"], "title": _localised(i["title"], lang)} for i in catalogue()["interests"]]


def groups(lang: str) -> list[dict[str, str]]:
    return [{"id": g["id"], "title": _localised(g["title"], lang)} for g in catalogue()["groups"]]


def _refused(field: str, detail: str, lang: str) -> ValidationFailed:
    """A 422 for one field, its message in the caller's language."""
    from chalicelib.i18n import translate

    return ValidationFailed([FieldError(field=field, message=translate(lang, f"error.{detail}"))], detail=detail)


def _check_levels(levels: dict[str, int], field: str, lang: str) -> dict[str, int]:
    known = {s["id"] for s in catalogue()["strengths"]}
    top = max(s["level"] for s in catalogue()["scale"])
    wrong = [key for key, level in levels.items() if key not in known or not 1 <= level <= top]
    if wrong:
        raise _refused(f"{field}.{wrong[0]}"[:80], "strength_unknown", lang)
    return dict(levels)


# -- the pass ----------------------------------------------------------------------------------------


def age_on(birthdate: date, today: date) -> int:
    return today.year - birthdate.year - ((today.month, today.day) < (birthdate.month, birthdate.day))


def get_pass(owner: str) -> Any | None:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.career import CareerPass

    try:
        return CareerPass.get(owner)
    except DoesNotExist:
        return None


def start_pass(owner: str, today: date | None = None) -> Any:
    """The pass, created on first use from the account's birth date; the same pass ever after."""
    from pynamodb.exceptions import PutError

    from chalicelib.models.career import CareerPass

    existing = get_pass(owner)
    if existing is not None:
        if existing.consent == ConsentState.REQUIRED and age_on(
                date.fromisoformat(existing.birthdate), today or date.today()) >= CONSENT_AGE:
            return _consent_no_longer_needed(existing)  # turned 16 while waiting for the parents
        return existing
    person = people.require_citizen(owner)
    try:
        birthdate = date.fromisoformat(person.birthdate)
    except ValueError:
        raise Forbidden("career_birthdate_missing") from None
    age = age_on(birthdate, today or date.today())
    if not MIN_AGE <= age <= MAX_AGE:
        raise Forbidden("career_age_out_of_range")
    career_pass = CareerPass(owner, birthdate=birthdate.isoformat(),
                             consent=ConsentState.REQUIRED if age < CONSENT_AGE else ConsentState.NOT_NEEDED)
    try:
        career_pass.save(condition=CareerPass.owner.does_not_exist())
    except PutError:
        return get_pass(owner)  # a second tab started it at the same moment
    logger.info("career pass started", extra={"consent": career_pass.consent})
    return career_pass


def usable_pass(owner: str) -> Any:
    """The pass for reading and writing: started, and with the parents' consent where needed."""
    career_pass = start_pass(owner)
    if career_pass.consent == ConsentState.REQUIRED:
        raise Forbidden("career_consent_required")
    return career_pass


def _consent_no_longer_needed(career_pass: Any) -> Any:
    from chalicelib.models.career import CareerPass

    career_pass.update(actions=[CareerPass.consent.set(ConsentState.NOT_NEEDED)])
    return career_pass


def save_self_assessment(owner: str, answer: SelfAssessmentIn, lang: str) -> Any:
    from chalicelib.models.career import CareerPass

    career_pass = usable_pass(owner)
    levels = _check_levels(answer.levels, "levels", lang)
    known = {i["id"] for i in catalogue()["interests"]}
    if any(i not in known for i in answer.interests):
        raise _refused("interests", "strength_unknown", lang)
    career_pass.update(actions=[CareerPass.strengths.set(levels),
                                CareerPass.interests.set(sorted(set(answer.interests))),
                                CareerPass.assessed_at.set(datetime.now(UTC))])
    return career_pass


# -- entries: experiences, goals, talks, assessments ----------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    data: dict[str, Any]
    created_at: str
    updated_at: str | None


def _entry(record: Any) -> Entry:
    return Entry(id=record.entry_key.split("#", 1)[1], kind=record.kind, data=record.data,
                 created_at=record.created_at.isoformat(),
                 updated_at=record.updated_at.isoformat() if record.updated_at else None)


def _stored(model: Model) -> dict[str, Any]:
    data = json.loads(model.model_dump_json())
    return {key: clean_input(value) if isinstance(value, str) else value for key, value in data.items()}


def list_entries(owner: str, kind: str) -> list[Entry]:
    from chalicelib.models.career import CareerEntry

    records = CareerEntry.query(owner, CareerEntry.entry_key.startswith(f"{kind}#"))
    entries = [_entry(record) for record in records]
    date_field = {"experience": "start", "goal": "target", "talk": "held_on"}.get(kind)
    return sorted(entries, key=lambda e: (e.data.get(date_field) or "", e.created_at) if date_field
                  else e.created_at, reverse=True)


def add_entry(owner: str, kind: str, content: Model) -> Entry:
    from chalicelib.models.career import CareerEntry

    usable_pass(owner)
    if kind not in ENTRY_MODELS:
        raise NotFound()
    if sum(1 for _ in CareerEntry.query(owner, CareerEntry.entry_key.startswith(f"{kind}#"),
                                        attributes_to_get=["entry_key"])) >= MAX_ENTRIES_PER_KIND:
        raise BadRequest("career_too_many_entries")
    entry_id = f"{kind[:3]}_{secrets.token_urlsafe(9)}"
    record = CareerEntry(owner, f"{kind}#{entry_id}", kind=kind, data=_stored(content))
    record.save(condition=CareerEntry.entry_key.does_not_exist())
    logger.info("career entry added", extra={"kind": kind, "entry": entry_id})
    return _entry(record)


def _own_entry(owner: str, kind: str, entry_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.career import CareerEntry

    if kind not in ENTRY_KINDS or not entry_id or len(entry_id) > 40:
        raise NotFound()
    try:
        return CareerEntry.get(owner, f"{kind}#{entry_id}")  # the owner is the key: no one else's entry
    except DoesNotExist:
        raise NotFound() from None


def get_entry(owner: str, kind: str, entry_id: str) -> Entry:
    usable_pass(owner)
    return _entry(_own_entry(owner, kind, entry_id))


def update_entry(owner: str, kind: str, entry_id: str, content: Model) -> Entry:
    from chalicelib.models.career import CareerEntry

    usable_pass(owner)
    if kind not in ENTRY_MODELS:
        raise NotFound()
    record = _own_entry(owner, kind, entry_id)
    record.update(actions=[CareerEntry.data.set(_stored(content)), CareerEntry.updated_at.set(datetime.now(UTC))])
    return _entry(record)


def toggle_step(owner: str, goal_id: str, index: int) -> Entry:
    """Mark one step of a goal done, or not done again."""
    from chalicelib.models.career import CareerEntry

    usable_pass(owner)
    record = _own_entry(owner, "goal", goal_id)
    steps = list(record.data.get("steps", []))
    if not 0 <= index < len(steps):
        raise NotFound()
    steps[index] = {**steps[index], "done": not steps[index].get("done", False)}
    record.update(actions=[CareerEntry.data.set({**record.data, "steps": steps}),
                           CareerEntry.updated_at.set(datetime.now(UTC))])
    return _entry(record)


def delete_entry(owner: str, kind: str, entry_id: str) -> None:
    usable_pass(owner)
    _own_entry(owner, kind, entry_id).delete()


# -- documents (the portal's pipeline: presigned POST, checks, case file) ------------------------


def create_upload(owner: str, filename: str, content_type: str, size: int, category: str,
                  experience_id: str | None = None, redirect: str | None = None) -> documents.UploadTicket:
    usable_pass(owner)
    if category not in ("photo", "certificate", "other"):
        raise BadRequest("category_unknown")
    if experience_id is not None:
        _own_entry(owner, "experience", experience_id)
    return documents.create_upload(owner, filename, content_type, size, category, link_kind="career",
                                   link_id=experience_id or "pass", redirect=redirect)


def own_document(owner: str, document_id: str) -> Any:
    """One photo or certificate of the pass; any other document (or another person's) is NotFound."""
    usable_pass(owner)
    document = documents.own_document(owner, document_id)
    if document.link_kind != "career":
        raise NotFound()
    return document


def career_documents(owner: str) -> list[Any]:
    return [d for d in documents.list_documents(owner) if d.link_kind == "career"]


# -- one-time links: parents' consent and external assessments -----------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(owner: str, purpose: str, days: int, lang: str, role: str | None = None) -> str:
    from chalicelib.models.career import CareerLink

    token = secrets.token_urlsafe(24)
    CareerLink(_token_hash(token), purpose=purpose, owner=owner, role=role, lang=lang,
               expires_at=datetime.now(UTC) + timedelta(days=days)).save()
    return token


def open_link(token: str, purpose: str) -> Any:
    """The link behind a token, while it is unused and unexpired (TTL deletion is lazy)."""
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.career import CareerLink

    if not token or len(token) > 64:
        raise NotFound("career_link_invalid")
    try:
        link = CareerLink.get(_token_hash(token))
    except DoesNotExist:
        raise NotFound("career_link_invalid") from None
    if link.purpose != purpose or link.used_at is not None or link.expires_at <= datetime.now(UTC):
        raise NotFound("career_link_invalid")
    return link


def _spend(link: Any) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.career import CareerLink

    try:
        link.update(actions=[CareerLink.used_at.set(datetime.now(UTC))],
                    condition=CareerLink.used_at.does_not_exist())
    except UpdateError:
        raise NotFound("career_link_invalid") from None


def request_consent(owner: str, request: ConsentRequestIn) -> Any:
    """Store whom to ask, then queue the e-mail to the parent (functions/career_mail)."""
    from chalicelib.models.career import CareerPass

    career_pass = get_pass(owner) or start_pass(owner)
    if career_pass.consent != ConsentState.REQUIRED:
        raise BadRequest("career_consent_not_needed")
    career_pass.update(actions=[CareerPass.consent_parent_name.set(clean_input(request.parent_name)),
                                CareerPass.consent_parent_email.set(request.parent_email.strip()),
                                CareerPass.consent_requested_at.set(datetime.now(UTC))])
    aws.sqs().send_message(QueueUrl=settings().careers_queue_url, MessageBody=json.dumps(
        {"event": "consent_requested", "owner": owner, "lang": request.lang,
         "requested_at": career_pass.consent_requested_at.isoformat()}))
    logger.info("parental consent requested")
    return career_pass


def send_consent_request(owner: str, lang: str, requested_at: str, sender: Any = None) -> bool:
    """Worker: the e-mail to the parent with a fresh one-time link, claimed before sending so that a
    replayed message sends once; a message whose request was replaced by a newer one sends nothing."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.career import CareerPass
    from chalicelib.services import notices

    career_pass = get_pass(owner)
    if (career_pass is None or career_pass.consent != ConsentState.REQUIRED
            or career_pass.consent_requested_at is None
            or career_pass.consent_requested_at.isoformat() != requested_at):
        return False
    try:
        career_pass.update(actions=[CareerPass.consent_mailed_for.set(requested_at)],
                           condition=CareerPass.consent_mailed_for.does_not_exist()
                           | (CareerPass.consent_mailed_for != requested_at))
    except UpdateError:
        return False
    token = _new_link(owner, "consent", CONSENT_LINK_DAYS, lang)
    texts = load_yaml("careers/consent_mail.yaml")
    mail = texts.get(lang) or texts["de"]
    link = f"{settings().public_base_url}/careers/consent/{token}?lang={lang}"
    try:
        (sender or notices.default_sender()).send(career_pass.consent_parent_email, mail["subject"],
                                                  mail["body"].format(link=link, days=CONSENT_LINK_DAYS))
    except notices.TransientSendError:
        career_pass.update(actions=[CareerPass.consent_mailed_for.remove()])  # let the retry send it
        raise
    except notices.PermanentSendError as err:
        logger.warning("parental consent mail refused", extra={"code": err.code})
        return False
    logger.info("parental consent mail sent")
    return True


def give_consent(token: str, answer: ConsentIn, lang: str) -> Any:
    from chalicelib.models.career import CareerPass

    link = open_link(token, "consent")
    if not answer.agree:
        raise _refused("agree", "career_consent_unticked", lang)
    career_pass = get_pass(link.owner)
    if career_pass is None:
        raise NotFound("career_link_invalid")
    _spend(link)
    career_pass.update(actions=[CareerPass.consent.set(ConsentState.GIVEN),
                                CareerPass.consent_parent_name.set(clean_input(answer.parent_name)),
                                CareerPass.consent_given_at.set(datetime.now(UTC))])
    logger.info("parental consent given")
    return career_pass


def create_assessment_link(owner: str, role: str, lang: str) -> tuple[str, datetime]:
    usable_pass(owner)
    if role not in ASSESSOR_ROLES:
        raise BadRequest("career_role_unknown")
    token = _new_link(owner, "assessment", ASSESSMENT_LINK_DAYS, lang, role=role)
    return token, datetime.now(UTC) + timedelta(days=ASSESSMENT_LINK_DAYS)


def assessment_subject(token: str) -> tuple[Any, str]:
    """For the assessor's page: the link and the young person's first name (nothing else is shown)."""
    link = open_link(token, "assessment")
    person = people.citizen_by_id(link.owner)
    return link, (person.name.split(" ")[0] if person and person.name else "")


def add_assessment(token: str, answer: AssessmentIn, lang: str) -> Entry:
    from chalicelib.models.career import CareerEntry

    link = open_link(token, "assessment")
    if get_pass(link.owner) is None:
        raise NotFound("career_link_invalid")  # the pass was deleted after the link was made
    levels = _check_levels(answer.levels, "levels", lang)
    _spend(link)  # add-only and once: the link cannot read the pass nor write twice
    entry_id = f"ass_{secrets.token_urlsafe(9)}"
    record = CareerEntry(link.owner, f"assessment#{entry_id}", kind="assessment", data={
        "assessor_name": clean_input(answer.assessor_name), "role": link.role, "levels": levels,
        "comment": clean_input(answer.comment), "given_on": date.today().isoformat()})
    record.save(condition=CareerEntry.entry_key.does_not_exist())
    logger.info("career assessment added", extra={"entry": entry_id, "role": link.role})
    return _entry(record)


# -- sharing with a counsellor ---------------------------------------------------------------------


def list_shares(owner: str) -> list[Any]:
    from chalicelib.models.career import CareerShare

    return list(CareerShare.by_owner.query(owner, scan_index_forward=False))


def share_with(owner: str, request: ShareIn, lang: str) -> Any:
    from chalicelib.models.career import CareerShare

    usable_pass(owner)
    try:
        counsellor = people.find_staff_by_email(request.counsellor_email)
    except NotFound:
        raise _refused("counsellor_email", "career_counsellor_unknown", lang) from None
    existing = list_shares(owner)
    for share in existing:
        if share.counsellor == counsellor.id:
            return share
    if len(existing) >= MAX_SHARES:
        raise BadRequest("career_too_many_shares")
    me = people.require_citizen(owner)
    share = CareerShare("shr_" + secrets.token_urlsafe(12), owner=owner, owner_name=me.name or "-",
                        counsellor=counsellor.id, counsellor_name=counsellor.name or counsellor.email,
                        created_key=f"{datetime.now(UTC).isoformat()}")
    share.save(condition=CareerShare.share_id.does_not_exist())
    logger.info("career pass shared", extra={"share": share.share_id})
    return share


def _share(share_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.career import CareerShare

    if not share_id.startswith("shr_") or len(share_id) > 40:
        raise NotFound()
    try:
        return CareerShare.get(share_id)
    except DoesNotExist:
        raise NotFound() from None


def revoke_share(owner: str, share_id: str) -> None:
    share = _share(share_id)
    if share.owner != owner:
        raise NotFound()
    share.delete()
    logger.info("career pass share revoked", extra={"share": share_id})


def shares_for_counsellor(counsellor: str) -> list[Any]:
    from chalicelib.models.career import CareerShare

    return list(CareerShare.by_counsellor.query(counsellor, scan_index_forward=False))


def shared_pass(counsellor: str, share_id: str) -> tuple[Any, PassView]:
    """A pass as its counsellor sees it: only while shared with exactly this member of staff."""
    share = _share(share_id)
    if share.counsellor != counsellor:
        raise NotFound()
    return share, pass_view(share.owner)


def delete_pass(owner: str) -> None:
    """Erase the pass (GDPR Art. 17): entries, shares, its photos and certificates, then the pass.
    One-time links left behind find no pass and stay dead until their TTL removes them."""
    from chalicelib.models.career import CareerEntry

    career_pass = get_pass(owner)
    if career_pass is None:
        raise NotFound()
    with CareerEntry.batch_write() as batch:
        for record in CareerEntry.query(owner):
            batch.delete(record)
    for share in list_shares(owner):
        share.delete()
    for document in career_documents(owner):
        aws.s3().delete_object(Bucket=settings().documents_bucket, Key=document.object_key)
        document.delete()
    career_pass.delete()
    logger.info("career pass deleted")


# -- the whole pass: staff view, JSON export, PDF -------------------------------------------------


@dataclass(frozen=True)
class PassView:
    name: str
    birthdate: str
    consent: str
    strengths: dict[str, int]
    interests: list[str]
    experiences: list[Entry]
    goals: list[Entry]
    talks: list[Entry]
    assessments: list[Entry]
    documents: list[Any]


def pass_view(owner: str, career_pass: Any = None) -> PassView:
    """The whole pass; `career_pass` when the caller has just read it (one GetItem less)."""
    career_pass = career_pass or get_pass(owner)
    if career_pass is None:
        raise NotFound()
    person = people.citizen_by_id(owner)
    return PassView(name=person.name if person else "", birthdate=career_pass.birthdate,
                    consent=career_pass.consent, strengths=dict(career_pass.strengths or {}),
                    interests=list(career_pass.interests or []),
                    experiences=list_entries(owner, "experience"), goals=list_entries(owner, "goal"),
                    talks=list_entries(owner, "talk"), assessments=list_entries(owner, "assessment"),
                    documents=career_documents(owner))


def export_data(owner: str) -> dict[str, Any]:
    """Everything the pass stores about the young person (GDPR Art. 15/20), as plain JSON."""
    career_pass = usable_pass(owner)
    view = pass_view(owner, career_pass)

    def entries(items: list[Entry]) -> list[dict[str, Any]]:
        return [{"id": e.id, **e.data, "created_at": e.created_at, "updated_at": e.updated_at} for e in items]

    return {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "name": view.name, "birthdate": view.birthdate,
        "parental_consent": {"state": view.consent, "parent_name": career_pass.consent_parent_name,
                             "parent_email": career_pass.consent_parent_email,
                             "given_at": career_pass.consent_given_at.isoformat()
                             if career_pass.consent_given_at else None},
        "strengths": view.strengths, "interests": view.interests,
        "experiences": entries(view.experiences), "goals": entries(view.goals), "talks": entries(view.talks),
        "assessments": entries(view.assessments),
        "documents": [{"id": d.document_id, "filename": d.filename, "category": d.category, "status": d.status,
                       "experience_id": d.link_id if d.link_id != "pass" else None,
                       "created_at": d.created_at.isoformat()} for d in view.documents],
        "shares": [{"id": s.share_id, "counsellor": s.counsellor_name, "since": s.created_key[:10]}
                   for s in list_shares(owner)],
    }
