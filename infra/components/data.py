"""Data at rest: the customer-managed KMS keys, one DynamoDB table per PynamoDB model, and the buckets
(documents with quarantine, published audio/index content, server access logs), with GuardDuty Malware
Protection on the documents bucket."""

from __future__ import annotations

from aws_cdk import Aws, Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_guardduty as guardduty
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.application import KeyAttribute, TableSpec
from infra.stages import StageConfig

QUARANTINE_PREFIX = "quarantine/"
REJECTED_PREFIX = "rejected/"
QUARANTINE_DAYS = 2
REJECTED_DAYS = 30
EXPORTS_PREFIX = "exports/"  # PDF portfolios, fetched once through a 5-minute link
EXPORTS_DAYS = 1
_ATTRIBUTE_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER,
                    "B": dynamodb.AttributeType.BINARY}
_PROJECTIONS = {"ALL": dynamodb.ProjectionType.ALL, "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
                "INCLUDE": dynamodb.ProjectionType.INCLUDE}


def _attribute(key: KeyAttribute | None) -> dynamodb.Attribute | None:
    return dynamodb.Attribute(name=key.name, type=_ATTRIBUTE_TYPES[key.type]) if key else None


class Data(Construct):
    """Keys, tables and buckets. Grants to readers and writers are made by the constructs that use them."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, tables: list[TableSpec]) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self.tables_key = self._key("TablesKey", "DynamoDB tables")
        self.files_key = self._key("FilesKey", "documents and published content in S3")
        self.messages_key = self._key("MessagesKey", "SQS queues, dead-letter queues and the alarm topic")
        self.tables: dict[str, dynamodb.Table] = {spec.base_name: self._table(spec) for spec in tables}
        self.table_specs = {spec.base_name: spec for spec in tables}

        self.access_logs = s3.Bucket(
            self, "AccessLogs",
            bucket_name=self.bucket_name("access-logs"),
            # Server access logging cannot deliver into SSE-KMS buckets: SSE-S3 is what S3 supports here.
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=False,
            removal_policy=config.removal_policy,
            lifecycle_rules=[s3.LifecycleRule(id="expire-access-logs", expiration=Duration.days(365),
                                              abort_incomplete_multipart_upload_after=Duration.days(1))],
        )
        self.documents = s3.Bucket(
            self, "Documents",
            bucket_name=self.bucket_name("documents"),
            versioned=True,
            **self._private_bucket(config, log_prefix="documents/"),
            cors=[s3.CorsRule(allowed_methods=[s3.HttpMethods.POST], allowed_origins=[config.public_base_url],
                              allowed_headers=["*"], max_age=600)],
            lifecycle_rules=[
                s3.LifecycleRule(id="expire-quarantine", prefix=QUARANTINE_PREFIX,
                                 expiration=Duration.days(QUARANTINE_DAYS),
                                 noncurrent_version_expiration=Duration.days(1)),
                s3.LifecycleRule(id="expire-rejected", prefix=REJECTED_PREFIX, expiration=Duration.days(REJECTED_DAYS),
                                 noncurrent_version_expiration=Duration.days(1)),
                s3.LifecycleRule(id="expire-exports", prefix=EXPORTS_PREFIX, expiration=Duration.days(EXPORTS_DAYS),
                                 noncurrent_version_expiration=Duration.days(1)),
                s3.LifecycleRule(id="noncurrent-versions", abort_incomplete_multipart_upload_after=Duration.days(1),
                                 noncurrent_version_expiration=Duration.days(config.noncurrent_version_days),
                                 expired_object_delete_marker=True),
            ],
        )
        self.audio = s3.Bucket(
            self, "Audio",
            bucket_name=self.bucket_name("audio"),
            versioned=False,  # published content is rebuilt from content/ by `make publish`
            **self._private_bucket(config, log_prefix="audio/"),
            lifecycle_rules=[s3.LifecycleRule(id="abort-multipart",
                                              abort_incomplete_multipart_upload_after=Duration.days(1))],
        )
        self._malware_protection()

    def _private_bucket(self, config: StageConfig, log_prefix: str) -> dict:
        """The posture every bucket with citizens' or published data shares: KMS with the files key,
        no public access, TLS 1.2+ only, bucket-owner objects, server access logs."""
        return {
            "encryption": s3.BucketEncryption.KMS,
            "encryption_key": self.files_key,
            "bucket_key_enabled": True,
            "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
            "object_ownership": s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            "enforce_ssl": True,
            "minimum_tls_version": 1.2,
            "removal_policy": config.removal_policy,
            "server_access_logs_bucket": self.access_logs,
            "server_access_logs_prefix": log_prefix,
        }

    def bucket_name(self, purpose: str) -> str:
        # Bucket names are global: the account and region keep two accounts' stages apart.
        stack = Stack.of(self)
        return f"{self._config.prefix}{purpose}-{stack.account}-{stack.region}"

    def _key(self, construct_id: str, purpose: str) -> kms.Key:
        return kms.Key(self, construct_id, description=f"kjc-{self._config.name}: {purpose}", enable_key_rotation=True,
                       removal_policy=self._config.removal_policy, pending_window=Duration.days(30))

    def _table(self, spec: TableSpec) -> dynamodb.Table:
        table = dynamodb.Table(
            self, f"Table-{spec.base_name}",
            table_name=f"{self._config.prefix}{spec.base_name}",
            partition_key=_attribute(spec.partition_key),
            sort_key=_attribute(spec.sort_key),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.tables_key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=self._config.point_in_time_recovery),
            time_to_live_attribute=spec.ttl_attribute,
            deletion_protection=self._config.deletion_protection,
            removal_policy=self._config.removal_policy,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name, partition_key=_attribute(index.partition_key),
                sort_key=_attribute(index.sort_key), projection_type=_PROJECTIONS[index.projection],
                non_key_attributes=list(index.non_key_attributes) or None)
        return table

    def notify_uploads(self, queue: sqs.Queue) -> None:
        """S3 ObjectCreated under quarantine/ -> the uploads queue, declared on the bucket itself.

        Declared as the bucket's NotificationConfiguration (no custom resource); the queue policy and
        the key policy must exist before S3 validates the destination, hence the explicit dependency.
        EventBridge delivery stays on: GuardDuty Malware Protection relies on it.
        """
        documents_arn = f"arn:{Aws.PARTITION}:s3:::{self.bucket_name('documents')}"
        source = {"ArnLike": {"aws:SourceArn": documents_arn}, "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
        s3_service = iam.ServicePrincipal("s3.amazonaws.com")
        result = queue.add_to_resource_policy(iam.PolicyStatement(
            sid="S3UploadNotifications", principals=[s3_service], actions=["sqs:SendMessage"],
            resources=[queue.queue_arn], conditions=source))
        queue.encryption_master_key.add_to_resource_policy(iam.PolicyStatement(
            sid="S3UploadNotifications", principals=[s3_service], actions=["kms:GenerateDataKey", "kms:Decrypt"],
            resources=["*"], conditions=source))
        cfn_bucket: s3.CfnBucket = self.documents.node.default_child
        cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
            event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(event_bridge_enabled=True),
            queue_configurations=[s3.CfnBucket.QueueConfigurationProperty(
                event="s3:ObjectCreated:*", queue=queue.queue_arn,
                filter=s3.CfnBucket.NotificationFilterProperty(s3_key=s3.CfnBucket.S3KeyFilterProperty(rules=[
                    s3.CfnBucket.FilterRuleProperty(name="prefix", value=QUARANTINE_PREFIX)])))])
        if result.policy_dependable is not None:
            cfn_bucket.node.add_dependency(result.policy_dependable)

    def _malware_protection(self) -> None:
        """GuardDuty Malware Protection for S3 scans every new quarantine/ object and tags the verdict.

        The role is the one AWS documents for the plan: manage its EventBridge rule, read and tag
        objects, put the validation object, and use the bucket's key through S3 only.
        """
        stack = Stack.of(self)
        bucket_arn = self.documents.bucket_arn
        rule_arn = (f"arn:{Aws.PARTITION}:events:{stack.region}:{stack.account}:rule/"
                    "DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*")
        role = iam.Role(self, "MalwareProtectionRole",
                        assumed_by=iam.ServicePrincipal("malware-protection-plan.guardduty.amazonaws.com"),
                        description="GuardDuty Malware Protection for S3 on the documents bucket")
        role.add_to_policy(iam.PolicyStatement(
            sid="ManagedRule", actions=["events:PutRule", "events:DeleteRule", "events:PutTargets",
                                        "events:RemoveTargets"], resources=[rule_arn],
            conditions={"StringLike": {"events:ManagedBy": "malware-protection-plan.guardduty.amazonaws.com"}}))
        role.add_to_policy(iam.PolicyStatement(
            sid="MonitorManagedRule", actions=["events:DescribeRule", "events:ListTargetsByRule"],
            resources=[rule_arn]))
        role.add_to_policy(iam.PolicyStatement(
            sid="TagAndScanObjects", actions=["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging",
                                              "s3:GetObjectVersionTagging", "s3:PutObjectTagging",
                                              "s3:PutObjectVersionTagging"],
            resources=[self.documents.arn_for_objects(f"{QUARANTINE_PREFIX}*")]))
        role.add_to_policy(iam.PolicyStatement(
            sid="BucketNotifications", actions=["s3:PutBucketNotification", "s3:GetBucketNotification",
                                                "s3:ListBucket"], resources=[bucket_arn]))
        role.add_to_policy(iam.PolicyStatement(
            sid="ValidationObject", actions=["s3:PutObject"],
            resources=[self.documents.arn_for_objects("malware-protection-resource-validation-object")]))
        role.add_to_policy(iam.PolicyStatement(
            sid="DecryptThroughS3", actions=["kms:GenerateDataKey", "kms:Decrypt"],
            resources=[self.files_key.key_arn],
            conditions={"StringLike": {"kms:ViaService": f"s3.{stack.region}.amazonaws.com"}}))
        plan = guardduty.CfnMalwareProtectionPlan(
            self, "MalwareProtection",
            role=role.role_arn,
            protected_resource=guardduty.CfnMalwareProtectionPlan.CFNProtectedResourceProperty(
                s3_bucket=guardduty.CfnMalwareProtectionPlan.S3BucketProperty(
                    bucket_name=self.documents.bucket_name, object_prefixes=[QUARANTINE_PREFIX])),
            actions=guardduty.CfnMalwareProtectionPlan.CFNActionsProperty(
                tagging=guardduty.CfnMalwareProtectionPlan.CFNTaggingProperty(status="ENABLED")),
        )
        plan.node.add_dependency(role.node.find_child("DefaultPolicy"))  # the plan checks its permissions
        self.malware_protection_role = role
