"""Every ```sh block of the aws README.md and MIGRATION.md parses as shell (`bash -n`), on the six compose files an
expert reviewed (review aws round 2, item 5: `<the app's task or pod role>` opened a quote that never closed), and
every `<placeholder>` in a command line is free of shell quotes and expansions, so a block stays valid shell."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.classify import classify
from generator.load import load_project
from generator.plan.build import build
from generator.render import render
from tests.shell_blocks import shell_problems

TESTS = Path(__file__).resolve().parents[2]
CASES = {
    "authentik": (TESTS / "fixtures/realworld/authentik/docker-compose.yml", ()),
    "mastodon": (TESTS / "fixtures/realworld/mastodon/docker-compose.yml", ()),
    "nextcloud": (TESTS / "fixtures/realworld/nextcloud/compose.yaml", ()),
    "outline": (TESTS / "fixtures/realworld/outline/docker-compose.yml", ()),
    "wordpress": (TESTS / "fixtures/realworld/wordpress/compose.yaml", ()),
    "server2": (TESTS / "golden/cases/server2/compose.yaml", ("tools",)),
}
FENCE = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)
PLACEHOLDER = re.compile(r"(?<![<\w])<([A-Za-z][^<>\n]*)>")
HEREDOC = re.compile(r"<<-?\s*'?(\w+)'?.*?^\1$", re.M | re.S)


def _tree(case: str) -> dict[str, str]:
    file, profiles = CASES[case]
    p = load_project([str(file)], profiles, (), {})
    return render(build(p, classify(p), "aws"))


def _blocks(case: str) -> list[tuple[str, str]]:
    tree = _tree(case)
    return [(doc, m.group(1)) for doc in ("README.md", "MIGRATION.md") for m in FENCE.finditer(tree.get(doc, ""))]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash")
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_shell_block_parses(case):
    assert _blocks(case)
    assert shell_problems(_tree(case)) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_placeholders_hold_no_shell_syntax(case):
    for doc, block in _blocks(case):
        code = "\n".join(line.split(" #", 1)[0] for line in HEREDOC.sub("", block).splitlines()
                         if not line.lstrip().startswith("#"))
        for ph in PLACEHOLDER.findall(code):
            assert not re.search(r"['\"`$;&|()]", ph), f"{doc}: <{ph}>"


def test_vault_block_writes_the_policy_it_names():
    (block,) = [b for _, b in _blocks("server2") if "vault policy write" in b]
    assert "cat > app-policy.hcl <<'HCL'" in block and block.index("cat > app-policy.hcl") < block.index("policy write")
