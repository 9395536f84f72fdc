"""Generate requirements.txt (what Chalice packages) from pyproject.toml, the one dependency list.

Chalice itself is left out: its runtime part is vendored into the deployment package by Chalice.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "# Generated from pyproject.toml by `make requirements`; do not edit.\n"


def expected_requirements() -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    kept = sorted(d for d in deps if not d.lower().startswith("chalice"))
    return HEADER + "".join(f"{d}\n" for d in kept)


if __name__ == "__main__":
    (ROOT / "requirements.txt").write_text(expected_requirements())
    sys.stdout.write("requirements.txt written\n")
