"""Conformance: every corpus case loads to exactly what Docker Compose v2.40.3 printed for it.

The comparison is the whole normalized document (services after profiles, image, build, command,
entrypoint, environment, ports, volumes, depends_on, healthcheck, restart, deploy.resources,
profiles, networks, top-level volumes/secrets/configs, and everything else compose printed),
reported path by path.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED, shared_path
from tests.load.helpers import c2p_json, diff

CASES = sorted(p.name for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
    if (SHARED / "corpus").is_dir() else []


@pytest.mark.parametrize("case", CASES or ["(no corpus)"])
def test_corpus_case_matches_docker_compose(case):
    root = shared_path("corpus", case)
    meta = json.loads((root / "case.json").read_text())
    workdir = root / meta["workdir"]
    want = json.loads((root / "expected.json").read_text().replace("$CASE", str(root)))
    got = c2p_json(workdir, meta["files"], meta.get("env") or {})
    problems = diff(got, want)
    assert not problems, "\n".join(problems)


def test_corpus_is_not_empty():
    assert len(CASES) >= 10, "the shared corpus should hold at least ten cases"
