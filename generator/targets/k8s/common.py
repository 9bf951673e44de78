"""Helpers shared by the k8s target's modules: names, option handling, decisions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from generator.names import k8s_label
from generator.plan.model import Resource
from generator.plan.recorder import Recorder


def k8s_name(name: str) -> str:
    """A DNS-1123 label from a compose name (lowercase, [a-z0-9-], starting with a letter — `1web` → `s-1web` —,
    ≤ 40 chars so suffixes still fit). Different names can meet (`my_app`/`my-app`): targets/k8s/names.py
    refuses the plan then."""
    return k8s_label(name, 40)


class Settings(Recorder):
    """The shared Recorder (generator/plan/recorder.py) for x-c2p k8s options."""

    def __init__(self, options: Mapping[str, Any] | None, service: str = ""):
        super().__init__("k8s", service, options)


def unsupported(resource: Resource, reason: str) -> Resource:
    return replace(
        resource,
        mapping="unsupported",
        settings={"tls": False},
        warnings=(reason,) + tuple(resource.warnings),
    )
