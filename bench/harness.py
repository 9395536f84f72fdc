"""Shared benchmark plumbing: a local stack (moto's server + provisioning) and percentile timing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def start_stack() -> tuple[Any, str, dict[str, str]]:
    from local.embedded import free_port, start_moto
    from local.provision import provision

    server, endpoint = start_moto(free_port())
    env = provision(endpoint, "local")
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"
    return server, endpoint, env


def timed(call: Callable[[], Any], runs: int, warmup: int = 20) -> dict[str, float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[int(len(samples) * 0.95) - 1], "n": runs}


def cold_import_ms(module: str, env: dict[str, str], runs: int = 5) -> float:
    """Median cumulative `python -X importtime` of `module` in fresh interpreters."""
    results = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                              capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}, check=True)
        for line in proc.stderr.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                results.append(int(parts[1]) / 1000)
    return statistics.median(results)


def row(name: str, figures: dict[str, float], unit: str = "ms") -> str:
    return f"| {name} | {figures['p50']:.2f} {unit} | {figures['p95']:.2f} {unit} | {int(figures['n'])} |"
