"""cdk-nag (AwsSolutions) acknowledgments: every one with its reason, in one place.

cdk-nag 3 matches acknowledgments exactly (`AwsSolutions-IAM5[Resource::<X.Arn>/*]`), and IAM5 reports
each wildcard of a policy separately. Rather than copying generated logical ids into the code, the
wildcards of the stack's policies are computed the way cdk-nag computes them and acknowledged only when
they match one of the reviewed patterns below; any other wildcard stays a finding and fails synthesis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from aws_cdk import Acknowledgment, CfnResource, Stack, Validations
from aws_cdk import aws_iam as iam
from constructs import IConstruct

# (pattern of the finding inside AwsSolutions-IAM5[...], reason)
WILDCARD_REASONS: tuple[tuple[str, str], ...] = (
    (r"Action::kms:(ReEncrypt|GenerateDataKey)\*",
     "CDK's DynamoDB grant on the tables' customer-managed key: the ReEncrypt*/GenerateDataKey* action families "
     "on that one key ARN are what DynamoDB needs to encrypt items with it."),
    (r"Resource::<[A-Za-z0-9]+\.Arn>/index/\*",
     "Queries on the table's global secondary indexes (grant_read_write_data); the wildcard covers the indexes "
     "of this one table only."),
    (r"Resource::<[A-Za-z0-9]+\.Arn>/\*",
     "Object keys are made at run time per citizen, document and letter; the wildcard covers the objects of "
     "this one bucket only, with explicitly listed object actions."),
    (r"Resource::<[A-Za-z0-9]+\.Arn>/quarantine/\*",
     "GuardDuty scans and tags every new upload, whose keys are made at run time, under quarantine/ only."),
    (r"Resource::arn:<AWS::Partition>:polly:[a-z0-9-]+:[0-9]+:lexicon/\*",
     "polly:SynthesizeSpeech is authorised on lexicons; the app uses none, so access is scoped to this account's "
     "lexicons in this region."),
    (r"Resource::arn:<AWS::Partition>:events:[a-z0-9-]+:[0-9]+:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3\*",
     "GuardDuty names the EventBridge rule it manages for the plan itself; the policy AWS documents for "
     "Malware Protection for S3 scopes it by this prefix and the events:ManagedBy condition."),
)


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=reason))


def _flatten(node: Any) -> str:
    """cdk-nag's flattenCfnReference: intrinsic references as `<Logical.Attr>` / `<Ref>`."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return delimiter.join(_flatten(item) for item in items)
        if "Fn::Sub" in node:
            return _flatten(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{_flatten(resource)}.{_flatten(attribute)}>"
        if "Fn::ImportValue" in node:
            return _flatten(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{_flatten(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def wildcard_findings(document: dict[str, Any]) -> list[str]:
    findings: list[str] = []
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action", [])):
            if "*" in action and f"Action::{action}" not in findings:
                findings.append(f"Action::{action}")
        for resource in _as_list(statement.get("Resource", [])):
            flat = _flatten(resource)
            if "*" in flat and f"Resource::{flat}" not in findings:
                findings.append(f"Resource::{flat}")
    return findings


def _policies(stack: Stack) -> Iterator[tuple[CfnResource, dict[str, Any]]]:
    for construct in stack.node.find_all():
        # CfnManagedPolicy: CDK moves statements into "OverflowPolicy" managed policies once a role's
        # inline policy passes IAM's size limit (it did when the career and offer tables arrived).
        if isinstance(construct, iam.CfnPolicy | iam.CfnManagedPolicy):
            yield construct, stack.resolve(construct.policy_document)
        elif isinstance(construct, iam.CfnRole) and construct.policies:
            for policy in stack.resolve(construct.policies):
                yield construct, stack.resolve(policy["policyDocument"])


def acknowledge_reviewed_wildcards(stack: Stack) -> list[tuple[str, str, str]]:
    """Acknowledge the stack's IAM5 findings that match a reviewed pattern; returns (path, finding, reason)."""
    acknowledged = []
    for resource, document in _policies(stack):
        for finding in wildcard_findings(document):
            reason = next((why for pattern, why in WILDCARD_REASONS if re.fullmatch(pattern, finding)), None)
            if reason is not None:
                acknowledge(resource, f"AwsSolutions-IAM5[{finding}]", reason)
                acknowledged.append((resource.node.path, finding, reason))
    return acknowledged
