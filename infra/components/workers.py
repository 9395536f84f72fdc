"""The event handlers of functions/registry.py as Lambda functions: SQS-fed ones with partial batch
responses, dead-letter consumers, and scheduled ones; chalicelib bundled, dependencies from the layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.bundle import LAMBDA_PYTHON
from infra.stages import StageConfig

RUNTIMES = {"3.11": lambda_.Runtime.PYTHON_3_11, "3.12": lambda_.Runtime.PYTHON_3_12,
            "3.13": lambda_.Runtime.PYTHON_3_13}


def lambda_runtime() -> lambda_.Runtime:
    if LAMBDA_PYTHON not in RUNTIMES:
        raise SystemExit(f"Python {LAMBDA_PYTHON} is not a Lambda runtime this app supports ({', '.join(RUNTIMES)})")
    return RUNTIMES[LAMBDA_PYTHON]


def lambda_handler(spec_handler: str) -> str:
    """`functions.upload_processor:handler` (registry) -> `functions.upload_processor.handler` (Lambda)."""
    module, _, attr = spec_handler.partition(":")
    return f"{module}.{attr}"


class Workers(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, specs: tuple[Any, ...],
                 source_dir: Path, layer: lambda_.ILayerVersion, environment: dict[str, str],
                 queues: dict[str, sqs.Queue], dead_letter_queues: dict[str, sqs.Queue]) -> None:
        super().__init__(scope, construct_id)
        code = lambda_.Code.from_asset(str(source_dir), exclude=[".chalice", ".chalice/**"])
        self.functions: dict[str, lambda_.Function] = {}
        self.roles: list[iam.Role] = []
        for spec in specs:
            role = iam.Role(self, f"{spec.name}-role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                            description=f"worker {spec.name}")
            log_group = logs.LogGroup(self, f"{spec.name}-logs", retention=config.log_retention,
                                      removal_policy=config.removal_policy)
            log_group.grant_write(role)
            function = lambda_.Function(
                self, spec.name,
                function_name=f"{config.prefix}{spec.name}",
                runtime=lambda_runtime(),
                architecture=lambda_.Architecture.X86_64,
                handler=lambda_handler(spec.handler),
                code=code,
                layers=[layer],
                role=role,
                timeout=Duration.seconds(spec.timeout),
                memory_size=512,
                environment={**environment, "POWERTOOLS_SERVICE_NAME": spec.name},
                log_group=log_group,
            )
            self._connect(spec, function, queues, dead_letter_queues)
            self.functions[spec.name] = function
            self.roles.append(role)

    def _connect(self, spec: Any, function: lambda_.Function, queues: dict[str, sqs.Queue],
                 dead_letter_queues: dict[str, sqs.Queue]) -> None:
        queue_key = getattr(spec, "queue", None)
        schedule = getattr(spec, "schedule", None)
        if queue_key:
            source = (dead_letter_queues if getattr(spec, "dead_letters", False) else queues)[queue_key]
            function.add_event_source(event_sources.SqsEventSource(
                source, batch_size=spec.batch_size, report_batch_item_failures=True))
        if schedule:
            rule = events.Rule(self, f"{spec.name}-schedule", schedule=events.Schedule.expression(schedule),
                               description=f"runs {spec.name}")
            rule.add_target(targets.LambdaFunction(function, retry_attempts=2))
        if not queue_key and not schedule:
            raise SystemExit(f"function {spec.name} has neither a queue nor a schedule")
