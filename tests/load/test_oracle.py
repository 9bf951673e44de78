"""Each loader feature has a fixture under tests/fixtures/compose/<feature>/ (compose files plus a
case.json: files, env, profiles, env_files, workdir). c2p's output must equal what the real Docker
Compose binary prints for it, in the same controlled environment."""

from __future__ import annotations

import json

import pytest

from tests.conftest import require_tool
from tests.load.helpers import FIXTURES, c2p_json, compose_json, diff

CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "case.json").is_file())


def _args(case: str):
    meta = json.loads((FIXTURES / case / "case.json").read_text())
    workdir = FIXTURES / case / meta.get("workdir", ".")
    kwargs = {k: meta.get(k) or ([] if k != "env" else {}) for k in ("files", "env", "profiles", "env_files")}
    return workdir, kwargs


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
def test_fixture_matches_docker_compose(case):
    binary = require_tool("docker-compose")
    workdir, kwargs = _args(case)
    want = compose_json(binary, workdir, **kwargs)
    got = c2p_json(workdir, **kwargs)
    problems = diff(got, want)
    assert not problems, "\n".join(problems)


def test_every_feature_has_a_fixture():
    expected = {"anchors", "interpolation", "dotenv", "env-file-flag", "env-file", "merge", "extends", "include",
                "profiles", "profiles-env", "syntax", "name-folder", "name-env", "default-file"}
    assert expected <= set(CASES)
