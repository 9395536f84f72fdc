"""S3 ObjectCreated (quarantine/) -> SQS -> here: check each upload and move it into the case file."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.config import settings
from chalicelib.services import documents
from chalicelib.services.scanning import scanner

logger = Logger(service="upload-processor")
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    notification = json.loads(record.body)
    if notification.get("Event") == "s3:TestEvent":
        return  # S3 sends one when the notification is configured
    for s3_record in notification.get("Records", []):
        # S3 URL-encodes keys in event notifications.
        key = unquote_plus(s3_record["s3"]["object"]["key"])
        documents.process_upload(key, scanner(settings().malware_scanner))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor,
                                    context=context)
