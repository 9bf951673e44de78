"""The whole pipeline, in process, over every realworld fixture and every shared corpus case:
load → classify (+ every inspect view) → plan (both targets, text and JSON) → render (both targets).

Each stage either succeeds or refuses with one clear line (a C2PError) — never another exception —
and no password or token from the compose file appears in any view, plan or generated file. The
secret finder is the one the k8s target tests use, independent of c2p's own detector."""

from __future__ import annotations

import json

import pytest

from generator.errors import C2PError
from tests.conftest import SHARED, shared_path
from tests.realworld.cases import CASES, load
from tests.targets.k8s.test_cases_valid import compose_secrets

CORPUS = sorted(p.name for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
    if (SHARED / "corpus").is_dir() else []
TARGETS = ("k8s", "aws")


def _corpus_project(case: str):
    from generator.load import load_project

    root = shared_path("corpus", case)
    meta = json.loads((root / "case.json").read_text())
    workdir = root / meta["workdir"]
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **(meta.get("env") or {})}
    return load_project(tuple(meta["files"]), (), (), environ, working_dir=str(workdir))


def outputs(project) -> dict[str, str]:
    """Every text c2p shows or writes for a project: name → text (a refusal is recorded, not raised)."""
    from generator.classify import classify
    from generator.classify.view import show as show_inspect
    from generator.plan import build_plan
    from generator.plan.view import show as show_plan, summary
    from generator.render import render

    classification = classify(project)
    out = {f"inspect.{fmt}": show_inspect(project, classification, fmt) for fmt in ("text", "json", "mermaid")}
    for target in TARGETS:
        try:
            plan = build_plan(project, classification, target)
            out[f"plan.{target}.json"] = show_plan(plan, "json")
            out[f"plan.{target}.text"] = show_plan(plan, "text") + summary(plan)
            out.update({f"{target}/{path}": text for path, text in render(plan).items()})
        except C2PError as err:  # a refusal is fine when it is one clear line
            line = err.one_line()
            assert line and "\n" not in line
            out[f"refused.{target}"] = line
    return out


def _check(project):
    texts = outputs(project)
    json.loads(texts["inspect.json"])
    for target in TARGETS:
        if f"plan.{target}.json" in texts:
            json.loads(texts[f"plan.{target}.json"])
    for secret in compose_secrets(project):
        leaks = sorted(name for name, text in texts.items() if secret in text)
        assert not leaks, f"the compose secret {secret[:3]}… appears in {leaks}"


@pytest.mark.parametrize("case", CASES)
def test_realworld_fixture_runs_the_whole_pipeline_without_leaking_secrets(case):
    _check(load(case))


@pytest.mark.parametrize("case", CORPUS or ["(no corpus)"])
def test_corpus_case_runs_the_whole_pipeline_without_leaking_secrets(case):
    _check(_corpus_project(case))
