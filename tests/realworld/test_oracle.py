"""Every realworld fixture loads to exactly what the real Docker Compose binary prints for it
(`docker-compose config --format json`, same files, profiles, env files and environment)."""

from __future__ import annotations

import pytest

from tests.conftest import require_tool
from tests.load.helpers import c2p_json, compose_json, diff
from tests.realworld.cases import CASES, case_args


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
def test_realworld_fixture_matches_docker_compose(case):
    binary = require_tool("docker-compose")
    workdir, kwargs = case_args(case)
    want = compose_json(binary, workdir, **kwargs)
    got = c2p_json(workdir, **kwargs)
    problems = diff(got, want)
    assert not problems, "\n".join(problems)


def test_there_are_enough_realworld_fixtures():
    assert len(CASES) >= 25
