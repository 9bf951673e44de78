"""The plan: a serialisable description of the production system, the only input of rendering.

It is built for one target (`c2p plan --target T`), so it carries that target's decisions as data
(which managed service, which sizes, TLS on or off), but never target syntax: no HCL, no YAML.
Every default carries a Decision with its reason; secrets are never values, only references to a
resource's outputs (see EnvOverride). `to_dict` gives the JSON form checked by schemas/plan.schema.json.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from generator.model import EMPTY, Dependency, Healthcheck, Port, Resources

# What each kind of resource exposes to its consumers. A placeholder in an EnvOverride template must be
# one of its resource's outputs; outputs in SECRET_OUTPUTS are never rendered as literals.
OUTPUTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "postgres": ("host", "port", "username", "password", "database"),
        "timescaledb": ("host", "port", "username", "password", "database"),
        "redis": ("host", "port", "username", "password"),
        "vault": ("addr", "namespace"),
    }
)
SECRET_OUTPUTS = frozenset({"password"})


@dataclass(frozen=True)
class Decision:
    key: str  # dotted, e.g. "ha.replicas", "backup.retention_days", "mapping"
    value: Any  # JSON-able
    reason: str
    source: str = "default"  # "default" | "compose" | "override"


@dataclass(frozen=True)
class Database:
    name: str
    owner: str


@dataclass(frozen=True)
class Resource:
    """One stateful compose service, as the target will run it."""

    name: str  # the compose service name; resource names derive from it
    kind: str  # timescaledb | postgres | redis | vault | mysql | ... (see generator.classify)
    mapping: str  # how the target realises it: tiger-cloud | rds | elasticache | hcp-vault | cnpg | redis-operator | vault-helm
    engine: str  # postgres | timescaledb | redis | valkey | vault
    versions: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # e.g. {"postgres": "16", "timescaledb": "2.17.2"}
    image: str | None = None  # the compose image
    port: int | None = None  # the port consumers used in compose
    databases: tuple[Database, ...] = ()  # postgres-like: the app database(s) and owner(s)
    extensions: tuple[str, ...] = ()  # postgres-like: e.g. ("timescaledb",)
    init_scripts: tuple[str, ...] = ()  # host paths mounted into /docker-entrypoint-initdb.d
    persistence: str | None = None  # redis: "aof" | "rdb" | "aof+rdb" | "none"
    maxmemory_policy: str | None = None  # redis: compose's --maxmemory-policy (e.g. "allkeys-lru"), None = server default
    dev_mode: bool = False  # vault -dev: in-memory, nothing to migrate
    data_volume: str | None = None  # the compose volume holding the data
    # The target's production settings (sizes, HA, backups, tier, tls, …), per kind and target, with
    # their reasons in `decisions`. Keys are documented in schemas/plan.schema.json.
    settings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnvOverride:
    """The production value of one env var of an app service that pointed at a stateful service."""

    var: str
    action: str  # "set" | "remove"
    resource: str | None  # the Resource.name it points at
    role: str  # url | host | port | user | password | database | addr | namespace | token
    # For "set": a template whose {placeholders} are outputs of `resource` (see OUTPUTS), e.g.
    # "postgresql://{username}:{password}@{host}:{port}/{database}?sslmode=require". Literal text only
    # otherwise; a secret output is referenced, never inlined, by the renderers.
    template: str | None
    secret: bool  # the value contains a secret output
    reason: str
    dev_value: str | None = None  # what compose had, secrets masked as "***"


@dataclass(frozen=True)
class EnvVar:
    name: str
    value: str | None = None  # literal, non-secret value carried over from compose
    secret: bool = False  # looks like a secret: never a literal, the user fills a Secret
    override: EnvOverride | None = None  # set when the var pointed at a stateful service


@dataclass(frozen=True)
class App:
    """One stateless workload (or a run-once job)."""

    name: str
    image: str | None
    build_context: str | None = None  # relative to the project dir, when compose builds the image
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    ports: tuple[Port, ...] = ()
    healthcheck: Healthcheck | None = None
    resources: Resources = field(default_factory=Resources)
    replicas: int = 1
    job: bool = False  # runs once to completion (migrate, setup)
    env: tuple[EnvVar, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    profiles: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    name: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Plan:
    project: str
    target: str
    sources: tuple[str, ...]  # compose files, relative to the project directory
    resources: tuple[Resource, ...] = ()
    apps: tuple[App, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    decisions: tuple[Decision, ...] = ()  # project-wide (region, namespace, …)
    warnings: tuple[str, ...] = ()

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)


def to_dict(obj: Any) -> Any:
    """Plain JSON-able data for any plan object (dataclasses, read-only mappings, tuples)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj
