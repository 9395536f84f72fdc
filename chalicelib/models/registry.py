"""Every PynamoDB model of the system (imported on demand: provisioning, publishing, infra checks)."""

from __future__ import annotations

from pynamodb.models import Model


def all_models() -> list[type[Model]]:
    from chalicelib.models.application import Application, IdempotencyRecord
    from chalicelib.models.appointment import Appointment
    from chalicelib.models.audit import AuditRecord
    from chalicelib.models.career import CareerEntry, CareerLink, CareerPass, CareerShare
    from chalicelib.models.chat import CallbackRequest, ChatSession
    from chalicelib.models.document import Document
    from chalicelib.models.faq import FaqEntryRecord, FaqFeedback
    from chalicelib.models.letter import DeliveryPreference, Letter
    from chalicelib.models.offer import Counter, OfferRegistration
    from chalicelib.models.session import WebSession

    return [WebSession, FaqEntryRecord, FaqFeedback, ChatSession, CallbackRequest, Document, AuditRecord,
            Appointment, Letter, DeliveryPreference, Application, IdempotencyRecord,
            CareerPass, CareerEntry, CareerLink, CareerShare, OfferRegistration, Counter]
