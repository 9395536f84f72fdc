"""Messaging: one KMS-encrypted SQS queue per QueueSpec with its dead-letter queue, and the SES identity
with the configuration set every mail goes through."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.stages import StageConfig

DLQ_RETENTION = Duration.days(14)
# Lambda's guidance for SQS event sources: the visibility timeout is at least six times the function's.
VISIBILITY_FACTOR = 6


@dataclass(frozen=True)
class QueueDesign:
    """One queue as the application declares it (local/resources.py QueueSpec) plus its consumers' needs."""

    key: str
    visibility_timeout: int
    max_receives: int
    consumer_timeout: int = 0       # longest timeout of a function reading the queue
    dlq_consumer_timeout: int = 0   # longest timeout of a function reading its dead-letter queue

    @property
    def env_name(self) -> str:
        return f"{self.key.upper()}_QUEUE_URL"


class Messaging(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, queues: list[QueueDesign],
                 key: kms.IKey) -> None:
        super().__init__(scope, construct_id)
        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for design in queues:
            dlq_visibility = max(30, VISIBILITY_FACTOR * design.dlq_consumer_timeout)
            dlq = sqs.Queue(
                self, f"{design.key}-dlq", queue_name=f"{config.prefix}{design.key}-dlq",
                encryption=sqs.QueueEncryption.KMS, encryption_master_key=key, data_key_reuse=Duration.hours(1),
                enforce_ssl=True, retention_period=DLQ_RETENTION,
                visibility_timeout=Duration.seconds(dlq_visibility), removal_policy=config.removal_policy)
            visibility = max(design.visibility_timeout, VISIBILITY_FACTOR * design.consumer_timeout)
            queue = sqs.Queue(
                self, design.key, queue_name=f"{config.prefix}{design.key}",
                encryption=sqs.QueueEncryption.KMS, encryption_master_key=key, data_key_reuse=Duration.hours(1),
                enforce_ssl=True, visibility_timeout=Duration.seconds(visibility),
                dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=design.max_receives),
                removal_policy=config.removal_policy)
            self.queues[design.key] = queue
            self.dead_letter_queues[design.key] = dlq

        self.configuration_set = ses.ConfigurationSet(
            self, "MailConfiguration", configuration_set_name=f"{config.prefix}mail",
            reputation_metrics=True, sending_enabled=True, tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS)
        self.email_identity = ses.EmailIdentity(
            self, "MailIdentity", identity=ses.Identity.domain(config.ses_domain),
            configuration_set=self.configuration_set, mail_from_domain=f"mail.{config.ses_domain}")
        self.ses_domain = config.ses_domain
