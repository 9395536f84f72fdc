"""One stage of the system as one stack: composes data, messaging, identity, api, workers and monitoring,
wires the runtime environment (every variable Settings.from_env reads) and the grants between them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import Aws, CfnOutput, Environment, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.application import TableSpec
from infra.components.api import Api
from infra.components.data import Data
from infra.components.identity import Identity
from infra.components.messaging import Messaging, QueueDesign
from infra.components.monitoring import Monitoring
from infra.components.workers import Workers, lambda_runtime
from infra.nag import acknowledge, acknowledge_reviewed_wildcards
from infra.stages import SPEECH_ENGINES, StageConfig

TABLE_READ_ACTIONS = ("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan",
                      "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable")
TABLE_WRITE_ACTIONS = ("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
UPLOADS_QUEUE = "uploads"  # S3 ObjectCreated under quarantine/ feeds this queue (as local/provision.py does)
# Tables the code only appends to: read and PutItem, never UpdateItem or DeleteItem (chalicelib/models/audit.py).
APPEND_ONLY_TABLES = frozenset({"audit"})
COGNITO_ACTIONS = ("cognito-idp:InitiateAuth", "cognito-idp:ListUsers", "cognito-idp:DescribeUserPool")
DOCUMENT_OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging",
                           "s3:PutObjectTagging")


def queue_designs(queues: tuple[Any, ...], functions: tuple[Any, ...]) -> list[QueueDesign]:
    """QueueSpecs with the timeouts of the functions that read them (queue or dead-letter queue)."""
    designs = []
    for queue in queues:
        readers = [f for f in functions if getattr(f, "queue", None) == queue.key]
        designs.append(QueueDesign(
            key=queue.key, visibility_timeout=queue.visibility_timeout, max_receives=queue.max_receives,
            consumer_timeout=max((f.timeout for f in readers if not getattr(f, "dead_letters", False)), default=0),
            dlq_consumer_timeout=max((f.timeout for f in readers if getattr(f, "dead_letters", False)), default=0)))
    return designs


class JobCentreStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, env: Environment,
                 tables: list[TableSpec], functions: tuple[Any, ...], queues: tuple[Any, ...],
                 user_groups: tuple[str, ...], source_dir: Path, dependency_layer: Path) -> None:
        super().__init__(scope, construct_id, env=env, stack_name=f"kjc-{config.name}",
                         description=f"Kreisjobcenter digital services, stage {config.name}")
        self.config = config
        self.data = Data(self, "Data", config=config, tables=tables)
        self.messaging = Messaging(self, "Messaging", config=config, queues=queue_designs(queues, functions),
                                   key=self.data.messages_key)
        self.data.notify_uploads(self.messaging.queues[UPLOADS_QUEUE])
        self.identity = Identity(self, "Identity", config=config, groups=user_groups)
        self.layer = lambda_.LayerVersion(
            self, "Dependencies", code=lambda_.Code.from_asset(str(dependency_layer)),
            compatible_runtimes=[lambda_runtime()], compatible_architectures=[lambda_.Architecture.X86_64],
            description="runtime requirements (requirements.txt) for the Lambda platform")
        self.runtime_env = self.runtime_environment()

        self.api = Api(self, "Api", config=config, source_dir=source_dir, environment=self.runtime_env,
                       layer=self.layer)
        self.workers = Workers(self, "Workers", config=config, specs=functions, source_dir=source_dir,
                               layer=self.layer, environment=self.runtime_env, queues=self.messaging.queues,
                               dead_letter_queues=self.messaging.dead_letter_queues)
        for role in (self.api.role, *self.workers.roles):
            self.grant_runtime(role)
        self.api.depend_on_grants()

        function_names = {name: function.function_name for name, function in self.workers.functions.items()}
        function_names.update({f"api-{logical_id}": function.ref
                               for logical_id, function in self.api.functions.items()})
        self.monitoring = Monitoring(self, "Monitoring", config=config, key=self.data.messages_key,
                                     dead_letter_queues=dict(self.messaging.dead_letter_queues),
                                     api_name=self.api.api_name, access_logs=self.api.access_logs,
                                     function_names=function_names)
        CfnOutput(self, "RuntimeEnvironment", value=self.to_json_string(self.runtime_env),
                  description="Settings of this stage as JSON: `python -m infra.outputs` turns them into exports")
        CfnOutput(self, "PublicBaseUrl", value=config.public_base_url)
        CfnOutput(self, "UserPoolId", value=self.identity.user_pool.user_pool_id)
        self._acknowledge()

    def runtime_environment(self) -> dict[str, str]:
        """Every variable chalicelib/config.py Settings.from_env reads (AWS_REGION comes from Lambda itself)."""
        config = self.config
        environment = {
            "STAGE": config.name,
            "TABLE_PREFIX": config.prefix,
            "DOCUMENTS_BUCKET": self.data.documents.bucket_name,
            "AUDIO_BUCKET": self.data.audio.bucket_name,
            "COGNITO_USER_POOL_ID": self.identity.user_pool.user_pool_id,
            "COGNITO_CLIENT_ID": self.identity.client.user_pool_client_id,
            "COGNITO_JWKS_URL": self.identity.jwks_url,
            "SES_SENDER": config.ses_sender,
            "SES_MAX_PER_SECOND": str(config.ses_max_per_second),
            "PUBLIC_BASE_URL": config.public_base_url,
            "SPEECH_ENGINES": SPEECH_ENGINES,
            "MALWARE_SCANNER": "guardduty",
        }
        for key, queue in self.messaging.queues.items():
            environment[f"{key.upper()}_QUEUE_URL"] = queue.queue_url
        return environment

    def grant_runtime(self, role: iam.IRole) -> None:
        """What the application code does with its identity, action by action; no `*` action anywhere."""
        # One statement for all read-write tables (and one for the append-only ones), not a grant per
        # table: with 20 tables the per-table statements passed IAM's inline policy size and CDK split
        # them into overflow policies.
        writable = [t for name, t in self.data.tables.items() if name not in APPEND_ONLY_TABLES]
        append_only = [t for name, t in self.data.tables.items() if name in APPEND_ONLY_TABLES]
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="Tables", actions=[*TABLE_READ_ACTIONS, *TABLE_WRITE_ACTIONS],
            resources=[arn for t in writable for arn in (t.table_arn, f"{t.table_arn}/index/*")]))
        if append_only:
            role.add_to_principal_policy(iam.PolicyStatement(
                sid="AppendOnlyTables", actions=[*TABLE_READ_ACTIONS, "dynamodb:PutItem"],
                resources=[arn for t in append_only for arn in (t.table_arn, f"{t.table_arn}/index/*")]))
        self.data.tables_key.grant_encrypt_decrypt(role)
        documents, audio = self.data.documents, self.data.audio
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="DocumentObjects", actions=list(DOCUMENT_OBJECT_ACTIONS), resources=[documents.arn_for_objects("*")]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="PublishedContent", actions=["s3:GetObject"], resources=[audio.arn_for_objects("*")]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="Buckets", actions=["s3:ListBucket"], resources=[documents.bucket_arn, audio.bucket_arn]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="FilesKey", actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[self.data.files_key.key_arn]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="SendToQueues", actions=["sqs:SendMessage", "sqs:GetQueueAttributes"],
            resources=[queue.queue_arn for queue in self.messaging.queues.values()]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="MessagesKey", actions=["kms:Decrypt", "kms:GenerateDataKey"],
            resources=[self.data.messages_key.key_arn]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="UserPool", actions=list(COGNITO_ACTIONS), resources=[self.identity.user_pool.user_pool_arn]))
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="Speech", actions=["polly:SynthesizeSpeech"],
            resources=[f"arn:{Aws.PARTITION}:polly:{self.region}:{self.account}:lexicon/*"]))
        ses_arn = f"arn:{Aws.PARTITION}:ses:{self.region}:{self.account}"
        role.add_to_principal_policy(iam.PolicyStatement(
            sid="SendMail", actions=["ses:SendEmail"],
            resources=[f"{ses_arn}:identity/{self.messaging.ses_domain}",
                       f"{ses_arn}:configuration-set/{self.messaging.configuration_set.configuration_set_name}"]))

    def _acknowledge(self) -> None:
        acknowledge(self.identity.user_pool, "AwsSolutions-COG2",
                    "MFA is optional (TOTP only) because the sign-in of the web app does not handle MFA "
                    "challenges yet (chalicelib/auth.py answers challenge_required); threat protection (Plus "
                    "tier, full function) blocks risky sign-ins meanwhile. Switch to required with that work.")
        for function in self.workers.functions.values():
            acknowledge(function, "AwsSolutions-L1",
                        "The runtime follows the Python that packages the app (Chalice picks the API's runtime "
                        "from it) so that the shared dependency layer's compiled wheels match; both move together.")
        if self.config.manage_api_gateway_account:
            acknowledge(self.api.cloudwatch_role,
                        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                        "AmazonAPIGatewayPushToCloudWatchLogs]",
                        "The AWS-managed policy made for exactly this account-wide role of API Gateway logging.")
        self.acknowledged_wildcards = acknowledge_reviewed_wildcards(self)

