"""No secret file's content reaches the output: compose `secrets` file sources and bind-mounted files that look
like secrets are referenced (a Secret the user creates), never read into a generated file — on every golden and
corpus case."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.classify.secrets import secret_file_reason
from generator.errors import C2PError
from generator.plan import hostfiles
from tests.targets.k8s.test_cases_valid import CORPUS_CASES, GOLDEN_CASES, _corpus_project, _generate, _golden_project


def _plain_words(project) -> set[str]:
    """Values the compose file also uses as plain identifiers (a user name that is also the password)."""
    words = set(project.services) | {project.name}
    for svc in project.services.values():
        words.update(v for v in svc.environment.values() if v)
    return words


def secret_contents(project) -> dict[str, str]:
    """source → content of every secret file the compose file points at (compose secrets, secret-looking binds)."""
    found: dict[str, str] = {}
    for name, top in project.secrets.items():
        path = top.raw.get("file")
        if path and Path(path).is_file():
            found[f"secret {name}"] = Path(path).read_text(errors="replace").strip()
    for svc in project.services.values():
        for m in svc.volumes:
            if m.type != "bind" or not m.source or not Path(m.source).is_file():
                continue
            if hostfiles.outside(m.source, project.working_dir):
                continue
            text = Path(m.source).read_text(errors="replace")
            if secret_file_reason(Path(m.source).name, text, frozenset()):
                found[f"bind {m.source}"] = text.strip()
    plain = _plain_words(project)
    return {k: v for k, v in found.items() if len(v) >= 4 and v not in plain}


def _check(project, config):
    try:
        tree = _generate(project, config)
    except C2PError:
        return
    for source, content in secret_contents(project).items():
        for line in (x.strip() for x in content.splitlines()):
            if len(line) < 8 or line.startswith("-----"):
                continue
            leaks = [path for path, text in tree.items() if line in text]
            assert not leaks, f"content of {source} appears in {leaks}"


@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_case_copies_no_secret_file(case):
    _check(*_golden_project(case))


@pytest.mark.parametrize("case", CORPUS_CASES or ["(no corpus)"])
def test_corpus_case_copies_no_secret_file(case):
    _check(*_corpus_project(case))


def test_the_finder_sees_the_fixture_secrets():
    project, _ = _golden_project("k8s-files")
    found = secret_contents(project)
    assert "files-db-password-on-disk" in found["secret db_password"]
    assert any("not-a-real-key" in v for v in found.values())
