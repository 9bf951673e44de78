"""Render stage: Plan → file tree (relative path → text). Deterministic: same plan, same bytes."""

from __future__ import annotations

from generator.plan.model import Plan


def render(plan: Plan) -> dict[str, str]:
    from generator.targets import get_target

    tree = get_target(plan.target).render(plan)
    return {path: tree[path] for path in sorted(tree)}
