"""Infra checks: both stages are synthesized once per session, offline, in subprocesses
(`python infra/app.py`), exactly as `make synth` does; the tests read the cloud assemblies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CERTIFICATE_ARN = "arn:aws:acm:eu-central-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
# Name -> (stage, extra context). "prod-domain" is prod as devops would deploy it with its certificate.
VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dev": ("dev", ()),
    "prod": ("prod", ()),
    "prod-domain": ("prod", (f"certificate_arn={CERTIFICATE_ARN}", "alarm_email=ops@kreisjobcenter.example",
                             "manage_api_gateway_account=false")),
}
# The environment of an offline machine without an AWS account: no credentials, no endpoint, no Docker,
# and every HTTP(S) connection sent to a closed port (pip, boto3 and node would all fail on one).
OFFLINE = {
    "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
    "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "", "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "DOCKER_HOST": "unix:///nonexistent.sock",
    # This machine's Node 20 works but is past jsii's support date; keep its banner out of the captured output.
    "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20", "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
}


@dataclass
class Assembly:
    stage: str
    outdir: Path
    template: dict[str, Any]
    stdout: str

    @property
    def template_path(self) -> Path:
        return self.outdir / f"kjc-{self.stage}.template.json"

    def resources(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == resource_type}

    def metadata(self) -> dict[str, Any]:
        return json.loads((self.outdir / f"kjc-{self.stage}.metadata.json").read_text())


def offline_environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **OFFLINE}


@pytest.fixture(scope="session")
def assemblies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Assembly]:
    # The dependency layer is the one build step that may need PyPI (once per requirements.txt); it is
    # made before the offline synthesis, which must then not need the network at all.
    layer = subprocess.run([sys.executable, "-m", "infra.bundle"], cwd=ROOT, capture_output=True, text=True,
                           check=False)
    assert layer.returncode == 0, f"building the dependency layer failed:\n{layer.stdout}{layer.stderr}"
    base = tmp_path_factory.mktemp("cdk")
    running = {}
    for variant, (stage, context) in VARIANTS.items():
        outdir = base / variant
        command = [sys.executable, "infra/app.py", "-o", str(outdir), "-c", f"stage={stage}",
                   "-c", f"build_dir={base / (variant + '-build')}"]
        for item in context:
            command += ["-c", item]
        running[variant] = (stage, outdir, subprocess.Popen(
            command, cwd=ROOT, env=offline_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True))
    result = {}
    for variant, (stage, outdir, process) in running.items():
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, f"synthesis of {variant} failed:\n{output[-6000:]}"
        template = json.loads((outdir / f"kjc-{stage}.template.json").read_text())
        result[variant] = Assembly(stage, outdir, template, output)
    return result


@pytest.fixture(scope="session")
def dev(assemblies: dict[str, Assembly]) -> Assembly:
    return assemblies["dev"]


@pytest.fixture(scope="session")
def prod(assemblies: dict[str, Assembly]) -> Assembly:
    return assemblies["prod"]


@pytest.fixture(scope="session")
def prod_with_domain(assemblies: dict[str, Assembly]) -> Assembly:
    return assemblies["prod-domain"]
