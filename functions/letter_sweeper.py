"""Every 5 minutes: letters stuck in `sending` or never queued are queued again."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from chalicelib.services import letters

logger = Logger(service="letter-sweeper")


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    return {"requeued": letters.sweep()}
