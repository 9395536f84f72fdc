"""Per-stage settings as one typed object: everything that differs between dev and prod lives here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_logs as logs

DEFAULT_REGION = "eu-central-1"
DEFAULT_DOMAIN = "kreisjobcenter.example"
# Offline synthesis (tests, `make synth` without credentials) needs some account; deployments pass the
# real one through the CLI (CDK_DEFAULT_ACCOUNT) or `-c account=...`.
PLACEHOLDER_ACCOUNT = "123456789012"
# Polly neural voices where Polly has the language; the embedded eSpeak NG for the rest.
SPEECH_ENGINES = "de=polly:Vicki,en=polly:Joanna,ar=polly:Hala,fa=espeak:fa,ur=espeak:ur,ti=espeak:ti"


@dataclass(frozen=True)
class StageConfig:
    """What one deployed stage looks like. Constructs take these values; none of them asks which stage it is."""

    name: str
    removal_policy: RemovalPolicy
    log_retention: logs.RetentionDays
    deletion_protection: bool            # DynamoDB tables and the user pool
    public_host: str                     # the citizen site: PUBLIC_BASE_URL, CORS origin, links in mail
    ses_domain: str                      # verified SES identity; the sender is no-reply@<domain>
    ses_max_per_second: int              # the account's SES send rate (1 in the SES sandbox)
    api_throttle_rate: int               # requests per second, steady
    api_throttle_burst: int
    api_5xx_rate_threshold: float        # alarm when this share of requests fails with 5xx
    lambda_error_threshold: int          # alarm when a function fails this often in 5 minutes
    noncurrent_version_days: int         # how long overwritten or deleted documents stay recoverable
    point_in_time_recovery: bool = True  # on in every stage (the tests check it); not a per-stage choice
    certificate_arn: str | None = None   # ACM certificate (this region) for public_host: custom domain when set
    alarm_email: str | None = None       # subscribed to the alarm topic when set
    manage_api_gateway_account: bool = True  # the account-wide API Gateway CloudWatch role (one stack per account)

    @property
    def prefix(self) -> str:
        """Names of tables, buckets and queues: `kjc-<stage>-` as in local/resources.py."""
        return f"kjc-{self.name}-"

    @property
    def public_base_url(self) -> str:
        return f"https://{self.public_host}"

    @property
    def ses_sender(self) -> str:
        return f"no-reply@{self.ses_domain}"


def _stages(domain: str) -> dict[str, StageConfig]:
    return {
        "dev": StageConfig(
            name="dev",
            removal_policy=RemovalPolicy.DESTROY,
            log_retention=logs.RetentionDays.TWO_WEEKS,
            deletion_protection=False,
            public_host=f"dev.{domain}",
            ses_domain=domain,
            ses_max_per_second=1,
            api_throttle_rate=20,
            api_throttle_burst=40,
            api_5xx_rate_threshold=0.05,
            lambda_error_threshold=5,
            noncurrent_version_days=7,
        ),
        "prod": StageConfig(
            name="prod",
            removal_policy=RemovalPolicy.RETAIN,
            log_retention=logs.RetentionDays.THREE_MONTHS,
            deletion_protection=True,
            public_host=f"service.{domain}",
            ses_domain=domain,
            ses_max_per_second=14,
            api_throttle_rate=200,
            api_throttle_burst=400,
            api_5xx_rate_threshold=0.01,
            lambda_error_threshold=1,
            noncurrent_version_days=90,
        ),
    }


STAGE_NAMES: tuple[str, ...] = tuple(_stages(DEFAULT_DOMAIN))


def stage_config(stage: str, context: dict[str, Any]) -> StageConfig:
    """The stage's settings with the overrides devops may pass as `-c key=value`."""
    stages = _stages(str(context.get("domain") or DEFAULT_DOMAIN))
    if stage not in stages:
        raise SystemExit(f"unknown stage {stage!r}: one of {', '.join(stages)}")
    config = stages[stage]
    overrides: dict[str, Any] = {}
    for key in ("public_host", "certificate_arn", "alarm_email"):
        if context.get(key):
            overrides[key] = str(context[key])
    if context.get("ses_max_per_second"):
        overrides["ses_max_per_second"] = int(context["ses_max_per_second"])
    if str(context.get("manage_api_gateway_account", "")).lower() == "false":
        overrides["manage_api_gateway_account"] = False
    return replace(config, **overrides)
