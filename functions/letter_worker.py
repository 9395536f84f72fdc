"""letters queue -> here: move each letter forward (mailbox + notice e-mail, or paper)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.services import letters
from chalicelib.services.notices import default_sender

logger = Logger(service="letter-worker")
processor = BatchProcessor(event_type=EventType.SQS)
BACKOFF_BASE, MAX_BACKOFF = 10, 900


def record_handler(record: SQSRecord) -> None:
    letter_id = json.loads(record.body)["letter_id"]
    try:
        letters.process_letter(letter_id, default_sender())
    except (letters.NoticeInDoubt, letters.TransientSendError):
        # Back off exponentially before the next receive (10 s, 20 s, 40 s, ... at most 15 min).
        receives = int(record.attributes.approximate_receive_count or 1)
        delay = min(MAX_BACKOFF, BACKOFF_BASE * 2 ** (receives - 1))
        aws.sqs().change_message_visibility(QueueUrl=settings().letters_queue_url,
                                            ReceiptHandle=record.receipt_handle, VisibilityTimeout=int(delay))
        raise


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor,
                                    context=context)
