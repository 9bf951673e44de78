"""Helpers shared by the k8s target's modules: names, option handling, decisions."""

from __future__ import annotations

import difflib
import json
from dataclasses import replace
from functools import cache
from typing import Any, Mapping

from generator.names import k8s_label
from generator.plan.model import Decision, Resource, to_dict


def k8s_name(name: str) -> str:
    """A DNS-1123 label from a compose name (lowercase, [a-z0-9-], starting with a letter — `1web` → `s-1web` —,
    ≤ 40 chars so suffixes still fit). Different names can meet (`my_app`/`my-app`): targets/k8s/names.py
    refuses the plan then."""
    return k8s_label(name, 40)


# Options that apply to the whole project or to the app workloads, not to one stateful mapping.
PROJECT_WIDE = frozenset({"namespace", "region", "engine", "workload", "volumes"})


@cache
def option_keys() -> frozenset[str]:
    """The x-c2p k8s keys c2p reads: the typed table in schemas/c2p.schema.json (#/$defs/k8sOptions), where
    every value is validated before a target sees it."""
    from generator.paths import schema_path

    schema = json.loads(schema_path("c2p").read_text(encoding="utf-8"))
    return frozenset(schema["$defs"]["k8sOptions"]["properties"])


class Settings:
    """Collects settings and a Decision for each, honouring the user's per-target options.

    Only keys of the k8s option table are read from the user (validated there); an option no pick used is
    reported as a warning, as the aws Decider does, so a typo (`instancess`) is never ignored silently."""

    def __init__(self, options: Mapping[str, Any] | None, service: str = ""):
        self.options = dict(options or {})
        self.service = service
        self.used: set[str] = set()
        self.values: dict[str, Any] = {}
        self.decisions: list[Decision] = []
        self.warnings: list[str] = []

    def pick(self, key: str, default: Any, reason: str, option: str | None = None, source: str = "default") -> Any:
        """Set `key`; the user's option (named `option`, default `key`) wins over the default."""
        opt = option or key
        settable = opt in option_keys() and opt not in PROJECT_WIDE
        if settable:
            self.used.add(opt)
        if settable and opt in self.options and self.options[opt] is not None:
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

    def unknown_options(self) -> list[str]:
        who = self.service or "x-c2p"
        out = []
        known = sorted(option_keys())
        for key in sorted(set(self.options) - self.used - PROJECT_WIDE):
            if key in option_keys():
                out.append(f"{who}: x-c2p k8s.{key} is not used here (it does not apply to this service's mapping)")
            else:
                close = difflib.get_close_matches(key, known, n=1)
                tip = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(f"{who}: ignored unknown x-c2p k8s option '{key}'{tip}")
        return out

    def apply(self, resource: Resource, mapping: str) -> Resource:
        return replace(
            resource,
            mapping=mapping,
            settings=dict(sorted(self.values.items())),
            decisions=tuple(resource.decisions) + tuple(self.decisions),
            warnings=tuple(resource.warnings) + tuple(self.warnings) + tuple(self.unknown_options()),
        )


def unsupported(resource: Resource, reason: str) -> Resource:
    return replace(
        resource,
        mapping="unsupported",
        settings={"tls": False},
        warnings=(reason,) + tuple(resource.warnings),
    )
