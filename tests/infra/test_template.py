"""Template assertions on what matters: encryption, backups, TLS-only access, queue wiring, logs, IAM,
the API's gateway settings and the alarms. Includes the Chalice (SAM) resources cdk-nag cannot see."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from functions.registry import FUNCTIONS
from local.resources import QUEUES, USER_GROUPS
from tests.infra.conftest import Assembly

DATA_SERVICES = ("dynamodb:", "s3:", "sqs:", "kms:", "sns:", "ses:", "cognito-idp:", "polly:", "logs:")


def _template(assembly: Assembly) -> Template:
    return Template.from_json(assembly.template)


def _logical_id(value: Any) -> str:
    if isinstance(value, dict) and "Ref" in value:
        return value["Ref"]
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return value["Fn::GetAtt"][0]
    raise AssertionError(f"not a reference: {value!r}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _policy_statements(assembly: Assembly) -> list[tuple[str, dict[str, Any]]]:
    statements = []
    for logical_id, resource in assembly.template["Resources"].items():
        properties = resource.get("Properties", {})
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents = [properties["PolicyDocument"]]
        elif resource["Type"] == "AWS::IAM::Role":
            documents = [p["PolicyDocument"] for p in properties.get("Policies", [])]
        else:
            continue
        for document in documents:
            statements += [(logical_id, s) for s in document["Statement"]]
    return statements


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_tables_are_on_demand_kms_encrypted_with_point_in_time_recovery(assemblies: dict[str, Assembly],
                                                                         stage: str) -> None:
    tables = assemblies[stage].resources("AWS::DynamoDB::Table")
    assert tables
    for table in tables.values():
        properties = table["Properties"]
        assert properties["BillingMode"] == "PAY_PER_REQUEST"
        assert properties["SSESpecification"]["SSEEnabled"] is True
        assert properties["SSESpecification"]["SSEType"] == "KMS"
        assert _logical_id(properties["SSESpecification"]["KMSMasterKeyId"]) in assemblies[stage].resources(
            "AWS::KMS::Key")
        assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_every_kms_key_rotates(dev: Assembly) -> None:
    keys = dev.resources("AWS::KMS::Key")
    assert len(keys) >= 3
    assert all(k["Properties"]["EnableKeyRotation"] is True for k in keys.values())


def test_every_bucket_is_private_encrypted_and_tls_only(dev: Assembly) -> None:
    buckets = dev.resources("AWS::S3::Bucket")
    policies = {_logical_id(p["Properties"]["Bucket"]): p["Properties"]["PolicyDocument"]["Statement"]
                for p in dev.resources("AWS::S3::BucketPolicy").values()}
    assert len(buckets) == 3
    for logical_id, bucket in buckets.items():
        properties = bucket["Properties"]
        assert properties["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True}
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        deny_plain_http = [s for s in policies[logical_id] if s["Effect"] == "Deny"
                           and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"]
        assert deny_plain_http, f"{logical_id} accepts requests without TLS"


def _bucket(assembly: Assembly, purpose: str) -> dict[str, Any]:
    matches = [b["Properties"] for b in assembly.resources("AWS::S3::Bucket").values()
               if purpose in json.dumps(b["Properties"]["BucketName"])]
    assert len(matches) == 1, purpose
    return matches[0]


def test_documents_and_audio_buckets_use_a_customer_managed_key_and_log_access(dev: Assembly) -> None:
    keys = dev.resources("AWS::KMS::Key")
    for purpose in ("-documents-", "-audio-"):
        bucket = _bucket(dev, purpose)
        rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
        assert _logical_id(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]) in keys
        assert "access-logs" in json.dumps(dev.template["Resources"][_logical_id(
            bucket["LoggingConfiguration"]["DestinationBucketName"])]["Properties"]["BucketName"])


def test_documents_bucket_versions_expires_quarantine_and_rejected_and_allows_post_from_the_site(dev: Assembly) -> None:
    bucket = _bucket(dev, "-documents-")
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    expiry = {r.get("Prefix"): r.get("ExpirationInDays") for r in bucket["LifecycleConfiguration"]["Rules"]}
    assert expiry["quarantine/"] == 2
    assert expiry["rejected/"] == 30
    assert expiry["exports/"] == 1
    assert bucket["CorsConfiguration"]["CorsRules"] == [{
        "AllowedHeaders": ["*"], "AllowedMethods": ["POST"], "AllowedOrigins": ["https://dev.kreisjobcenter.example"],
        "MaxAge": 600}]


def test_uploads_under_quarantine_notify_the_uploads_queue(dev: Assembly) -> None:
    notification = _bucket(dev, "-documents-")["NotificationConfiguration"]
    (queue_config,) = notification["QueueConfigurations"]
    assert queue_config["Event"] == "s3:ObjectCreated:*"
    assert queue_config["Filter"] == {"S3Key": {"Rules": [{"Name": "prefix", "Value": "quarantine/"}]}}
    queue = dev.template["Resources"][_logical_id(queue_config["Queue"])]
    assert queue["Properties"]["QueueName"] == "kjc-dev-uploads"
    queue_policies = [p["Properties"] for p in dev.resources("AWS::SQS::QueuePolicy").values()
                      if _logical_id(p["Properties"]["Queues"][0]) == _logical_id(queue_config["Queue"])]
    statements = [s for p in queue_policies for s in p["PolicyDocument"]["Statement"]]
    assert any(s.get("Principal") == {"Service": "s3.amazonaws.com"} and s["Action"] == "sqs:SendMessage"
               for s in statements)


def test_guardduty_malware_protection_scans_quarantine_and_tags_objects(dev: Assembly) -> None:
    (plan,) = dev.resources("AWS::GuardDuty::MalwareProtectionPlan").values()
    properties = plan["Properties"]
    assert properties["ProtectedResource"]["S3Bucket"]["ObjectPrefixes"] == ["quarantine/"]
    assert properties["Actions"] == {"Tagging": {"Status": "ENABLED"}}
    role = dev.template["Resources"][_logical_id(properties["Role"])]
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "malware-protection-plan.guardduty.amazonaws.com"}


def _queues(assembly: Assembly) -> dict[str, dict[str, Any]]:
    return {q["Properties"]["QueueName"]: {"id": k, **q["Properties"]}
            for k, q in assembly.resources("AWS::SQS::Queue").items()}


def test_every_queue_is_kms_encrypted_and_each_queue_has_a_dead_letter_queue_after_its_max_receives(
        dev: Assembly) -> None:
    queues = _queues(dev)
    assert len(queues) == 2 * len(QUEUES)
    for properties in queues.values():
        assert _logical_id(properties["KmsMasterKeyId"]) in dev.resources("AWS::KMS::Key")
    for spec in QUEUES:
        queue = queues[f"kjc-dev-{spec.key}"]
        dlq = queues[f"kjc-dev-{spec.key}-dlq"]
        assert queue["RedrivePolicy"]["maxReceiveCount"] == spec.max_receives == 5
        assert _logical_id(queue["RedrivePolicy"]["deadLetterTargetArn"]) == dlq["id"]
        assert dlq["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_queues_accept_tls_only(dev: Assembly) -> None:
    protected = set()
    for policy in dev.resources("AWS::SQS::QueuePolicy").values():
        if any(s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
               for s in policy["Properties"]["PolicyDocument"]["Statement"]):
            protected |= {_logical_id(q) for q in policy["Properties"]["Queues"]}
    assert protected == set(dev.resources("AWS::SQS::Queue"))


def test_each_function_reads_its_queue_with_partial_batch_responses_and_a_long_enough_visibility_timeout(
        dev: Assembly) -> None:
    queues = {q["id"]: q for q in _queues(dev).values()}
    functions = dev.resources("AWS::Lambda::Function")
    mappings = list(dev.resources("AWS::Lambda::EventSourceMapping").values())
    fed = [spec for spec in FUNCTIONS if spec.queue]
    assert len(mappings) == len(fed)
    for spec in fed:
        function_id = next(k for k, f in functions.items()
                           if f["Properties"].get("FunctionName") == f"kjc-dev-{spec.name}")
        (mapping,) = [m["Properties"] for m in mappings if _logical_id(m["Properties"]["FunctionName"]) == function_id]
        queue = queues[_logical_id(mapping["EventSourceArn"])]
        expected_name = f"kjc-dev-{spec.queue}-dlq" if getattr(spec, "dead_letters", False) else f"kjc-dev-{spec.queue}"
        assert queue["QueueName"] == expected_name
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["BatchSize"] == spec.batch_size
        timeout = functions[function_id]["Properties"]["Timeout"]
        assert timeout == spec.timeout
        assert queue["VisibilityTimeout"] >= 6 * timeout


def test_worker_functions_run_the_registry_handlers_with_the_dependency_layer(dev: Assembly) -> None:
    functions = {f["Properties"].get("FunctionName"): f["Properties"]
                 for f in dev.resources("AWS::Lambda::Function").values()}
    for spec in FUNCTIONS:
        properties = functions[f"kjc-dev-{spec.name}"]
        assert properties["Handler"] == spec.handler.replace(":", ".")
        assert properties["Runtime"] in ("python3.11", "python3.12", "python3.13")
        assert _logical_id(properties["Layers"][0]) in dev.resources("AWS::Lambda::LayerVersion")
        assert _logical_id(properties["LoggingConfig"]["LogGroup"]) in dev.resources("AWS::Logs::LogGroup")
    scheduled = [spec for spec in FUNCTIONS if getattr(spec, "schedule", None)]
    rules = [r["Properties"]["ScheduleExpression"] for r in dev.resources("AWS::Events::Rule").values()]
    assert sorted(rules) == sorted(spec.schedule for spec in scheduled)


@pytest.mark.parametrize(("stage", "days"), [("dev", 14), ("prod", 90)])
def test_every_log_group_has_an_explicit_retention(assemblies: dict[str, Assembly], stage: str, days: int) -> None:
    groups = assemblies[stage].resources("AWS::Logs::LogGroup")
    assert len(groups) >= 2 + len(FUNCTIONS)
    assert {g["Properties"]["RetentionInDays"] for g in groups.values()} == {days}


def test_no_policy_grants_a_wildcard_action_or_data_access_on_every_resource(assemblies: dict[str, Assembly]) -> None:
    for assembly in assemblies.values():
        for logical_id, statement in _policy_statements(assembly):
            if statement["Effect"] != "Allow":
                continue
            for action in _as_list(statement["Action"]):
                assert action != "*" and not action.endswith(":*"), (logical_id, action)
                if action.startswith(DATA_SERVICES):
                    assert "*" not in _as_list(statement["Resource"]), (logical_id, action)


def test_the_audit_table_is_append_only_for_the_application(dev: Assembly) -> None:
    audit_id = next(k for k, t in dev.resources("AWS::DynamoDB::Table").items()
                    if t["Properties"]["TableName"] == "kjc-dev-audit")
    for logical_id, statement in _policy_statements(dev):
        if any(audit_id in json.dumps(r) for r in _as_list(statement["Resource"])):
            actions = set(_as_list(statement["Action"]))
            assert not actions & {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}, logical_id


def test_api_is_chalice_with_its_own_role_layer_and_log_group(dev: Assembly) -> None:
    functions = dev.resources("AWS::Serverless::Function")
    assert {"APIHandler", "JwtAuthorizer"} <= set(functions)
    roles = dev.resources("AWS::IAM::Role")
    for properties in (f["Properties"] for f in functions.values()):
        assert _logical_id(properties["Role"]) in roles
        assert _logical_id(properties["Layers"][0]) in dev.resources("AWS::Lambda::LayerVersion")
        assert _logical_id(properties["LoggingConfig"]["LogGroup"]) in dev.resources("AWS::Logs::LogGroup")
        assert properties["CodeUri"]["Key"].endswith(".zip")
    template = _template(dev)
    template.has_resource_properties("AWS::Serverless::Api", {
        "Name": "kjc-dev-api", "StageName": "api", "EndpointConfiguration": "REGIONAL",
        "AccessLogSetting": {"DestinationArn": {"Fn::GetAtt": [Match.any_value(), "Arn"]}, "Format": Match.any_value()},
        "MethodSettings": [Match.object_like({"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": 20,
                                              "ThrottlingBurstLimit": 40})],
    })


def test_gateway_responses_answer_problem_json(dev: Assembly) -> None:
    (api,) = dev.resources("AWS::Serverless::Api").values()
    responses = api["Properties"]["GatewayResponses"]
    for response_type, status in (("UNAUTHORIZED", 401), ("MISSING_AUTHENTICATION_TOKEN", 404)):
        response = responses[response_type]
        assert int(response["StatusCode"]) == status
        assert response["ResponseParameters"]["Headers"]["Content-Type"] == "'application/problem+json'"
        for body in response["ResponseTemplates"].values():
            problem = json.loads(body)
            assert problem["status"] == status and problem["title"] and problem["type"].startswith("https://")


def test_user_pool_signs_in_by_email_with_strong_passwords_totp_and_threat_protection(dev: Assembly) -> None:
    (pool,) = dev.resources("AWS::Cognito::UserPool").values()
    properties = pool["Properties"]
    assert properties["UsernameAttributes"] == ["email"]
    assert properties["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
    policy = properties["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 12
    assert all(policy[k] is True for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols"))
    assert properties["MfaConfiguration"] in ("ON", "OPTIONAL")
    assert properties["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert properties["UserPoolAddOns"]["AdvancedSecurityMode"] == "ENFORCED"
    groups = sorted(g["Properties"]["GroupName"] for g in dev.resources("AWS::Cognito::UserPoolGroup").values())
    assert groups == sorted(USER_GROUPS)
    (client,) = dev.resources("AWS::Cognito::UserPoolClient").values()
    assert set(client["Properties"]["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert client["Properties"]["PreventUserExistenceErrors"] == "ENABLED"
    assert client["Properties"]["GenerateSecret"] is False


def test_ses_identity_uses_the_configuration_set(dev: Assembly) -> None:
    (identity,) = dev.resources("AWS::SES::EmailIdentity").values()
    assert identity["Properties"]["EmailIdentity"] == "kreisjobcenter.example"
    (configuration_set,) = dev.resources("AWS::SES::ConfigurationSet").items()
    assert _logical_id(identity["Properties"]["ConfigurationSetAttributes"]["ConfigurationSetName"]) == \
        configuration_set[0]


def test_alarms_cover_every_dead_letter_queue_the_api_and_every_function(dev: Assembly) -> None:
    alarms = [a["Properties"] for a in dev.resources("AWS::CloudWatch::Alarm").values()]
    dlq_alarms = {_logical_id(a["Dimensions"][0]["Value"]) for a in alarms
                  if a.get("MetricName") == "ApproximateNumberOfMessagesVisible"}
    dlqs = {q["id"] for name, q in _queues(dev).items() if name.endswith("-dlq")}
    assert dlq_alarms == dlqs
    for alarm in alarms:
        if alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible":
            assert alarm["Threshold"] == 0 and alarm["ComparisonOperator"] == "GreaterThanThreshold"
        assert alarm["AlarmActions"]
    assert any(a.get("MetricName") == "5XXError" and a["Statistic"] == "Average" for a in alarms)
    assert any(a.get("MetricName") == "ApiThrottled" for a in alarms)
    errors = [a for a in alarms if a.get("MetricName") == "Errors"]
    throttles = [a for a in alarms if a.get("MetricName") == "Throttles"]
    assert len(errors) == len(throttles) == len(FUNCTIONS) + len(dev.resources("AWS::Serverless::Function"))


def test_prod_keeps_its_data_and_dev_can_be_torn_down(dev: Assembly, prod: Assembly) -> None:
    for table in prod.resources("AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Retain"
        assert table["Properties"]["DeletionProtectionEnabled"] is True
    for table in dev.resources("AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == "Delete"
    (pool,) = prod.resources("AWS::Cognito::UserPool").values()
    assert pool["Properties"]["DeletionProtection"] == "ACTIVE"


def test_with_a_certificate_the_site_is_served_at_the_root_of_its_own_domain(prod_with_domain: Assembly) -> None:
    (domain_id, domain), = prod_with_domain.resources("AWS::ApiGateway::DomainName").items()
    assert domain["Properties"]["DomainName"] == "service.kreisjobcenter.example"
    assert domain["Properties"]["SecurityPolicy"] == "TLS_1_2"
    assert domain["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    (mapping,) = prod_with_domain.resources("AWS::ApiGateway::BasePathMapping").values()
    assert mapping["Properties"] == {"DomainName": {"Ref": domain_id}, "RestApiId": {"Ref": "RestAPI"},
                                     "Stage": {"Ref": "RestAPI.Stage"}}
    (subscription,) = prod_with_domain.resources("AWS::SNS::Subscription").values()
    assert subscription["Properties"]["Endpoint"] == "ops@kreisjobcenter.example"
    assert prod_with_domain.resources("AWS::ApiGateway::Account") == {}


def test_without_a_certificate_there_is_no_custom_domain_but_the_api_gateway_logging_role(dev: Assembly) -> None:
    assert dev.resources("AWS::ApiGateway::DomainName") == {}
    (account,) = dev.resources("AWS::ApiGateway::Account").values()
    assert _logical_id(account["Properties"]["CloudWatchRoleArn"]) in dev.resources("AWS::IAM::Role")
    assert "ApiAccountA18C9B29" in dev.template["Resources"]["RestAPI"].get("DependsOn", [])


def test_api_gateway_execution_logs_have_a_retention_too(dev: Assembly) -> None:
    names = [g["Properties"].get("LogGroupName") for g in dev.resources("AWS::Logs::LogGroup").values()]
    assert {"Fn::Join": ["", ["API-Gateway-Execution-Logs_", {"Ref": "RestAPI"}, "/api"]]} in names
