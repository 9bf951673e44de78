"""Timings of `c2p generate --target k8s` and `--target aws` (follows bench/run.py's conventions).

    python bench/run.py generate-k8s generate-aws

Each run writes into a fresh temporary folder (so every run does the full write, manifest included),
on the example and on the generated 100- and 1,000-service files.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from run import time_cli


def _bench(target: str, cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    results = []
    for label, path in cases:
        with tempfile.TemporaryDirectory(prefix=f"c2p-bench-{target}-") as out:
            results.append((label, time_cli("generate", "-f", str(path), "--target", target, "-o", out, "--force")))
    return results


def bench_generate_k8s(cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    return _bench("k8s", cases)


def bench_generate_aws(cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    return _bench("aws", cases)
