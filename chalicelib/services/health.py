"""Dependency health: one cheap call per dependency, each reported on its own."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from chalicelib import aws
from chalicelib.config import Settings
from chalicelib.observability import logger


@dataclass(frozen=True)
class DependencyStatus:
    name: str
    ok: bool
    ms: float


def _checks(config: Settings) -> dict[str, Callable[[], object]]:
    return {
        "dynamodb": lambda: aws.dynamodb().describe_table(TableName=config.table("web-sessions")),
        "s3": lambda: aws.s3().head_bucket(Bucket=config.documents_bucket),
        "sqs": lambda: aws.sqs().get_queue_attributes(QueueUrl=config.letters_queue_url,
                                                      AttributeNames=["QueueArn"]),
        "cognito": lambda: aws.cognito().describe_user_pool(UserPoolId=config.user_pool_id),
    }


def check_dependencies(config: Settings) -> list[DependencyStatus]:
    from botocore.exceptions import BotoCoreError, ClientError

    results = []
    for name, call in _checks(config).items():
        started = time.perf_counter()
        try:
            call()
            ok = True
        except (ClientError, BotoCoreError) as err:
            logger.warning("dependency down", extra={"dependency": name, "error": type(err).__name__})
            ok = False
        results.append(DependencyStatus(name, ok, round((time.perf_counter() - started) * 1000, 1)))
    return results
