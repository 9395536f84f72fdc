"""Lazily created boto3 clients, one per process.

Endpoints come from the standard `AWS_ENDPOINT_URL` variable (the local stage points it at moto's
server), so no client or model ever sets a host of its own.
"""

from __future__ import annotations

import functools
from typing import Any

from chalicelib.config import settings

# boto3 is imported on first use, not at import time: it is a third of the cold start, and routes that
# touch no AWS service (pages, static files, the chat index) should not pay for it.


@functools.cache
def _session() -> Any:
    import boto3

    return boto3.session.Session(region_name=settings().region)


def session() -> Any:
    """The process's boto3 session (for libraries that take one, such as Powertools idempotency)."""
    return _session()


@functools.cache
def client(service: str) -> Any:
    """The one client of `service` for this process."""
    from botocore.config import Config

    config = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=2, read_timeout=5,
                    signature_version="s3v4")
    return _session().client(service, config=config)


def s3() -> Any:
    return client("s3")


def sqs() -> Any:
    return client("sqs")


def ses() -> Any:
    return client("sesv2")


def cognito() -> Any:
    return client("cognito-idp")


def polly() -> Any:
    return client("polly")


def dynamodb() -> Any:
    return client("dynamodb")
