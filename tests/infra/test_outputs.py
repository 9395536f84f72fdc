"""`python -m infra.outputs STAGE` turns the stack's RuntimeEnvironment output into shell exports for `make publish`."""

from __future__ import annotations

import json
import shlex

from infra.outputs import exports


def test_exports_quote_every_value_and_add_the_region() -> None:
    outputs = [{"OutputKey": "PublicBaseUrl", "OutputValue": "https://dev.example"},
               {"OutputKey": "RuntimeEnvironment", "OutputValue": json.dumps(
                   {"STAGE": "dev", "SPEECH_ENGINES": "de=polly:Vicki,fa=espeak:fa", "SES_SENDER": "a b@x"})}]
    lines = exports(outputs, "eu-central-1").splitlines()
    parsed = dict(shlex.split(line.removeprefix("export "))[0].split("=", 1) for line in lines)
    assert parsed == {"STAGE": "dev", "SPEECH_ENGINES": "de=polly:Vicki,fa=espeak:fa", "SES_SENDER": "a b@x",
                      "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-central-1"}
