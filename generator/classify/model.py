"""What classify finds: a kind per service, with its evidence, facts and consumers. Frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from generator.model import EMPTY

APP = "app"
UNKNOWN_STATEFUL = "unknown-stateful"


@dataclass(frozen=True)
class Evidence:
    source: str  # image | dockerfile | command | environment | healthcheck | volume | port | override
    detail: str  # short human text, secrets masked
    kind: str  # the kind this evidence supports
    weight: float  # 0..1: how strongly it points at `kind` on its own


@dataclass(frozen=True)
class Use:
    """One env var of a consumer service that points at a stateful service."""

    service: str  # the consumer
    env: str  # the variable name
    target: str  # the stateful service it points at
    role: str  # url | host | port | user | password | database | addr | namespace | token | sslmode | tls | ca
    value: str | None  # the compose value, secrets masked as ***
    matched_by: str  # "service name" | "container_name" | "alias" | "link" | "prefix of DB_HOST" | …
    dev_only: tuple[str, ...] = ()  # development-only details seen in the value (sslmode=disable, …)


@dataclass(frozen=True)
class ServiceInfo:
    name: str
    kind: str  # a registered kind, "app" or "unknown-stateful"
    stateful: bool
    image: str | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    versions: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # e.g. {"postgres": "16", "timescaledb": "2.17.2"}
    facts: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # per kind: databases, users, init_scripts, persistence, dev_mode, …
    consumes: tuple[Use, ...] = ()  # env vars of this service pointing at stateful services
    depends_on: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()  # signals that disagree with the chosen kind
    warnings: tuple[str, ...] = ()
    job: bool = False  # runs once (migrate, seed, init)
    profiles: tuple[str, ...] = ()
    skip: bool = False  # x-c2p skip: true
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: EMPTY)  # per-target overrides: {"aws": {...}, "k8s": {...}}
    data_volumes: tuple[str, ...] = ()  # volume names / bind paths that hold data


@dataclass(frozen=True)
class Classification:
    project: str
    services: Mapping[str, ServiceInfo]  # sorted by name
    target_options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: EMPTY)  # project-wide per-target overrides
    warnings: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)  # where overrides came from

    def service(self, name: str) -> ServiceInfo:
        return self.services[name]

    def used_by(self, name: str) -> tuple[Use, ...]:
        return tuple(u for s in self.services.values() for u in s.consumes if u.target == name)
