"""Review 2 (C): every ```sh block of README.md and MIGRATION.md parses (`bash -n`), for every golden case and realworld
fixture on k8s. A `<path>`-style placeholder in a command is read as a redirection (server2's Vault runbook had
`secret/<path>`); placeholders are `"${VAR:?set me}"` variables or known values."""

from __future__ import annotations

import re
import subprocess

import pytest

from generator.errors import C2PError
from tests.realworld.cases import CASES as REALWORLD
from tests.realworld.cases import load as load_realworld
from tests.targets.k8s.test_cases_valid import GOLDEN_CASES, _generate, _golden_project

FENCE = re.compile(r"^( *)```(?:sh|bash)\n(.*?)^\1```", re.M | re.S)


def shell_problems(tree: dict[str, str]) -> list[str]:
    out = []
    for path, text in sorted(tree.items()):
        if not path.endswith(("README.md", "MIGRATION.md")):
            continue
        for n, m in enumerate(FENCE.finditer(text)):
            indent = len(m.group(1))
            block = "\n".join(line[indent:] for line in m.group(2).splitlines())
            proc = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
            if proc.returncode:
                out.append(f"{path} block {n}: {proc.stderr.strip()}")
    return out


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
