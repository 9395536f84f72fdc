"""The notice e-mail through SES: no personal content, only that a letter waits and where.

Provider errors are sorted into transient (retry with backoff) and permanent (the address or the
message is refused: fall back to paper). Sending respects the account's SES rate with a token bucket.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from typing import Protocol

from chalicelib import aws
from chalicelib.config import settings
from chalicelib.content import load_yaml

PERMANENT_CODES = frozenset({"MessageRejected", "MailFromDomainNotVerifiedException", "NotFoundException",
                             "BadRequestException", "AccountSuspendedException", "SendingPausedException"})


class TransientSendError(Exception):
    """Throttling, timeouts, 5xx: try again later."""


class PermanentSendError(Exception):
    """The provider refuses this message for good."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class NoticeSender(Protocol):
    def send(self, to: str, subject: str, body: str) -> str:
        """Send and return the provider's message id."""
        ...


class RateLimiter:
    """A token bucket shared by the threads of one process."""

    def __init__(self, per_second: float) -> None:
        self._rate = per_second
        self._tokens = per_second
        self._updated = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                self._tokens = min(self._rate, self._tokens + (now - self._updated) * self._rate)
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self._rate
            time.sleep(wait)


class SesNoticeSender:
    def __init__(self, sender: str, per_second: float) -> None:
        self._sender = sender
        self._limiter = RateLimiter(per_second)

    def send(self, to: str, subject: str, body: str) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        self._limiter.acquire()
        try:
            response = aws.ses().send_email(
                FromEmailAddress=self._sender, Destination={"ToAddresses": [to]},
                Content={"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                                    "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}}})
        except ClientError as err:
            code = err.response["Error"]["Code"]
            if code in PERMANENT_CODES:
                raise PermanentSendError(code) from err
            raise TransientSendError(code) from err
        except BotoCoreError as err:
            raise TransientSendError(type(err).__name__) from err
        return str(response["MessageId"])


@functools.cache
def default_sender() -> NoticeSender:
    return SesNoticeSender(settings().ses_sender, settings().ses_max_per_second)


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str


@functools.cache
def _notice_texts() -> dict[str, dict[str, str]]:
    return load_yaml("letters/notice.yaml")


def notice_for(lang: str, portal_url: str) -> Notice:
    texts = _notice_texts().get(lang) or _notice_texts()["de"]
    return Notice(texts["subject"], texts["body"].format(portal_url=portal_url))
