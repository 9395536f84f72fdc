"""Registrations of interest in an offer, without an account.

One person per offer is one registration (the key is a hash of the normalised e-mail address or phone
number). E-mail registrations wait for a double opt-in: the API stores them as `pending_confirmation`,
then queues their keys; the worker makes a token, stores only its SHA-256 and mails the link (claimed
once). Unconfirmed registrations expire after 48 hours, checked on read because DynamoDB's TTL deletes
late. Phone registrations count at once. A place is taken with a conditional counter in one transaction
with the registration's change, so two confirmations racing for the last place cannot both win; who
finds the offer full goes to the waiting list. Confirmed and waiting registrations are deleted
RETENTION_DAYS after the offer's last day (TTL).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from chalicelib import aws, pagination
from chalicelib.config import SUPPORTED_LANGUAGES, settings
from chalicelib.errors import Conflict, FieldError, Gone, NotFound, ValidationFailed
from chalicelib.i18n import translate
from chalicelib.observability import logger
from chalicelib.services import offers, rate_limits
from chalicelib.services.chat import CONTACT_PATTERN
from chalicelib.services.notices import NoticeSender, PermanentSendError, TransientSendError
from chalicelib.services.offers import BERLIN, Offer
from chalicelib.text import VISIBLE_PATTERN, clean_input

PENDING_HOURS = 48
NAME_MAX = 100
CONTACT_MAX = 254
MESSAGE_MAX = 1000
RATE_SCOPE = "offers-interest"
RATE_LIMIT = 5                 # registrations per client address ...
RATE_WINDOW_SECONDS = 600      # ... per 10 minutes
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{43}$"  # noqa: S105 - the shape of secrets.token_urlsafe(32), not a secret
REGISTRATION_ID_PATTERN = r"^reg_[A-Za-z0-9_-]{16}$"
_CONTACT = re.compile(CONTACT_PATTERN)
_VISIBLE = re.compile(VISIBLE_PATTERN)
_TOKEN = re.compile(TOKEN_PATTERN)
_REGISTRATION_ID = re.compile(REGISTRATION_ID_PATTERN)
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending_confirmation"
    CONFIRMED = "confirmed"
    WAITING = "waiting_list"


LISTED = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITING.value)


class StaleRegistration(Exception):  # noqa: N818 - raised when a conditional write lost a race
    """Someone else changed the registration first: read it again."""


@dataclass(frozen=True)
class Interest:
    name: str
    contact: str
    preferred_lang: str
    message: str
    consent: bool


@dataclass(frozen=True)
class Outcome:
    channel: str                   # email | phone
    status: str                    # for e-mail always pending_confirmation: the mail tells the rest
    deleted_after: dt.date
    confirm_within_hours: int | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def retention_expiry(offer: Offer) -> dt.datetime:
    """The end of the offer's deletion day, Europe/Berlin."""
    return dt.datetime.combine(offer.deleted_after + dt.timedelta(days=1), dt.time(), BERLIN).astimezone(dt.UTC)


# -- input ------------------------------------------------------------------------------------------------


def check_interest(interest: Interest, lang: str) -> list[FieldError]:
    """The same rules the API schema states, with a message per field in the visitor's language."""
    errors = []

    def error(field: str, code: str, **params: object) -> None:
        errors.append(FieldError(field=field, message=translate(lang, f"offers.error.{code}", **params)))

    if not isinstance(interest.name, str) or not _VISIBLE.search(interest.name):
        error("name", "name_missing")
    elif len(interest.name) > NAME_MAX:
        error("name", "name_too_long", limit=NAME_MAX)
    if (not isinstance(interest.contact, str) or len(interest.contact) > CONTACT_MAX
            or not _CONTACT.fullmatch(interest.contact)):
        error("contact", "contact_invalid")
    if interest.preferred_lang not in SUPPORTED_LANGUAGES:
        error("preferred_lang", "preferred_lang_invalid")
    if not isinstance(interest.message, str) or len(interest.message) > MESSAGE_MAX:
        error("message", "message_too_long", limit=MESSAGE_MAX)
    if interest.consent is not True:
        error("consent", "consent_missing")
    return errors


def normalise_contact(contact: str) -> tuple[str, str]:
    """(channel, normalised form): e-mail in lower case; phone numbers as +<digits> (0 -> +49, 00 -> +)."""
    value = clean_input(contact)
    if "@" in value:
        return "email", value.lower()
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return "phone", "+" + digits
    if digits.startswith("00"):
        return "phone", "+" + digits[2:]
    if digits.startswith("0"):
        return "phone", "+49" + digits[1:]
    return "phone", digits


def contact_key(contact: str) -> tuple[str, str]:
    channel, normalised = normalise_contact(contact)
    return channel, _sha256(f"{channel}:{normalised}")


# -- registering ------------------------------------------------------------------------------------------


def register_interest(offer_id: str, interest: Interest, address: str, lang: str) -> Outcome:
    """Register once per person and offer. Bad input stores nothing; every accepted call counts against
    the client address's rate limit."""
    offer = offers.get(offer_id)
    if offer.status() == "finished":
        raise Conflict("offer_finished")
    errors = check_interest(interest, lang)
    if errors:
        raise ValidationFailed(errors)
    rate_limits.hit(RATE_SCOPE, address, RATE_LIMIT, RATE_WINDOW_SECONDS)
    channel, key = contact_key(interest.contact)
    if channel == "email":
        _register_email(offer, key, interest)
        return Outcome("email", RegistrationStatus.PENDING.value, offer.deleted_after, PENDING_HOURS)
    status = _register_phone(offer, key, interest)
    return Outcome("phone", status, offer.deleted_after, None)


def _new_registration(offer: Offer, key: str, interest: Interest, channel: str, now: dt.datetime,
                      **extra: Any) -> Any:
    from chalicelib.models.base import new_id
    from chalicelib.models.offer import OfferRegistration

    return OfferRegistration(
        offer.id, key, registration_id=new_id("reg"), status=RegistrationStatus.PENDING.value, channel=channel,
        name=clean_input(interest.name)[:NAME_MAX], contact=clean_input(interest.contact),
        message=clean_input(interest.message)[:MESSAGE_MAX], preferred_lang=interest.preferred_lang,
        registered_at=now.isoformat(), expires_at=now + dt.timedelta(hours=PENDING_HOURS), **extra)


def _save_new(registration: Any, now: dt.datetime) -> bool:
    """Store a new registration unless the person has one (an expired pending one does not count)."""
    from pynamodb.exceptions import PutError

    from chalicelib.models.offer import OfferRegistration

    free = OfferRegistration.contact_key.does_not_exist() | (
        (OfferRegistration.status == RegistrationStatus.PENDING.value) & (OfferRegistration.expires_at < now))
    try:
        registration.save(condition=free)
    except PutError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def _register_email(offer: Offer, key: str, interest: Interest) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.offer import OfferRegistration

    now, nonce = _now(), secrets.token_hex(8)
    registration = _new_registration(offer, key, interest, "email", now, mail_pending=nonce)
    for _ in range(3):
        if _save_new(registration, now):
            logger.info("offer interest", extra={"offer": offer.id, "registration": registration.registration_id,
                                                 "channel": "email", "status": registration.status})
            break
        existing = _get(offer.id, key)
        if existing is None:
            continue  # deleted in between: store it new
        if existing.status == RegistrationStatus.PENDING:
            # The same person again before confirming: newest details, a new link, 48 hours from now.
            actions = [OfferRegistration.name.set(registration.name),
                       OfferRegistration.message.set(registration.message),
                       OfferRegistration.preferred_lang.set(registration.preferred_lang),
                       OfferRegistration.mail_pending.set(nonce),
                       OfferRegistration.expires_at.set(now + dt.timedelta(hours=PENDING_HOURS))]
        else:
            # Already confirmed or waiting: nothing changes; the e-mail (not this answer) says so.
            actions = [OfferRegistration.mail_pending.set(nonce)]
        try:
            existing.update(actions=actions, condition=OfferRegistration.status == existing.status)
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise
            continue
        logger.info("offer interest again", extra={"offer": offer.id, "registration": existing.registration_id,
                                                   "channel": "email", "status": existing.status})
        break
    else:
        raise Conflict()
    _enqueue_mail(offer.id, key)


def _register_phone(offer: Offer, key: str, interest: Interest) -> str:
    now = _now()
    registration = _new_registration(offer, key, interest, "phone", now)
    if not _save_new(registration, now):
        registration = _get(offer.id, key)
        if registration is None:
            raise Conflict()
    if registration.status == RegistrationStatus.PENDING:
        status = _decide_with_retry(offer, registration.offer_id, registration.contact_key)
    else:
        status = registration.status
    logger.info("offer interest", extra={"offer": offer.id, "registration": registration.registration_id,
                                         "channel": "phone", "status": status})
    return status


def _enqueue_mail(offer_id: str, key: str) -> None:
    aws.sqs().send_message(QueueUrl=settings().offers_queue_url,
                           MessageBody=json.dumps({"offer_id": offer_id, "contact_key": key}))


def _get(offer_id: str, key: str) -> Any | None:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.offer import OfferRegistration

    try:
        return OfferRegistration.get(offer_id, key, consistent_read=True)
    except DoesNotExist:
        return None


# -- places -----------------------------------------------------------------------------------------------


def places_key(offer_id: str) -> str:
    return f"places#{offer_id}"


def places_taken(offer_id: str) -> int:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.offer import Counter

    try:
        return int(Counter.get(places_key(offer_id), consistent_read=True).count or 0)
    except DoesNotExist:
        return 0


def places_left(offer: Offer) -> int | None:
    if offer.capacity is None:
        return None
    return max(0, offer.capacity - places_taken(offer.id))


def _decide_with_retry(offer: Offer, offer_id: str, key: str) -> str:
    for _ in range(3):
        registration = _get(offer_id, key)
        if registration is None:
            raise NotFound()
        if registration.status != RegistrationStatus.PENDING:
            return str(registration.status)
        try:
            return _decide(offer, registration)
        except StaleRegistration:
            continue
    raise Conflict()


def _decide(offer: Offer, registration: Any) -> str:
    """pending -> confirmed (a place was free and is now taken) or waiting_list, in one conditional step."""
    from pynamodb.connection import Connection
    from pynamodb.exceptions import TransactWriteError, UpdateError
    from pynamodb.transactions import TransactWrite

    from chalicelib.models.offer import Counter, OfferRegistration

    now = _now()

    def actions(status: RegistrationStatus) -> list[Any]:
        return [OfferRegistration.status.set(status.value), OfferRegistration.decided_at.set(now.isoformat()),
                OfferRegistration.listed_offer.set(offer.id),
                OfferRegistration.listed_key.set(f"{now.isoformat()}#{registration.registration_id}"),
                OfferRegistration.expires_at.set(retention_expiry(offer))]

    still_pending = OfferRegistration.status == RegistrationStatus.PENDING.value

    def settle(status: RegistrationStatus) -> str:
        try:
            registration.update(actions=actions(status), condition=still_pending)
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise
            raise StaleRegistration() from err
        return status.value

    if offer.capacity is None:
        return settle(RegistrationStatus.CONFIRMED)
    if offer.capacity == 0:
        return settle(RegistrationStatus.WAITING)
    try:
        with TransactWrite(connection=Connection(region=settings().region)) as transaction:
            transaction.update(registration, actions=actions(RegistrationStatus.CONFIRMED), condition=still_pending)
            transaction.update(Counter(places_key(offer.id)), actions=[Counter.count.add(1)],
                               condition=Counter.count.does_not_exist() | (Counter.count < offer.capacity))
    except TransactWriteError as err:
        reasons = err.cancellation_reasons
        if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
            raise StaleRegistration() from err
        if len(reasons) > 1 and reasons[1] is not None and reasons[1].code == "ConditionalCheckFailed":
            return settle(RegistrationStatus.WAITING)  # full
        raise
    return RegistrationStatus.CONFIRMED.value


# -- confirmation -----------------------------------------------------------------------------------------


def _by_token(token: str) -> Any:
    from chalicelib.models.offer import OfferRegistration

    if not _TOKEN.fullmatch(token or ""):
        raise NotFound()
    token_hash = _sha256(token)
    keys = list(OfferRegistration.by_token.query(token_hash, limit=1))
    registration = _get(keys[0].offer_id, keys[0].contact_key) if keys else None
    if registration is None or registration.token_hash != token_hash:
        raise NotFound()
    if registration.status == RegistrationStatus.PENDING and registration.expires_at <= _now():
        raise Gone("confirmation_expired")   # TTL deletes late: expiry is checked on read
    return registration


def confirmation(token: str) -> tuple[Offer, str]:
    """What the confirmation page shows before the visitor presses the button: offer and current status."""
    registration = _by_token(token)
    return offers.get(registration.offer_id), str(registration.status)


def confirm(token: str) -> tuple[Offer, str]:
    """Confirm an e-mail registration: confirmed or waiting_list. Pressing twice answers the same."""
    registration = _by_token(token)
    offer = offers.get(registration.offer_id)
    if registration.status != RegistrationStatus.PENDING:
        return offer, str(registration.status)
    status = _decide_with_retry(offer, registration.offer_id, registration.contact_key)
    logger.info("offer interest confirmed", extra={"offer": offer.id, "registration": registration.registration_id,
                                                   "status": status})
    return offer, status


# -- the confirmation e-mail (worker) ---------------------------------------------------------------------


def send_mail(offer_id: str, key: str, sender: NoticeSender) -> str:
    """Send the e-mail a registration waits for, at most once per request: claim, then send. A claim whose
    send failed for good is not retried (the person can register again for a new link)."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.offer import OfferRegistration

    registration = _get(offer_id, key)
    if registration is None or not registration.mail_pending:
        return "nothing_to_send"   # sent before (a replay), or deleted
    nonce, now = registration.mail_pending, _now()
    pending = registration.status == RegistrationStatus.PENDING
    if pending and registration.expires_at <= now:
        return "expired"
    token = secrets.token_urlsafe(32) if pending else None
    actions = [OfferRegistration.mail_pending.remove(), OfferRegistration.mail_claimed_at.set(now.isoformat())]
    if token:
        actions.append(OfferRegistration.token_hash.set(_sha256(token)))
    try:
        registration.update(actions=actions, condition=OfferRegistration.mail_pending == nonce)
    except UpdateError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise
        return "claimed_elsewhere"
    subject, body = mail_text(registration.preferred_lang, registration.status, token)
    try:
        message_id = sender.send(registration.contact, subject, body)
    except TransientSendError:
        try:  # give the claim back so that the retry sends
            registration.update(actions=[OfferRegistration.mail_pending.set(nonce)],
                                condition=OfferRegistration.mail_pending.does_not_exist())
        except UpdateError:
            pass  # a newer request queued its own e-mail meanwhile
        raise
    except PermanentSendError as err:
        registration.update(actions=[OfferRegistration.mail_failed.set(err.code)])
        logger.warning("offer mail refused", extra={"registration": registration.registration_id, "code": err.code})
        return "refused"
    registration.update(actions=[OfferRegistration.mail_sent_at.set(_now().isoformat())])
    logger.info("offer mail sent", extra={"registration": registration.registration_id, "message_id": message_id,
                                          "kind": "confirm" if token else "already"})
    return "sent"


def mail_text(lang: str, status: str, token: str | None) -> tuple[str, str]:
    """Subject and body. No personal data and not even the offer: only the link, or the state."""
    if token:
        link = f"{settings().public_base_url}/offers/confirm/{token}?lang={lang}"
        body = translate(lang, "offers.mail.confirm", link=link, hours=PENDING_HOURS)
    else:
        body = translate(lang, f"offers.mail.already.{status}", link=f"{settings().public_base_url}/offers?lang={lang}")
    return translate(lang, "offers.mail.subject"), body


# -- staff ------------------------------------------------------------------------------------------------

_LISTED_KEYS = {"offer_id", "contact_key", "listed_offer", "listed_key"}


def listed(offer_id: str, limit: int = 50, after: str | None = None) -> tuple[list[Any], str | None]:
    """Confirmed and waiting registrations of an offer, in the order their place was decided (paginated)."""
    from chalicelib.models.offer import OfferRegistration

    offers.get(offer_id)
    result = OfferRegistration.listed.query(offer_id, limit=limit,
                                            last_evaluated_key=pagination.decode(after, _LISTED_KEYS),
                                            filter_condition=OfferRegistration.expires_at > _now())
    items = list(result)
    return items, pagination.encode(result.last_evaluated_key)


def _all_listed(offer_id: str) -> Iterator[Any]:
    cursor: str | None = None
    while True:
        items, cursor = listed(offer_id, 100, cursor)
        yield from items
        if not cursor:
            return


def mark_contacted(offer_id: str, registration_id: str, staff: str) -> Any:
    """Record that staff reached the person (the first time counts). Unknown or pending ids answer 404."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.offer import OfferRegistration

    offers.get(offer_id)
    if not _REGISTRATION_ID.fullmatch(registration_id or ""):
        raise NotFound()
    keys = [k for k in OfferRegistration.by_registration_id.query(registration_id, limit=1) if k.offer_id == offer_id]
    registration = _get(offer_id, keys[0].contact_key) if keys else None
    if registration is None or registration.status not in LISTED or registration.expires_at <= _now():
        raise NotFound()
    if not registration.contacted_at:
        try:
            registration.update(actions=[OfferRegistration.contacted_at.set(_now().isoformat()),
                                         OfferRegistration.contacted_by.set(staff)],
                                condition=OfferRegistration.status.is_in(*LISTED)
                                & OfferRegistration.contacted_at.does_not_exist())
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise
            registration.refresh(consistent_read=True)
    logger.info("offer registration contacted", extra={"offer": offer_id, "registration": registration_id})
    return registration


CSV_COLUMNS = ("Anmeldung", "Status", "Name", "Kontakt", "Weg", "Sprache", "Nachricht", "Angemeldet am",
               "Platz entschieden am", "Kontaktiert am", "Löschung am")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: formulas (= + - @, tab, CR at the start) get a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def export_csv(offer_id: str) -> str:
    """Every confirmed and waiting registration of the offer; `;`-separated with a BOM, as German
    spreadsheet programs open it."""
    offer = offers.get(offer_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in _all_listed(offer_id):
        writer.writerow([csv_cell(v) for v in (
            r.registration_id, r.status, r.name, r.contact, r.channel, r.preferred_lang, r.message,
            r.registered_at, r.decided_at, r.contacted_at or "", offer.deleted_after.isoformat())])
    return "\ufeff" + buffer.getvalue()
