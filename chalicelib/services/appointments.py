"""Appointments: staff create, move and cancel; citizens list them, download one as iCalendar and ask
to reschedule. Times are entered and shown in Europe/Berlin and stored in UTC."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.observability import logger

BERLIN = ZoneInfo("Europe/Berlin")
MODES = ("in_person", "phone", "video")
_ID = re.compile(r"apt_[A-Za-z0-9_-]{16}")


@dataclass(frozen=True)
class AppointmentView:
    id: str
    starts_at: str          # Europe/Berlin, ISO 8601 with offset
    ends_at: str
    duration_minutes: int
    mode: str
    place: str
    topic: str
    interpreter_lang: str | None
    status: str
    reschedule_reason: str | None
    version: int


def to_utc(local: str) -> datetime:
    """A time as staff type it: naive means Europe/Berlin; an offset is respected."""
    try:
        moment = datetime.fromisoformat(local)
    except ValueError as err:
        raise BadRequest("time_invalid") from err
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BERLIN)
    return moment.astimezone(UTC)


def view(record: Any) -> AppointmentView:
    start = datetime.fromisoformat(record.starts_at).astimezone(BERLIN)
    end = start + timedelta(minutes=int(record.duration_minutes))
    return AppointmentView(
        id=record.appointment_id, starts_at=start.isoformat(), ends_at=end.isoformat(),
        duration_minutes=int(record.duration_minutes), mode=record.mode, place=record.place, topic=record.topic,
        interpreter_lang=record.interpreter_lang, status=record.status,
        reschedule_reason=record.reschedule_reason, version=int(record.version or 0))


def create(staff: str, citizen: str, starts_at: str, duration_minutes: int, mode: str, place: str, topic: str,
           interpreter_lang: str | None) -> AppointmentView:
    from chalicelib.models.appointment import Appointment

    start = to_utc(starts_at)
    if start < datetime.now(UTC):
        raise BadRequest("time_in_past")
    appointment = Appointment("apt_" + secrets.token_urlsafe(12), citizen=citizen, starts_at=start.isoformat(),
                              duration_minutes=duration_minutes, mode=mode, place=place, topic=topic,
                              interpreter_lang=interpreter_lang, created_by=staff)
    appointment.save()
    logger.info("appointment created", extra={"appointment": appointment.appointment_id})
    return view(appointment)


def _get(appointment_id: str) -> Any:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.models.appointment import Appointment

    if not _ID.fullmatch(appointment_id or ""):
        raise NotFound()
    try:
        return Appointment.get(appointment_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


def change(appointment_id: str, version: int, *, starts_at: str | None = None, place: str | None = None,
           mode: str | None = None, cancel: bool = False) -> AppointmentView:
    """Move or cancel. `version` is the one the staff member saw: a stale one answers 409."""
    from pynamodb.exceptions import PutError

    appointment = _get(appointment_id)
    if int(appointment.version or 0) != version:
        raise Conflict()
    if starts_at is not None:
        start = to_utc(starts_at)
        if start < datetime.now(UTC):
            raise BadRequest("time_in_past")
        appointment.starts_at = start.isoformat()
        appointment.reschedule_reason = None
        appointment.reschedule_requested_at = None
    if place is not None:
        appointment.place = place
    if mode is not None:
        appointment.mode = mode
    if cancel:
        appointment.status = "cancelled"
    try:
        appointment.save()  # VersionAttribute: conditional on the version read above
    except PutError as err:
        raise Conflict() from err
    return view(appointment)


def for_citizen(citizen: str) -> tuple[list[AppointmentView], list[AppointmentView]]:
    """(upcoming soonest first, past newest first)."""
    from chalicelib.models.appointment import Appointment

    now = datetime.now(UTC).isoformat()
    upcoming = [view(a) for a in Appointment.by_citizen.query(citizen, Appointment.starts_at >= now)]
    past = [view(a) for a in Appointment.by_citizen.query(citizen, Appointment.starts_at < now,
                                                           scan_index_forward=False, limit=50)]
    return upcoming, past


def own(citizen: str, appointment_id: str) -> Any:
    appointment = _get(appointment_id)
    if appointment.citizen != citizen:
        raise NotFound()
    return appointment


def request_reschedule(citizen: str, appointment_id: str, reason: str) -> AppointmentView:
    from chalicelib.models.appointment import Appointment

    appointment = own(citizen, appointment_id)
    if appointment.status != "scheduled":
        raise Conflict("appointment_cancelled")
    appointment.update(actions=[
        Appointment.reschedule_reason.set(reason.strip()[:500]),
        Appointment.reschedule_requested_at.set(datetime.now(UTC).isoformat()),
    ])
    return view(appointment)


def ical_labels(lang: str) -> dict[str, str]:
    """The words of the calendar entry in the citizen's language."""
    from chalicelib.i18n import translate

    return {"summary": translate(lang, "appointments.ical.summary"),
            "interpreter": translate(lang, "appointments.interpreter"),
            **{f"mode.{mode}": translate(lang, f"appointments.mode.{mode}") for mode in MODES}}


def ical(citizen: str, appointment_id: str, labels: dict[str, str]) -> bytes:
    """RFC 5545 calendar with one event (times in UTC, so every calendar shows them right)."""
    from icalendar import Calendar, Event

    record = own(citizen, appointment_id)
    item = view(record)
    calendar = Calendar()
    calendar.add("prodid", "-//Kreisjobcenter//Termine//DE")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{item.id}@kreisjobcenter.example")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", datetime.fromisoformat(record.starts_at))
    event.add("dtend", datetime.fromisoformat(record.starts_at) + timedelta(minutes=item.duration_minutes))
    event.add("summary", f"{labels['summary']}: {item.topic}")
    event.add("location", item.place or labels[f"mode.{item.mode}"])
    description = labels[f"mode.{item.mode}"]
    if item.interpreter_lang:
        description += f"\n{labels['interpreter']}: {item.interpreter_lang}"
    event.add("description", description)
    event.add("status", "CANCELLED" if item.status == "cancelled" else "CONFIRMED")
    event.add("sequence", item.version)
    calendar.add_component(event)
    return calendar.to_ical()
