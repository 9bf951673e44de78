"""Helpers shared by the k8s target's modules: names, option handling, decisions."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Mapping

from generator.plan.model import Decision, Resource, to_dict


def k8s_name(name: str) -> str:
    """A DNS-1123 label from a compose name (lowercase, [a-z0-9-], ≤ 40 chars so suffixes still fit)."""
    out = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return (out or "svc")[:40].rstrip("-")


class Settings:
    """Collects settings and a Decision for each, honouring the user's per-target options."""

    def __init__(self, options: Mapping[str, Any] | None):
        self.options = dict(options or {})
        self.values: dict[str, Any] = {}
        self.decisions: list[Decision] = []
        self.warnings: list[str] = []

    def pick(self, key: str, default: Any, reason: str, option: str | None = None, source: str = "default") -> Any:
        """Set `key`; the user's option (named `option`, default `key`) wins over the default."""
        opt = option or key
        if opt in self.options and self.options[opt] is not None:
            value, src, why = self.options[opt], "override", f"set by the user (x-c2p k8s.{opt})"
        else:
            value, src, why = default, source, reason
        self.values[key] = value
        self.decisions.append(Decision(key=key, value=to_dict(value), reason=why, source=src))
        return value

    def fixed(self, key: str, value: Any) -> Any:
        """A setting that follows from others and needs no decision of its own."""
        self.values[key] = value
        return value

    def apply(self, resource: Resource, mapping: str) -> Resource:
        return replace(
            resource,
            mapping=mapping,
            settings=dict(sorted(self.values.items())),
            decisions=tuple(resource.decisions) + tuple(self.decisions),
            warnings=tuple(resource.warnings) + tuple(self.warnings),
        )


def unsupported(resource: Resource, reason: str) -> Resource:
    return replace(
        resource,
        mapping="unsupported",
        settings={"tls": False},
        warnings=(reason,) + tuple(resource.warnings),
    )
