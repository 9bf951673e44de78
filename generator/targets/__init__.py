"""Targets: the one list. Each target is a module exposing `TARGET`, an object with

    name: str
    decide(resource: Resource, options: Mapping) -> Resource
        plan stage: fill `mapping`, `settings`, `decisions`, `warnings` for this target
        (options: the user's per-target overrides for this service from x-c2p / c2p.yaml)
    render(plan: Plan) -> dict[str, str]
        render stage: relative path under OUT/<target>/ → file content (templates print, Python decides)

Adding a target: a package under generator/targets/, templates under templates/, one line below.
"""

from __future__ import annotations

import importlib
from typing import Any

from generator.errors import C2PError

# name → module path; imported lazily so that `c2p inspect` does not pay for jinja2 and friends.
TARGETS: dict[str, str] = {
    "aws": "generator.targets.aws",
    "k8s": "generator.targets.k8s",
}
PLANNED = ("gcp", "azure")  # in SPEC.md, not built yet


def get_target(name: str) -> Any:
    if name in PLANNED:
        raise C2PError(f"target '{name}' is not implemented yet; available: {', '.join(TARGETS)}")
    if name not in TARGETS:
        raise C2PError(f"unknown target '{name}'; available: {', '.join(TARGETS)}")
    return importlib.import_module(TARGETS[name]).TARGET
