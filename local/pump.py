"""The event pump: moto cannot invoke Lambda, so this polls the local SQS queues and calls the same
`functions/` handlers with the event shape AWS's SQS event source mapping delivers.

Partial batch responses (`ReportBatchItemFailures`) are honoured: succeeded records are deleted,
failed ones are made visible again, and moto's redrive policy moves a message to its DLQ after
`maxReceiveCount` receives, exactly as SQS does. Tests use the same pump to run flows end to end.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3

from local.provision import REGION

Handler = Callable[[dict[str, Any], Any], Any]


class LambdaContext:
    """The attributes of the Lambda runtime's context object that Powertools reads."""

    def __init__(self, function_name: str, timeout_ms: int = 60_000) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 512
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:123456789012:function:{function_name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass
class QueueRoute:
    """One event source mapping: a queue, the handler it feeds, its batch size."""

    queue_url: str
    handler: Handler
    function_name: str
    batch_size: int = 10


def _lambda_attributes(message_attributes: dict[str, Any]) -> dict[str, Any]:
    converted = {}
    for name, attr in message_attributes.items():
        converted[name] = {
            "stringValue": attr.get("StringValue"),
            "binaryValue": attr.get("BinaryValue"),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": attr["DataType"],
        }
    return converted


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """The event a Lambda function receives from an SQS event source mapping."""
    return {"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": _lambda_attributes(m.get("MessageAttributes", {})),
        "md5OfBody": m["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": REGION,
    } for m in messages]}


class EventPump:
    def __init__(self, routes: list[QueueRoute], endpoint: str | None = None) -> None:
        self.routes = routes
        self._sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=REGION)
        self._arns: dict[str, str] = {}

    def _arn(self, url: str) -> str:
        if url not in self._arns:
            self._arns[url] = self._sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return self._arns[url]

    def pump_route(self, route: QueueRoute) -> int:
        """Deliver one batch of `route`'s queue. Returns the number of records handed over."""
        messages = self._sqs.receive_message(
            QueueUrl=route.queue_url, MaxNumberOfMessages=route.batch_size, WaitTimeSeconds=0,
            AttributeNames=["All"], MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        event = sqs_event(messages, self._arn(route.queue_url))
        try:
            result = route.handler(event, LambdaContext(route.function_name)) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception:  # noqa: BLE001 - a crashed invocation fails the whole batch, as in Lambda
            failed = {m["MessageId"] for m in messages}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self._sqs.delete_message_batch(QueueUrl=route.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
        retry = [m for m in messages if m["MessageId"] in failed]
        if retry:
            # Locally a failed record is visible again at once instead of after the visibility timeout.
            self._sqs.change_message_visibility_batch(QueueUrl=route.queue_url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(retry)])
        return len(messages)

    def pump_once(self) -> int:
        return sum(self.pump_route(route) for route in self.routes)

    def drain(self, max_rounds: int = 1000) -> int:
        """Pump until every queue is empty (or `max_rounds`). Returns the records delivered."""
        delivered = 0
        for _ in range(max_rounds):
            count = self.pump_once()
            delivered += count
            if count == 0:
                break
        return delivered

    def run(self, stop: threading.Event, idle_sleep: float = 0.5) -> None:
        while not stop.is_set():
            try:
                busy = self.pump_once()
            except Exception:  # noqa: BLE001 - the local pump keeps going; the next poll retries
                busy = 0
            if not busy:
                stop.wait(idle_sleep)
