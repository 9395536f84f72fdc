"""The local event pump delivers SQS batches like Lambda's event source mapping does."""

import json
import uuid

import boto3
import pytest
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from local.pump import EventPump, QueueRoute


@pytest.fixture
def queue(aws_endpoint, stack_env):
    sqs = boto3.client("sqs", endpoint_url=aws_endpoint, region_name=stack_env["AWS_REGION"])
    name = f"pump-test-{uuid.uuid4().hex[:8]}"
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 5})})["QueueUrl"]
    return sqs, url, dlq


def _handler(seen):
    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record):
        body = json.loads(record.body)
        seen.append((body["n"], record.attributes.approximate_receive_count))
        if body.get("poison"):
            raise ValueError("poison")

    def handler(event, context):
        return process_partial_response(event=event, record_handler=record_handler,
                                        processor=processor, context=context)

    return handler


def test_good_records_are_deleted_and_a_poison_record_reaches_the_dlq_after_five_receives(queue, aws_endpoint):
    sqs, url, dlq = queue
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": n, "poison": n == 1}))
    seen = []
    pump = EventPump([QueueRoute(url, _handler(seen), "test")], aws_endpoint)
    pump.drain()
    assert sorted(n for n, _ in seen if n != 1) == [0, 2]
    assert [count for n, count in seen if n == 1] == ["1", "2", "3", "4", "5"]
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [json.loads(m["Body"])["n"] for m in dead] == [1]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "0"


def test_records_carry_the_shape_lambda_delivers(queue, aws_endpoint):
    sqs, url, _ = queue
    sqs.send_message(QueueUrl=url, MessageBody="{}", MessageAttributes={
        "kind": {"DataType": "String", "StringValue": "letter"}})
    events = []
    pump = EventPump([QueueRoute(url, lambda event, context: events.append(event), "test")], aws_endpoint)
    pump.drain()
    record = events[0]["Records"][0]
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"].endswith(url.rsplit("/", 1)[1])
    assert record["messageAttributes"]["kind"]["stringValue"] == "letter"
    assert {"messageId", "receiptHandle", "body", "attributes", "md5OfBody", "awsRegion"} <= set(record)


def test_a_crashing_invocation_returns_the_whole_batch(queue, aws_endpoint):
    sqs, url, _ = queue
    sqs.send_message(QueueUrl=url, MessageBody="{}")
    calls = []

    def crash(event, context):
        calls.append(len(event["Records"]))
        if len(calls) == 1:
            raise RuntimeError("worker died")

    pump = EventPump([QueueRoute(url, crash, "test")], aws_endpoint)
    pump.drain()
    assert calls == [1, 1]
