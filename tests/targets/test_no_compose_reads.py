"""The plan hands the targets what they need (review 2026-12-codebase item 10): no target module reads the compose
model's raw JSON (`Service.raw`, `TopLevelResource.raw`). What a target needs of compose is a typed field of the plan
(`App.compose` / `Resource.compose`, generator/plan/facts.py), read once in the plan stage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TARGETS = Path(__file__).resolve().parents[2] / "generator" / "targets"


def raw_reads(source: str) -> list[int]:
    """Line numbers of every `.raw` attribute read and getattr(x, "raw")."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "raw":
            lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "raw"):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_a_raw_read():
    assert raw_reads("x = d.svc.raw.get('cap_add')\ny = getattr(top, 'raw')\n") == [1, 2]
    assert raw_reads("from generator.render.escape.raw import Raw\nRaw('x')\n") == []


def test_no_target_reads_the_raw_compose_model():
    found = [f"{path.relative_to(TARGETS.parent)}:{line}" for path in sorted(TARGETS.rglob("*.py"))
             for line in raw_reads(path.read_text(encoding="utf-8"))]
    assert not found, f"targets read the raw compose model (put what they need on the plan, plan/facts.py): {found}"


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_compose_facts_are_in_the_plan_not_in_its_json(target):
    """The facts are plan fields (schemas/plan.schema.json composeFacts) but `c2p plan` does not print them: they
    restate the compose file."""
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan.build import build
    from generator.plan.model import to_dict

    case = Path(__file__).resolve().parents[1] / "golden" / "cases" / "k8s-security" / "compose.yaml"
    project = load_project(files=(str(case),), profiles=(), env_files=(), environ={})
    plan = build(project, classify(project), target)
    assert any(a.compose.keys for a in plan.apps)
    assert "compose" not in to_dict(plan)["apps"][0]
    assert "compose" in to_dict(plan, inputs=True)["apps"][0]
