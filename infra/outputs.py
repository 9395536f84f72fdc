"""Shell exports of a deployed stage's settings, read from its stack outputs, for `make publish`:

    eval "$(.venv/bin/python -m infra.outputs dev)" && make publish STAGE=dev

Uses the caller's AWS credentials (read-only: cloudformation:DescribeStacks).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from typing import Any

from infra.stages import DEFAULT_REGION

OUTPUT_KEY = "RuntimeEnvironment"


def exports(outputs: list[dict[str, Any]], region: str) -> str:
    """`export NAME='value'` lines from the stack's RuntimeEnvironment output (plus the region)."""
    raw = next((o["OutputValue"] for o in outputs if o["OutputKey"] == OUTPUT_KEY), None)
    if raw is None:
        raise SystemExit(f"the stack has no {OUTPUT_KEY} output: deploy this version of infra first")
    environment = {**json.loads(raw), "AWS_REGION": region, "AWS_DEFAULT_REGION": region}
    return "".join(f"export {name}={shlex.quote(str(value))}\n" for name, value in sorted(environment.items()))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stage")
    parser.add_argument("--region", default=DEFAULT_REGION)
    args = parser.parse_args(argv)
    import boto3

    stack = boto3.client("cloudformation", region_name=args.region).describe_stacks(
        StackName=f"kjc-{args.stage}")["Stacks"][0]
    sys.stdout.write(exports(stack.get("Outputs", []), args.region))


if __name__ == "__main__":
    main(sys.argv[1:])
