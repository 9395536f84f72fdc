"""Which handler each queue feeds: read by the local event pump and by infra (event source mappings)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FunctionSpec:
    name: str                   # the Lambda function's logical name
    handler: str                # module:function
    queue: str | None           # the queue key in local/resources.py (None: scheduled)
    timeout: int = 30           # seconds; the queue's visibility timeout must be at least 6x this
    batch_size: int = 10
    dead_letters: bool = False  # fed by the queue's dead-letter queue instead of the queue
    schedule: str | None = None  # EventBridge schedule expression for scheduled functions

    def load(self) -> Callable[[dict[str, Any], Any], Any]:
        module, _, attr = self.handler.partition(":")
        return getattr(importlib.import_module(module), attr)


FUNCTIONS: tuple[FunctionSpec, ...] = (
    FunctionSpec("upload-processor", "functions.upload_processor:handler", "uploads", timeout=60, batch_size=5),
    FunctionSpec("letter-worker", "functions.letter_worker:handler", "letters", timeout=60, batch_size=10),
    FunctionSpec("letter-dead-letters", "functions.letter_dead_letters:handler", "letters", timeout=30,
                 dead_letters=True),
    FunctionSpec("application-events", "functions.application_events:handler", "applications", timeout=60,
                 batch_size=5),
    FunctionSpec("career-mail", "functions.career_mail:handler", "careers", timeout=30, batch_size=5),
    FunctionSpec("offer-mail", "functions.offer_mail:handler", "offers", timeout=30, batch_size=10),
    FunctionSpec("letter-sweeper", "functions.letter_sweeper:handler", None, timeout=60,
                 schedule="rate(5 minutes)"),
)
