"""CDK app: `python infra/app.py [-c stage=dev] [-c account=...]` synthesizes one stage's stack into infra/cdk.out
(or the CLI's output directory). Works offline: no AWS account, no Docker, no cdk CLI."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

INFRA = Path(__file__).resolve().parent
ROOT = INFRA.parent
# Run as a script, this directory comes first on sys.path, and its app.py would shadow the Chalice app
# that `chalice package` imports as `app`: the repository root takes its place.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != INFRA]
sys.path.insert(0, str(ROOT))

from aws_cdk import App, Environment, Validations  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402

from infra.stages import DEFAULT_REGION, PLACEHOLDER_ACCOUNT, stage_config  # noqa: E402

VALIDATION_REPORT_JSON = "@aws-cdk/core:validationReportJson"
# Feature flags a new CDK project gets in cdk.json; this app is run without one (the Makefile passes --app).
FEATURE_FLAGS = {
    "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True,  # log delivery by bucket policy, not ACLs
    "@aws-cdk/aws-iam:minimizePolicies": True,
    "@aws-cdk/aws-lambda:recognizeLayerVersion": True,
    "@aws-cdk/aws-kms:reduceCrossAccountRegionPolicyScope": True,
    "@aws-cdk/core:enablePartitionLiterals": True,
    VALIDATION_REPORT_JSON: True,  # cdk-nag's findings also as policy-validation-report.json
}


def _cli_context(argv: list[str]) -> tuple[dict[str, str], str | None]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("-o", "--output", default=None, help="cloud assembly directory (default infra/cdk.out)")
    args = parser.parse_args(argv)
    context = {}
    for item in args.context:
        key, _, value = item.partition("=")
        context[key] = value
    return context, args.output


def build_app(context: dict[str, str] | None = None, outdir: str | None = None) -> App:
    context = {**FEATURE_FLAGS, **(context or {})}
    if outdir is None and "CDK_OUTDIR" not in os.environ:
        outdir = str(INFRA / "cdk.out")
    app = App(context=context, outdir=outdir)
    stage = str(app.node.try_get_context("stage") or "dev")
    region = str(app.node.try_get_context("region") or os.environ.get("CDK_DEFAULT_REGION") or DEFAULT_REGION)
    account = str(app.node.try_get_context("account") or os.environ.get("CDK_DEFAULT_ACCOUNT") or PLACEHOLDER_ACCOUNT)
    raw_context = {key: app.node.try_get_context(key) for key in
                   ("domain", "public_host", "certificate_arn", "alarm_email", "ses_max_per_second",
                    "manage_api_gateway_account")}
    config = stage_config(stage, raw_context)

    # The models read their table names from the settings at import: placeholders first, then import.
    from infra.application import prepare_model_import, table_specs

    prepare_model_import(region)
    from functions.registry import FUNCTIONS
    from infra.bundle import BUILD, application_source, dependency_layer
    from infra.stack import JobCentreStack
    from local.resources import QUEUES, USER_GROUPS

    # Where the stage's application source is staged (two syntheses of one stage at once need two places).
    staging = Path(str(app.node.try_get_context("build_dir") or BUILD))
    JobCentreStack(app, f"kjc-{config.name}", config=config, env=Environment(account=account, region=region),
                   tables=table_specs(), functions=FUNCTIONS, queues=QUEUES, user_groups=USER_GROUPS,
                   source_dir=application_source(config.name, build=staging), dependency_layer=dependency_layer())
    Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    return app


def main(argv: list[str]) -> None:
    context, outdir = _cli_context(argv)
    build_app(context, outdir).synth()


if __name__ == "__main__":
    main(sys.argv[1:])
