"""Appointments of a citizen, made by staff; listed per citizen by time."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import BaseModel, region, table_name


class AppointmentsByCitizen(GlobalSecondaryIndex["Appointment"]):
    class Meta:
        index_name = "by-citizen"
        projection = AllProjection()

    citizen = UnicodeAttribute(hash_key=True)
    starts_at = UnicodeAttribute(range_key=True)   # UTC ISO 8601, sorts by time


class Appointment(BaseModel):
    class Meta:
        table_name = table_name("appointments")
        region = region()
        billing_mode = "PAY_PER_REQUEST"

    appointment_id = UnicodeAttribute(hash_key=True)
    citizen = UnicodeAttribute()
    starts_at = UnicodeAttribute()
    duration_minutes = NumberAttribute(default=30)
    mode = UnicodeAttribute()                      # in_person | phone | video
    place = UnicodeAttribute(default="")
    topic = UnicodeAttribute()
    interpreter_lang = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="scheduled")  # scheduled | cancelled
    reschedule_reason = UnicodeAttribute(null=True)
    reschedule_requested_at = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    version = VersionAttribute()

    by_citizen = AppointmentsByCitizen()
