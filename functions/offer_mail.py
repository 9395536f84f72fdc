"""offers queue -> here: the e-mail a registration of interest waits for (confirmation link, or
"you are already registered"), claimed once before it is sent."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.services import offer_interest
from chalicelib.services.notices import default_sender

logger = Logger(service="offer-mail")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    # A transient SES error propagates: the claim is given back and the record is received again.
    message = json.loads(record.body)
    offer_interest.send_mail(message["offer_id"], message["contact_key"], default_sender())


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor,
                                    context=context)
