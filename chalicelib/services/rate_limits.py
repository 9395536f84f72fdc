"""Fixed-window rate limits per client address, counted in DynamoDB with a conditional update.

The address is never stored: the counter's key is a SHA-256 over the scope, the window and the address,
so keys of different windows cannot be linked, and each counter expires (TTL) shortly after its window.
"""

from __future__ import annotations

import hashlib
import math
import time
from datetime import UTC, datetime

from chalicelib.errors import RateLimited


def client_address(request_context: dict | None) -> str:
    """The caller's address as API Gateway saw it (`identity.sourceIp`); never from a header the client sets."""
    identity = (request_context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def counter_key(scope: str, address: str, window: int) -> str:
    return "rate#" + hashlib.sha256(f"{scope}|{window}|{address}".encode()).hexdigest()


def hit(scope: str, address: str, limit: int, window_seconds: int, now: float | None = None) -> None:
    """Count one request; raise RateLimited (429 with Retry-After) when the window already holds `limit`."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.models.offer import Counter

    now = time.time() if now is None else now
    window = int(now // window_seconds)
    resets_at = (window + 1) * window_seconds
    try:
        Counter(counter_key(scope, address, window)).update(
            actions=[Counter.count.add(1), Counter.expires_at.set(datetime.fromtimestamp(resets_at + 60, UTC))],
            condition=Counter.count.does_not_exist() | (Counter.count < limit))
    except UpdateError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise RateLimited(headers={"Retry-After": str(max(1, math.ceil(resets_at - now)))}) from err
