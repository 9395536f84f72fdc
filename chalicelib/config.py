"""One typed settings object read from the environment; a missing value is a startup error."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

SUPPORTED_LANGUAGES: tuple[str, ...] = ("de", "en", "ar", "fa", "ur", "ti")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa", "ur"})
DEFAULT_LANGUAGE = "de"


class ConfigError(RuntimeError):
    """Raised at startup when the environment lacks a setting."""


def _required(env: dict[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"missing environment variable {name}")
    return value


def _speech_engines(raw: str) -> dict[str, str]:
    """Parse `de=polly:Vicki,fa=espeak:fa` into {"de": "polly:Vicki", ...}."""
    engines: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        lang, _, engine = part.partition("=")
        if lang not in SUPPORTED_LANGUAGES or not engine:
            raise ConfigError(f"SPEECH_ENGINES entry {part!r} is not lang=engine:voice")
        engines[lang] = engine
    missing = set(SUPPORTED_LANGUAGES) - engines.keys()
    if missing:
        raise ConfigError(f"SPEECH_ENGINES lacks {sorted(missing)}")
    return engines


def _positive(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as err:
        raise ConfigError("SES_MAX_PER_SECOND must be a number") from err
    if value <= 0:
        raise ConfigError("SES_MAX_PER_SECOND must be positive")
    return value


def _scanner(raw: str) -> str:
    if raw not in ("eicar", "guardduty"):
        raise ConfigError("MALWARE_SCANNER must be eicar (local) or guardduty (AWS)")
    return raw


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_prefix: str
    documents_bucket: str
    audio_bucket: str
    letters_queue_url: str
    uploads_queue_url: str
    applications_queue_url: str
    careers_queue_url: str
    offers_queue_url: str
    user_pool_id: str
    user_pool_client_id: str
    jwks_url: str
    ses_sender: str
    public_base_url: str
    speech_engines: dict[str, str] = field(hash=False)
    malware_scanner: str = "eicar"
    ses_max_per_second: float = 14.0
    session_idle_seconds: int = 30 * 60
    max_body_bytes: int = 1024 * 1024

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    def table(self, name: str) -> str:
        return f"{self.table_prefix}{name}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            stage=_required(env, "STAGE"),
            region=env.get("AWS_REGION") or _required(env, "AWS_DEFAULT_REGION"),
            table_prefix=_required(env, "TABLE_PREFIX"),
            documents_bucket=_required(env, "DOCUMENTS_BUCKET"),
            audio_bucket=_required(env, "AUDIO_BUCKET"),
            letters_queue_url=_required(env, "LETTERS_QUEUE_URL"),
            uploads_queue_url=_required(env, "UPLOADS_QUEUE_URL"),
            applications_queue_url=_required(env, "APPLICATIONS_QUEUE_URL"),
            careers_queue_url=_required(env, "CAREERS_QUEUE_URL"),
            offers_queue_url=_required(env, "OFFERS_QUEUE_URL"),
            user_pool_id=_required(env, "COGNITO_USER_POOL_ID"),
            user_pool_client_id=_required(env, "COGNITO_CLIENT_ID"),
            jwks_url=_required(env, "COGNITO_JWKS_URL"),
            ses_sender=_required(env, "SES_SENDER"),
            public_base_url=_required(env, "PUBLIC_BASE_URL").rstrip("/"),
            speech_engines=_speech_engines(_required(env, "SPEECH_ENGINES")),
            malware_scanner=_scanner(_required(env, "MALWARE_SCANNER")),
            ses_max_per_second=_positive(_required(env, "SES_MAX_PER_SECOND")),
        )


@functools.cache
def settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings.from_env()
