"""Targets: the one list of target names, and the contract every target keeps.

A target is a package under generator/targets/ exposing `TARGET` (a `Target`) and `MAPPINGS`, its tuple of
generator/mapping.py `Mapping`s (one per kind it realises) with `NOT_MAPPED` (kind → why not). The plan stage asks
`choose` which mapping realises a stateful service and lets that mapping decide through the shared Recorder
(generator/plan/recorder.py); `decide_apps` plans the app services; the render stage calls `render`.

Adding a target: a package with TARGET and MAPPINGS, its name in BUILT below (and out of PLANNED).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping as MappingType, Protocol, Union

from generator.errors import C2PError

if TYPE_CHECKING:
    from generator.mapping import Mapping, NotMapped
    from generator.plan.model import Plan, Resource

# The one place target names live (cli, x-c2p keys, c2p.yaml, the plan's contract read them from here).
BUILT = ("aws", "k8s")
PLANNED = ("gcp", "azure")  # in SPEC.md, not built yet
NAMES = BUILT + PLANNED


class Target(Protocol):
    name: str
    mappings: tuple["Mapping", ...]
    not_mapped: MappingType[str, str]  # kind → why this target does not map it (said in the output)
    # A service holding data of unknown kind: True (every one runs as an app), or a predicate on its ServiceInfo.
    adopts_unknown_stateful: Union[bool, Callable[[Any], bool]]

    def choose(self, resource: "Resource", options: MappingType[str, Any]) -> "Mapping | NotMapped":
        """Which mapping realises this resource (by kind and the user's options), or why none does."""

    def decide_apps(self, plan: "Plan", project: Any, classification: Any) -> "Plan":
        """Plan stage for the app services: workloads, mounts, security, networking, what is not carried over."""

    def render(self, plan: "Plan") -> dict[str, str]:
        """Render stage: relative path under OUT/<target>/ → content."""

    def next_steps(self, plan: "Plan", dest: Path) -> list[str]:
        """What `c2p generate` tells the user to do next."""


def get_target(name: str) -> Target:
    if name in PLANNED:
        raise C2PError(f"target '{name}' is not implemented yet; available: {', '.join(BUILT)}")
    if name not in BUILT:
        raise C2PError(f"unknown target '{name}'; available: {', '.join(BUILT)}")
    # imported lazily so that `c2p inspect` does not pay for jinja2 and friends
    return importlib.import_module(f"generator.targets.{name}").TARGET
