"""Idempotent provisioning of every table, bucket, queue (with DLQ), SES sender and the user pool.

Used by `make run`, by the tests' session fixture and by `make publish` against the local stage.
Running it twice creates nothing twice.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3

from local.resources import ACCOUNT_ID, BUCKETS, DEMO_PASSWORD, DEMO_USERS, QUEUES, USER_GROUPS, names

REGION = "eu-central-1"
SES_SENDER = "no-reply@kreisjobcenter.example"


def base_environment(endpoint: str, stage: str = "local",
                     public_base_url: str = "http://127.0.0.1:8000") -> dict[str, str]:
    """Everything but the user pool ids, which moto chooses when the pool is created."""
    from local.resources import LOCAL_SPEECH

    env = {
        "STAGE": stage,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # noqa: S105 - moto's fake credentials
        "SES_SENDER": SES_SENDER,
        "PUBLIC_BASE_URL": public_base_url,
        "SPEECH_ENGINES": LOCAL_SPEECH,
        "MALWARE_SCANNER": "eicar",
        "SES_MAX_PER_SECOND": "200",
        "POWERTOOLS_SERVICE_NAME": "kreisjobcenter",
        "POWERTOOLS_METRICS_NAMESPACE": "Kreisjobcenter",
    }
    for key, value in names(stage).items():
        env[key] = value
    for queue in QUEUES:
        env[f"{queue.key.upper()}_QUEUE_URL"] = f"{endpoint}/{ACCOUNT_ID}/{env[queue.key.upper() + '_QUEUE_NAME']}"
    return env


def _client(service: str, endpoint: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")  # noqa: S106


def _queues(endpoint: str, env: dict[str, str]) -> None:
    sqs = _client("sqs", endpoint)
    for spec in QUEUES:
        name = env[f"{spec.key.upper()}_QUEUE_NAME"]
        dlq_url = sqs.create_queue(QueueName=f"{name}-dlq",
                                   Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sqs.create_queue(QueueName=name, Attributes={
            "VisibilityTimeout": str(spec.visibility_timeout),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": spec.max_receives}),
        })


def _buckets(endpoint: str, env: dict[str, str]) -> None:
    s3 = _client("s3", endpoint)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for bucket in BUCKETS:
        name = env[f"{bucket.upper()}_BUCKET"]
        if name not in existing:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
    s3.put_bucket_cors(Bucket=env["DOCUMENTS_BUCKET"], CORSConfiguration={"CORSRules": [{
        "AllowedOrigins": [env["PUBLIC_BASE_URL"]], "AllowedMethods": ["POST"], "AllowedHeaders": ["*"],
        "MaxAgeSeconds": 600}]})
    s3.put_bucket_encryption(Bucket=env["DOCUMENTS_BUCKET"], ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]})
    s3.put_bucket_lifecycle_configuration(Bucket=env["DOCUMENTS_BUCKET"], LifecycleConfiguration={"Rules": [
        {"ID": f"expire-{prefix}", "Status": "Enabled", "Filter": {"Prefix": f"{prefix}/"},
         "Expiration": {"Days": days}} for prefix, days in (("quarantine", 2), ("rejected", 30), ("exports", 1))]})
    # Uploads land under quarantine/ and reach the upload processor through SQS, as in AWS.
    sqs = _client("sqs", endpoint)
    uploads_arn = sqs.get_queue_attributes(QueueUrl=env["UPLOADS_QUEUE_URL"],
                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=env["DOCUMENTS_BUCKET"], NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": uploads_arn, "Events": ["s3:ObjectCreated:*"],
                                 "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "quarantine/"}]}}}]})


def _user_pool(endpoint: str, env: dict[str, str], demo_users: bool) -> dict[str, str]:
    idp = _client("cognito-idp", endpoint)
    pool_name = env["USER_POOL_NAME"]
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((p["Id"] for p in pools if p["Name"] == pool_name), None)
    if pool_id is None:
        pool_id = idp.create_user_pool(
            PoolName=pool_name, UsernameAttributes=["email"], AutoVerifiedAttributes=["email"],
            Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": True,
                                         "RequireLowercase": True, "RequireNumbers": True,
                                         "RequireSymbols": True}},
        )["UserPool"]["Id"]
    clients = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == "web"), None)
    if client_id is None:
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="web", GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]["ClientId"]
    existing_groups = {g["GroupName"] for g in idp.list_groups(UserPoolId=pool_id)["Groups"]}
    for group in USER_GROUPS:
        if group not in existing_groups:
            idp.create_group(UserPoolId=pool_id, GroupName=group)
    if demo_users:
        for user in DEMO_USERS:
            _demo_user(idp, pool_id, user.email, user.name, user.groups, user.birthdate)
    return {
        "COGNITO_USER_POOL_ID": pool_id,
        "COGNITO_CLIENT_ID": client_id,
        "COGNITO_JWKS_URL": f"{endpoint}/{pool_id}/.well-known/jwks.json",
    }


def _demo_user(idp: Any, pool_id: str, email: str, name: str, groups: tuple[str, ...],
               birthdate: str | None = None) -> None:
    try:
        idp.admin_get_user(UserPoolId=pool_id, Username=email)
    except idp.exceptions.UserNotFoundException:
        idp.admin_create_user(UserPoolId=pool_id, Username=email, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": email},
                                              {"Name": "email_verified", "Value": "true"},
                                              {"Name": "name", "Value": name},
                                              *([{"Name": "birthdate", "Value": birthdate}] if birthdate else [])])
        idp.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=DEMO_PASSWORD,
                                    Permanent=True)
    for group in groups:
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName=group)


def _ses(endpoint: str, env: dict[str, str]) -> None:
    _client("ses", endpoint).verify_email_identity(EmailAddress=env["SES_SENDER"])


def _tables() -> None:
    from chalicelib.models.registry import all_models

    for model in all_models():
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def provision(endpoint: str, stage: str = "local", *, demo_users: bool | None = None,
              public_base_url: str = "http://127.0.0.1:8000") -> dict[str, str]:
    """Create everything (idempotently) and return the environment the app and functions need.

    The environment is also applied to this process, because models read their table names from it.
    Demo users exist in the local stage only.
    """
    env = base_environment(endpoint, stage, public_base_url)
    os.environ.update(env)
    env.update(_user_pool(endpoint, env, demo_users if demo_users is not None else stage == "local"))
    os.environ.update(env)
    _queues(endpoint, env)
    _buckets(endpoint, env)
    _ses(endpoint, env)
    _tables()
    return env
