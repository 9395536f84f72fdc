"""Build products the stack deploys, made without Docker and, once the dependency layer exists, offline.

- The dependency layer: every runtime requirement (requirements.txt) installed for the Lambda platform
  (manylinux x86_64, this Python's version) into `python/`, zipped once per requirements hash.
  This is the only step that needs PyPI; it is skipped while the zip for the current requirements exists.
- The application source: app.py, chalicelib/ (with content/ copied to chalicelib/_content/, see
  chalicelib/content.py), functions/ and .chalice/config.json, in a staging directory that `chalice
  package` reads and the worker functions ship. It has no requirements.txt, so Chalice never runs pip:
  the API functions get the same dependency layer as the workers.

`python -m infra.bundle [STAGE...]` builds the layer (and stages the source of the stages named), e.g. ahead of
an offline synthesis.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(__file__).resolve().parent / "build"
# The interpreter Chalice packages with decides the Lambda runtime of the API; the layer and the
# workers follow it, so compiled wheels always match the runtime that loads them.
LAMBDA_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
LAMBDA_PLATFORM = "manylinux2014_x86_64"
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "_content", ".DS_Store")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def requirements_hash(requirements: Path) -> str:
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update(f"{LAMBDA_PYTHON}/{LAMBDA_PLATFORM}".encode())
    return digest.hexdigest()[:16]


def dependency_layer(requirements: Path = ROOT / "requirements.txt", build: Path = BUILD) -> Path:
    """The zipped layer for these requirements; built with pip (PyPI) only if it is not there yet."""
    target = build / "layers" / f"dependencies-{requirements_hash(requirements)}.zip"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kjc-layer-") as tmp:
        site = Path(tmp) / "python"
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                   "--no-compile", "--only-binary=:all:", "--platform", LAMBDA_PLATFORM, "--implementation", "cp",
                   "--python-version", LAMBDA_PYTHON, "--target", str(site), "-r", str(requirements)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise SystemExit(
                "Building the Lambda dependency layer needs PyPI once per change of requirements.txt "
                f"(pip install --platform {LAMBDA_PLATFORM}); it failed:\n{result.stderr[-3000:]}")
        for scripts in ("bin", "share"):  # console scripts point at this machine's interpreter
            shutil.rmtree(site / scripts, ignore_errors=True)
        partial = target.with_suffix(".partial")
        _zip_tree(Path(tmp), partial)
        partial.replace(target)
    return target


def _zip_tree(source: Path, archive: Path) -> None:
    """A reproducible zip: sorted entries, fixed timestamps, so an unchanged tree keeps its asset hash."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zipped:
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), _ZIP_EPOCH)
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())


def application_source(stage: str, root: Path = ROOT, build: Path = BUILD) -> Path:
    """Stage the Chalice project and the worker code for one stage; returns the staging directory.

    Each stage has its own directory, so that two stages can synthesize at the same time; the
    chalice.out/ beside it (where `chalice package` writes) is emptied with it.
    """
    staging = build / stage / "app"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(build / stage / "chalice.out", ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copy2(root / "app.py", staging / "app.py")
    shutil.copytree(root / "chalicelib", staging / "chalicelib", ignore=_IGNORED)
    shutil.copytree(root / "content", staging / "chalicelib" / "_content", ignore=_IGNORED)
    shutil.copytree(root / "functions", staging / "functions", ignore=_IGNORED)
    (staging / ".chalice").mkdir()
    shutil.copy2(root / ".chalice" / "config.json", staging / ".chalice" / "config.json")
    return staging


if __name__ == "__main__":
    layer = dependency_layer()
    sys.stdout.write(f"dependency layer: {layer}\n")
    for stage_name in sys.argv[1:]:
        sys.stdout.write(f"application source: {application_source(stage_name)}\n")
