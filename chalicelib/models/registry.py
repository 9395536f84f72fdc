"""Every PynamoDB model of the system (imported on demand: provisioning, publishing, infra checks)."""

from __future__ import annotations

from pynamodb.models import Model


def all_models() -> list[type[Model]]:
    from chalicelib.models.chat import CallbackRequest, ChatSession
    from chalicelib.models.faq import FaqEntryRecord, FaqFeedback
    from chalicelib.models.session import WebSession

    return [WebSession, FaqEntryRecord, FaqFeedback, ChatSession, CallbackRequest]
