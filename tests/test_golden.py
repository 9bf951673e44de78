"""Golden tests: whole generated trees, one folder per case. Adding a folder adds a test.

tests/golden/cases/<case>/
    compose.yaml (+ any files it refers to)     the input
    args.json (optional)                        {"profiles": [...], "env": {...}, "config": "c2p.yaml"}
    expected/inspect.json                       `c2p inspect --format json`
    expected/plan.<target>.json                 `c2p plan --target <target> --format json`
    expected/<target>/...                       the tree `c2p generate --target <target>` writes

A target is compared for a case when its expected/ entry exists; `pytest --update-golden` rewrites
every expected file of every target (review the diff before committing).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "golden" / "cases"
TARGETS = ("k8s", "aws")


def _cases():
    return sorted(p.name for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []


def _args(case: Path) -> dict:
    f = case / "args.json"
    return json.loads(f.read_text()) if f.exists() else {}


def _project(case: Path):
    from generator.load import load_project

    args = _args(case)
    return load_project(
        files=(str(case / "compose.yaml"),),
        profiles=tuple(args.get("profiles", ())),
        env_files=(),
        environ=args.get("env", {}),
    )


def _classification(case: Path, project):
    from generator.classify import classify

    config = _args(case).get("config")
    return classify(project, config_file=str(case / config) if config else None)


def _read_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _compare_text(expected_file: Path, actual: str, update: bool):
    if update:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    if not expected_file.exists():
        pytest.skip(f"no {expected_file.name} for this case")
    assert actual == expected_file.read_text(encoding="utf-8"), f"{expected_file} differs (run with --update-golden and review the diff)"


@pytest.mark.parametrize("case", _cases())
def test_inspect(case, update_golden):
    from generator.classify.view import show

    root = CASES / case
    project = _project(root)
    _compare_text(root / "expected" / "inspect.json", show(project, _classification(root, project), "json"), update_golden)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", _cases())
def test_plan(case, target, update_golden):
    from generator.plan import build_plan
    from generator.plan.view import show

    root = CASES / case
    expected = root / "expected" / f"plan.{target}.json"
    if not update_golden and not expected.exists():
        pytest.skip(f"no {expected.name} for this case")  # before building: the target may not exist yet
    project = _project(root)
    plan = build_plan(project, _classification(root, project), target)
    _compare_text(expected, show(plan, "json"), update_golden)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", _cases())
def test_generated_tree(case, target, update_golden):
    from generator.plan import build_plan
    from generator.render import render

    root = CASES / case
    expected = root / "expected" / target
    if not update_golden and not expected.is_dir():
        pytest.skip(f"no expected/{target} tree for this case")
    project = _project(root)
    tree = render(build_plan(project, _classification(root, project), target))
    if update_golden:
        shutil.rmtree(expected, ignore_errors=True)
        for rel, text in tree.items():
            (expected / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected / rel).write_text(text, encoding="utf-8")
        return
    if not expected.is_dir():
        pytest.skip(f"no expected/{target} tree for this case")
    on_disk = _read_tree(expected)
    assert sorted(tree) == sorted(on_disk), "the set of generated files differs"
    for rel in tree:
        assert tree[rel] == on_disk[rel], f"{rel} differs (run with --update-golden and review the diff)"
