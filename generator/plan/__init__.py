"""plan: (ComposeProject, Classification, target) → Plan, the only input of rendering.

    build_plan(project, classification, target) -> Plan

build.py assembles it: one Resource per stateful service (decided by the target's `decide`), an App
per stateless service, and an EnvOverride for every consumer env var (envmap.py).
"""

from __future__ import annotations

from generator.plan.model import Plan


def build_plan(project, classification, target: str) -> Plan:
    from generator.plan.build import build

    return build(project, classification, target)
