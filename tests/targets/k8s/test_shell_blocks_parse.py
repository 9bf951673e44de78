"""Review 2 (C): every ```sh block of README.md and MIGRATION.md parses (`bash -n`), for every golden case and realworld
fixture on k8s. A `<path>`-style placeholder in a command is read as a redirection (server2's Vault runbook had
`secret/<path>`); placeholders are `"${VAR:?set me}"` variables or known values."""

from __future__ import annotations

import pytest

from generator.errors import C2PError
from tests.realworld.cases import CASES as REALWORLD
from tests.realworld.cases import load as load_realworld
from tests.shell_blocks import shell_problems
from tests.targets.k8s.test_cases_valid import GOLDEN_CASES, _generate, _golden_project

def _tree(project, config):
    try:
        return _generate(project, config)
    except C2PError:
        pytest.skip("c2p refuses this case")


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_case_shell_blocks_parse(case):
    tree = _tree(*_golden_project(case))
    assert shell_problems(tree) == []


@pytest.mark.parametrize("case", REALWORLD)
def test_realworld_shell_blocks_parse(case):
    tree = _tree(load_realworld(case), None)
    assert shell_problems(tree) == []


def test_the_check_sees_a_redirection_placeholder():
    assert shell_problems({"MIGRATION.md": "x\n\n```sh\nvault kv get secret/<path>\n```\n"})
    assert shell_problems({"README.md": "1. a\n\n   ```sh\n   echo \"${P:?set me}\"\n   ```\n"}) == []
