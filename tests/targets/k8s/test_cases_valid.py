"""Every golden case, every shared corpus case and every realworld fixture: `generate --target k8s` either writes output that passes
every validator, or refuses with a clear one-line reason — never a traceback. No password or token from
the compose file appears in any generated file; a second run is byte-identical."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.errors import C2PError
from tests.conftest import SHARED, shared_path
from tests.realworld.cases import CASES as REALWORLD
from tests.realworld.cases import load as load_realworld
from tests.targets.k8s import validation as v

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cases"
GOLDEN_CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "compose.yaml").exists()) if GOLDEN.is_dir() else []
CORPUS_CASES = sorted(p.name for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
    if (SHARED / "corpus").is_dir() else []
SECRET_NAME = re.compile(r"PASS|PASSWORD|SECRET|TOKEN|_KEY$|APIKEY|CREDENTIAL", re.I)
# Words c2p's own output uses (Secret keys, role names): a compose password that is one of them ("password")
# cannot be told apart from them.
VOCABULARY = {"password", "secret", "postgres", "admin", "root", "default", "username"}
URL_PASSWORD = re.compile(r"://[^:/@\s]*:([^@/\s]+)@")


def _golden_project(case: str):
    from generator.load import load_project

    root = GOLDEN / case
    args = json.loads((root / "args.json").read_text()) if (root / "args.json").exists() else {}
    project = load_project((str(root / "compose.yaml"),), tuple(args.get("profiles", ())), (), args.get("env", {}))
    return project, (str(root / args["config"]) if args.get("config") else None)


def _corpus_project(case: str):
    from generator.load import load_project

    root = shared_path("corpus", case)
    meta = json.loads((root / "case.json").read_text())
    workdir = root / meta["workdir"]
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **(meta.get("env") or {})}
    return load_project(tuple(meta["files"]), (), (), environ, working_dir=str(workdir)), None


def _generate(project, config):
    from generator.classify import classify
    from generator.plan import build_plan
    from generator.render import render

    return render(build_plan(project, classify(project, config_file=config), "k8s"))


def compose_secrets(project) -> set[str]:
    """Literal passwords/tokens in the compose file: secret-named env values and passwords inside URLs.

    A value that the file also uses as a plain identifier (a service, user or database name, like Airflow's
    password "airflow") cannot be told apart in the output, so it is left out; so is one that is part of an
    image name (Dify's sandbox API_KEY is `dify-sandbox`, its image langgenius/dify-sandbox): public anyway."""
    found = set()
    services = list(project.services.values()) + list(project.disabled_services.values())
    plain = set(project.services) | set(project.disabled_services) | {project.name}
    for svc in services:
        plain.update(v for k, v in (svc.environment or {}).items() if v and not SECRET_NAME.search(k))
        for value in (svc.environment or {}).values():
            plain.update(re.findall(r"://([^:/@\s]+):", value or ""))
    for svc in services:
        for name, value in (svc.environment or {}).items():
            if not value:
                continue
            if SECRET_NAME.search(name) and len(value) >= 6 and not value.startswith(("/", "$")):
                found.add(value)
            found.update(m for m in URL_PASSWORD.findall(value) if len(m) >= 6)
        for arg in svc.command or ():
            found.update(m for m in URL_PASSWORD.findall(arg) if len(m) >= 6)
    images = [svc.image or "" for svc in services]
    return {s for s in found - plain - VOCABULARY if not any(s in image for image in images)}


def _check(project, config, tmp_path):
    try:
        tree = _generate(project, config)
    except C2PError as err:  # a refusal is fine when it is one clear line
        assert "\n" not in err.one_line() and err.one_line()
        return
    assert tree == _generate(project, config), "second run differs"
    for secret in compose_secrets(project):
        leaks = [path for path, text in tree.items() if secret in text]
        assert not leaks, f"the compose secret {secret[:2]}… appears in {leaks}"
    problems = v.tree_problems(v.write_tree(tree, tmp_path))
    assert problems == [], "\n".join(problems)


@pytest.mark.tools
@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_case_generates_valid_k8s(case, tmp_path):
    _check(*_golden_project(case), tmp_path)


@pytest.mark.tools
@pytest.mark.parametrize("case", CORPUS_CASES or ["(no corpus)"])
def test_corpus_case_generates_valid_k8s_or_refuses(case, tmp_path):
    _check(*_corpus_project(case), tmp_path)


@pytest.mark.tools
@pytest.mark.parametrize("case", REALWORLD)
def test_realworld_case_generates_valid_k8s_or_refuses(case, tmp_path):
    _check(load_realworld(case), None, tmp_path)


def test_secret_finder_finds_the_server2_passwords():
    project, _ = _golden_project("server2") if "server2" in GOLDEN_CASES else pytest.skip("no server2 golden case")
    assert {"devpassword", "dev-root-token"} <= compose_secrets(project)
