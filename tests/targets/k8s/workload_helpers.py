"""Build a k8s plan (and its tree) from a compose document written to a temporary project folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def project_dir(tmp_path: Path, compose: dict[str, Any], files: dict[str, str | bytes] | None = None) -> Path:
    root = tmp_path / "proj"
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    (root / "compose.yaml").write_text(yaml.safe_dump({"name": "demo", **compose}, sort_keys=False))
    return root


def plan_for(tmp_path: Path, compose: dict[str, Any], files: dict[str, str | bytes] | None = None,
             env: dict[str, str] | None = None):
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan

    root = project_dir(tmp_path, compose, files)
    project = load_project((str(root / "compose.yaml"),), (), (), env or {})
    return build_plan(project, classify(project), "k8s")


def tree_for(plan) -> dict[str, str]:
    from generator.render import render

    return render(plan)


def app(plan, name: str):
    return next(a for a in plan.apps if a.name == name)


def volume(app_, target: str):
    return next(v for v in app_.volumes if v.target == target)


def dropped(plan, service: str) -> dict[str, Any]:
    """item → NotCarried for one service."""
    return {n.item: n for n in plan.not_carried if n.service == service}


def values(tree: dict[str, str]) -> dict[str, Any]:
    path = next(p for p in tree if p.startswith("charts/") and p.endswith("/values.yaml"))
    return yaml.safe_load(tree[path])
