"""The API: the Chalice app packaged by `chalice.cdk.Chalice` (SAM, imported into this stack), its role,
log groups, stage settings (access logs, throttling), the gateway responses the local stage emulates
(local/gateway.py), and the optional custom domain that serves the site at its root."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from aws_cdk import Acknowledgment, CfnOutput, CfnResource, Fn, Stack, Validations
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from chalice.cdk import Chalice
from constructs import Construct

from infra.stages import StageConfig

API_GATEWAY_STAGE = "api"
PROBLEM_TYPE_BASE = "https://kreisjobcenter.example/problems/"
# What API Gateway itself answers, in the app's RFC 9457 shape (chalicelib/http.py problem()).
GATEWAY_RESPONSES: dict[str, dict[str, Any]] = {
    "UNAUTHORIZED": {"status": 401, "code": "unauthenticated", "title": "Unauthorized",
                     "detail": "Sign in again: the access token is missing, invalid or expired."},
    "MISSING_AUTHENTICATION_TOKEN": {"status": 404, "code": "not_found", "title": "Not Found",
                                     "detail": "There is nothing at this address."},
}
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "time": "$context.requestTime",
    "method": "$context.httpMethod", "resource": "$context.resourcePath", "status": "$context.status",
    "latencyMs": "$context.responseLatency", "integrationStatus": "$context.integration.status",
    "errorType": "$context.error.responseType", "userAgent": "$context.identity.userAgent",
}, separators=(",", ":"))


def gateway_responses() -> dict[str, Any]:
    """SAM `GatewayResponses`: part of the API definition, so every deployment carries them."""
    responses = {}
    for response_type, spec in GATEWAY_RESPONSES.items():
        body = json.dumps({"type": PROBLEM_TYPE_BASE + spec["code"], "title": spec["title"], "status": spec["status"],
                           "detail": spec["detail"]}, separators=(",", ":"))
        responses[response_type] = {
            "StatusCode": str(spec["status"]),
            "ResponseParameters": {"Headers": {
                "Content-Type": "'application/problem+json'",
                "Cache-Control": "'no-store'",
                "X-Content-Type-Options": "'nosniff'",
            }},
            "ResponseTemplates": {"application/json": body, "application/problem+json": body},
        }
    return responses


class Api(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, source_dir: Path,
                 environment: dict[str, str], layer: lambda_.ILayerVersion) -> None:
        super().__init__(scope, construct_id)
        self.role = iam.Role(self, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                             description="Chalice API and authorizer functions (grants made by the stack)")
        self.function_logs = logs.LogGroup(self, "FunctionLogs", retention=config.log_retention,
                                           removal_policy=config.removal_policy)
        self.function_logs.grant_write(self.role)
        self.access_logs = logs.LogGroup(self, "AccessLogs", retention=config.log_retention,
                                         removal_policy=config.removal_policy)
        self.api_name = f"{config.prefix}api"

        chalice_config = json.loads((source_dir / ".chalice" / "config.json").read_text(encoding="utf-8"))
        disk_stage = dict(chalice_config.get("stages", {}).get(config.name, {}))
        stage_environment = {**chalice_config.get("environment_variables", {}),
                             **disk_stage.pop("environment_variables", {}), **environment}
        stage_config = {
            **disk_stage,
            "api_gateway_stage": API_GATEWAY_STAGE,
            "api_gateway_endpoint_type": "REGIONAL",
            "autogen_policy": False,
            "manage_iam_role": False,
            "iam_role_arn": self.role.role_arn,
            "automatic_layer": False,
            "layers": [layer.layer_version_arn],
            "environment_variables": stage_environment,
            "tags": {"project": "kreisjobcenter", "stage": config.name},
        }
        self.environment = stage_environment
        # `chalice package` needs a region to build its config, and writes chalice.out/ into the working
        # directory: both are pinned here so that synthesis behaves the same from any directory.
        previous_cwd = Path.cwd()
        build_dir = source_dir.parent
        os.environ.setdefault("AWS_DEFAULT_REGION", Stack.of(self).region)
        os.chdir(build_dir)
        try:
            self.chalice = Chalice(self, "App", source_dir=str(source_dir), stage_config=stage_config)
        finally:
            os.chdir(previous_cwd)

        self.functions: dict[str, CfnResource] = {
            child.node.id: child for child in self.chalice.sam_template.node.children
            if isinstance(child, CfnResource) and child.cfn_resource_type == "AWS::Serverless::Function"}
        for function in self.functions.values():
            function.add_property_override("LoggingConfig", {"LogGroup": self.function_logs.log_group_name,
                                                             "LogFormat": "Text"})

        self.rest_api: CfnResource = self.chalice.get_resource("RestAPI")
        self.rest_api.add_property_override("Name", self.api_name)
        self.rest_api.add_property_override("AccessLogSetting", {
            "DestinationArn": self.access_logs.log_group_arn, "Format": ACCESS_LOG_FORMAT})
        self.rest_api.add_property_override("MethodSettings", [{
            "ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": config.api_throttle_rate,
            "ThrottlingBurstLimit": config.api_throttle_burst, "MetricsEnabled": True, "LoggingLevel": "ERROR",
            "DataTraceEnabled": False}])
        self.rest_api.add_property_override("GatewayResponses", gateway_responses())
        # API Gateway creates its execution log group on first use, without retention: own it instead.
        self.execution_logs = logs.LogGroup(
            self, "ExecutionLogs", retention=config.log_retention, removal_policy=config.removal_policy,
            log_group_name=Fn.join("", ["API-Gateway-Execution-Logs_", self.rest_api.ref, f"/{API_GATEWAY_STAGE}"]))
        if config.manage_api_gateway_account:
            self._account_logging_role()
        if config.certificate_arn:
            self._custom_domain(config)

        CfnOutput(self, "EndpointUrl", value=Fn.sub(
            f"https://${{RestAPI}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{API_GATEWAY_STAGE}/"),
            description="The API Gateway stage URL (the site itself is served at PUBLIC_BASE_URL)")

    def depend_on_grants(self) -> None:
        """The functions start only once their role's policy exists (SAM names the role by ARN only)."""
        policy = self.role.node.find_child("DefaultPolicy")
        for function in self.functions.values():
            function.node.add_dependency(policy)

    def _account_logging_role(self) -> None:
        """API Gateway writes access and execution logs with an account-wide role; without it the stage fails."""
        role = iam.Role(self, "CloudWatchRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                        managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                            "service-role/AmazonAPIGatewayPushToCloudWatchLogs")])
        account = apigateway.CfnAccount(self, "Account", cloud_watch_role_arn=role.role_arn)
        self.rest_api.node.add_dependency(account)
        self.cloudwatch_role = role

    def _custom_domain(self, config: StageConfig) -> None:
        """The site at https://<public_host>/ (no stage in the path): a regional domain mapped to the stage."""
        domain = apigateway.CfnDomainName(
            self, "Domain", domain_name=config.public_host, regional_certificate_arn=config.certificate_arn,
            endpoint_configuration=apigateway.CfnDomainName.EndpointConfigurationProperty(types=["REGIONAL"]),
            security_policy="TLS_1_2")
        mapping = apigateway.CfnBasePathMapping(self, "RootMapping", domain_name=domain.ref,
                                                rest_api_id=self.rest_api.ref, stage=Fn.ref("RestAPI.Stage"))
        Validations.of(mapping).acknowledge(Acknowledgment(
            id="CloudFormation-Validate::F1020",
            reason="RestAPI.Stage is SAM's reference to the stage it generates; the AWS::Serverless-2016-10-31 "
                   "transform resolves it (cfn-lint, which applies the transform, checks it)."))
        CfnOutput(self, "DomainTarget", value=domain.attr_regional_domain_name,
                  description=f"CNAME/alias target for {config.public_host}")
