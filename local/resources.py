"""What the system needs in AWS, as data: provisioning, tests and infra checks read this one list."""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNT_ID = "123456789012"
DEMO_PASSWORD = "Local-Demo-2026!"  # noqa: S105 - documented local-stage demo password


@dataclass(frozen=True)
class QueueSpec:
    key: str                    # settings field prefix: letters -> LETTERS_QUEUE_URL
    visibility_timeout: int = 60
    max_receives: int = 5


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    groups: tuple[str, ...]
    birthdate: str | None = None  # YYYY-MM-DD, the OIDC standard attribute the career pass reads


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("letters", visibility_timeout=360),
    QueueSpec("uploads", visibility_timeout=360),
    QueueSpec("applications", visibility_timeout=360),
    QueueSpec("careers", visibility_timeout=360),
    QueueSpec("offers", visibility_timeout=180),
)
BUCKETS: tuple[str, ...] = ("documents", "audio")
USER_GROUPS: tuple[str, ...] = ("citizen", "staff", "youth")
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("anna@example.org", "Anna Beispiel", ("citizen",)),
    DemoUser("bilal@example.org", "Bilal Beispiel", ("citizen",)),
    DemoUser("staff@example.org", "Sachbearbeitung Demo", ("staff",)),
    # Young people for the career pass: Jana is 15 (her parents must consent first), Tom is 18.
    DemoUser("jana@example.org", "Jana Beispiel", ("youth",), birthdate="2011-03-02"),
    DemoUser("tom@example.org", "Tom Beispiel", ("youth",), birthdate="2008-06-15"),
)
# Speech engines of the local stage: moto's Polly returns 8 zero bytes, so every language speaks
# through the embedded eSpeak NG.
LOCAL_SPEECH = ",".join(f"{lang}=espeak:{lang}" for lang in ("de", "en", "ar", "fa", "ur", "ti"))


def names(stage: str) -> dict[str, str]:
    prefix = f"kjc-{stage}-"
    result = {"TABLE_PREFIX": prefix, "USER_POOL_NAME": f"{prefix}users"}
    for bucket in BUCKETS:
        result[f"{bucket.upper()}_BUCKET"] = f"{prefix}{bucket}"
    for queue in QUEUES:
        result[f"{queue.key.upper()}_QUEUE_NAME"] = f"{prefix}{queue.key}"
    return result
