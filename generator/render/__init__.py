"""Render stage: Plan → file tree (relative path → text). Deterministic: same plan, same bytes."""

from __future__ import annotations

from generator.plan.model import Plan


def render(plan: Plan) -> dict[str, str]:
    from generator.targets import get_target

    tree = get_target(plan.target).render(plan)
    return {path: tree[path] for path in sorted(tree)}


def deployable(tree: dict[str, str]) -> bool:
    """Whether a rendered tree holds anything to deploy: a file besides the documents every target writes
    (README.md, MIGRATION.md, env/<service>.env). A documents-only tree means every service was left out."""
    return any(path not in ("README.md", "MIGRATION.md") and not path.startswith("env/") for path in tree)
