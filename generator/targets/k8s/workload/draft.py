"""The working state of one app while the k8s target decides it: settings, volumes, and what is not carried.

Every rule module (mounts, security, network, lifecycle, leftovers) writes through a Draft, so each
setting gets its Decision (with the reason) and each refusal its NotCarried entry in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from generator.plan.facts import ComposeFacts
from generator.plan.model import App, Decision, NotCarried, Volume, to_dict
from generator.targets.k8s.common import k8s_name

@dataclass
class Project:
    """What every app's rules may look at: the project's name, the other apps, the options. What compose set is on
    each App (App.compose, plan/facts.py): no rule reads the compose model or the disk."""

    name: str  # the compose project's name
    apps: Mapping[str, App]  # compose name → planned app
    stateful: frozenset[str]  # compose names of the services the plan runs as resources (or skipped)
    options: Mapping[str, Any]  # project-wide x-c2p k8s options
    per_service: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # each service's x-c2p k8s options
    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (object kind, compose source) → object name
    copied: int = 0  # bytes of project files copied into the chart so far

    def service_options(self, name: str) -> Mapping[str, Any]:
        return self.per_service.get(name) or {}

    def object_name(self, kind: str, source: str, base: str) -> str:
        """One Kubernetes object per compose source (a ConfigMap shared by every app mounting ./conf)."""
        if (kind, source) not in self.names:
            taken = {n for (k, _), n in self.names.items() if k == kind}
            stem = k8s_name(f"{self.name}-{base}")  # prefixed: ConfigMaps, Secrets and PVCs share a namespace
            name, i = stem, 2
            while name in taken:
                name, i = f"{stem}-{i}", i + 1
            self.names[(kind, source)] = name
        return self.names[(kind, source)]

    def room_for(self, kind: str, source: str, files) -> bool:
        """Whether the chart can take these files: Helm keeps a release (chart and files/) in one Secret of at most
        1 MiB, so c2p copies at most MAX_CHART bytes in all. A source already copied costs nothing more."""
        from generator.plan.hostfiles import MAX_CHART

        if (kind, source) in self.names:
            return True
        size = sum(len(f.content.encode("utf-8")) for f in files)
        if self.copied + size > MAX_CHART:
            return False
        self.copied += size
        return True


@dataclass
class Draft:
    app: App
    project: Project
    options: Mapping[str, Any]  # this service's x-c2p k8s options, over the project-wide ones
    settings: dict[str, Any] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_carried: list[NotCarried] = field(default_factory=list)
    volumes: list[Volume] = field(default_factory=list)
    handled: set[str] = field(default_factory=set)  # compose keys some rule looked at
    workload: str = "deployment"  # deployment | statefulset | job

    @property
    def name(self) -> str:
        return self.app.name

    @property
    def k8s(self) -> str:
        return k8s_name(self.app.name)

    @property
    def facts(self) -> ComposeFacts:
        """What compose set beyond the App's own fields (plan/facts.py)."""
        return self.app.compose

    def decide(self, key: str, value: Any, reason: str, source: str = "compose") -> Any:
        self.settings[key] = value
        self.decisions.append(Decision(key=key, value=to_dict(value), reason=reason, source=source))
        return value

    def note(self, key: str, value: Any, reason: str, source: str = "compose") -> None:
        """A Decision without a setting of its own (it changes something else, e.g. a volume)."""
        self.decisions.append(Decision(key=key, value=to_dict(value), reason=reason, source=source))

    def refuse(self, item: str, reason: str, todo: bool = False, warn: bool = False) -> None:
        self.not_carried.append(NotCarried(service=self.name, item=item, reason=reason, todo=todo))
        if warn:
            self.warn(f"{item}: {reason}")

    def warn(self, text: str) -> None:
        line = f"{self.name}: {text}"
        if line not in self.warnings:
            self.warnings.append(line)

    def volume_name(self, base: str) -> str:
        """A pod-unique volume name (DNS label ≤ 63) derived from `base`."""
        taken = {v.name for v in self.volumes}
        stem = k8s_name(base)
        name, i = stem, 2
        while name in taken:
            name, i = f"{stem}-{i}", i + 1
        return name

    def mounted_at(self, target: str) -> bool:
        return any(v.target.rstrip("/") == target.rstrip("/") for v in self.volumes)

    def finish(self) -> App:
        return replace(
            self.app,
            workload=self.workload,
            settings=MappingProxyType(dict(sorted(self.settings.items()))),
            volumes=tuple(self.volumes),
            decisions=tuple(self.app.decisions) + tuple(self.decisions),
            warnings=tuple(self.app.warnings) + tuple(w for w in self.warnings if w not in self.app.warnings),
        )
