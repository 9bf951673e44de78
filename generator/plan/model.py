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
from typing import Any, Mapping, Union

from generator.model import EMPTY, Dependency, Healthcheck, Port, Resources

# What each kind of resource exposes to its consumers. A placeholder in an EnvOverride template must be
# one of its resource's outputs; outputs in SECRET_OUTPUTS are never rendered as literals.
OUTPUTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "postgres": ("host", "port", "username", "password", "database"),
        "timescaledb": ("host", "port", "username", "password", "database"),
        "redis": ("host", "port", "username", "password"),
        "mysql": ("host", "port", "username", "password", "database"),
        "mariadb": ("host", "port", "username", "password", "database"),
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
    name: str  # the production database
    owner: str  # its owner role, the one the apps log in as
    # what compose had, when the plan chose otherwise (an app that logged in as the superuser `postgres` gets a
    # dedicated owner and database: plan/resources.py); the migration dumps from these
    compose_name: str | None = None
    compose_owner: str | None = None

    @property
    def source_name(self) -> str:
        return self.compose_name or self.name

    @property
    def source_owner(self) -> str:
        return self.compose_owner or self.owner


@dataclass(frozen=True)
class SqlFacts:
    """postgres, timescaledb, mysql, mariadb: what compose ran."""

    databases: tuple[Database, ...] = ()  # the app database(s) and owner(s)
    extensions: tuple[str, ...] = ()  # postgres-like: e.g. ("timescaledb",)
    init_scripts: tuple[str, ...] = ()  # host paths mounted into /docker-entrypoint-initdb.d


@dataclass(frozen=True)
class RedisFacts:
    """redis (and valkey): how compose ran the server."""

    persistence: str | None = None  # "aof" | "rdb" | "aof+rdb" | "none"
    maxmemory_policy: str | None = None  # compose's --maxmemory-policy (e.g. "allkeys-lru"), None = server default
    save_points: tuple[tuple[int, int], ...] | None = None  # compose's --save (seconds, changes); None = default, () = off
    appendfsync: str | None = None  # compose's --appendfsync (always | everysec | no); None = the default, everysec
    compose_auth: bool = False  # compose's server requires a password (--requirepass, REDIS_PASSWORD…)


@dataclass(frozen=True)
class VaultFacts:
    dev_mode: bool = False  # vault -dev: in-memory, nothing to migrate


KindFacts = Union[SqlFacts, RedisFacts, VaultFacts, None]
FACTS_OF: Mapping[str, type] = MappingProxyType({"postgres": SqlFacts, "timescaledb": SqlFacts, "mysql": SqlFacts,
                                                "mariadb": SqlFacts, "redis": RedisFacts, "vault": VaultFacts})


def databases(resource: "Resource") -> tuple[Database, ...]:
    """The app databases of a SQL resource; () for any other kind."""
    return resource.facts.databases if isinstance(resource.facts, SqlFacts) else ()


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
    facts: "KindFacts" = None  # what compose showed about this kind (SqlFacts, RedisFacts, VaultFacts), typed per kind
    data_volume: str | None = None  # the compose volume holding the data
    # consumers that cannot take TLS to this service, "<app>: why" (plan/clients.py no_tls): the target must still
    # accept their plain connections (k8s redis: no TLS on this instance, warned)
    plain_clients: tuple[str, ...] = ()
    # The target's production settings (sizes, HA, backups, tier, tls, …), per kind and target, with
    # their reasons in `decisions`. Keys are documented in schemas/plan.schema.json.
    settings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a kind with typed facts always has them (the empty ones when compose showed nothing)
        if self.facts is None and self.kind in FACTS_OF:
            object.__setattr__(self, "facts", FACTS_OF[self.kind]())


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
    advice: str | None = None  # a development setting kept as compose had it: what to set (plan/devsettings.py)
    # a user-supplied secret that several services set to the same value (one env_file, or the same literal): the
    # target keeps one copy they all read, so it is set once and cannot diverge (plan/shared.py)
    shared: tuple[str, ...] = ()  # the services sharing it (this one included), sorted; () = this service's own
    # aws: a user-supplied secret compose set to a non-empty value: where (project-relative env_file or compose
    # file); the user must reuse that value. None: compose left it empty or unset (targets/aws/given.py)
    given_in: str | None = None


@dataclass(frozen=True)
class FileContent:
    """One text file c2p read at generate time (a bind-mounted config file, a compose config)."""

    key: str  # the ConfigMap key: a flat name ([-._a-zA-Z0-9]+)
    path: str  # where it lands, relative to the mount point (the key itself for a single file)
    content: str


@dataclass(frozen=True)
class Volume:
    """One compose mount (volume, bind, tmpfs, secret, config) as the target mounts it."""

    name: str  # the pod's volume name (a DNS label, unique in the pod)
    kind: str  # config-map | secret | claim | claim-template | empty-dir | efs (aws: an EFS file system)
    target: str  # the path in the container, as in compose
    source: str | None = None  # what compose mounted: volume name, ./path (project-relative), secret/config name
    object: str | None = None  # the ConfigMap / Secret / PersistentVolumeClaim it refers to
    read_only: bool = False
    sub_path: str | None = None  # mount one key of the object at `target` (a single file)
    files: tuple[FileContent, ...] = ()  # config-map: the content, read at generate time
    size: str | None = None  # claim / claim-template: requested size; empty-dir: sizeLimit
    storage_class: str | None = None  # None: the cluster's default StorageClass
    access_mode: str | None = None  # ReadWriteOnce | ReadWriteMany | ReadWriteOncePod
    memory: bool = False  # empty-dir backed by RAM (compose tmpfs)
    user_creates: bool = False  # the user creates the Secret/ConfigMap/PVC (c2p never copies a secret's content)
    origin: str = ""  # for user_creates: "file" | "directory" | "environment" | "external" — how the README says to make it; "release-ca": the release CA (targets/k8s/tls.py)
    key: str | None = None  # the Secret/ConfigMap key the user creates (file and environment origins); efs: the Docker volume the files come from
    mode: int | None = None  # file mode of a Secret/ConfigMap mount (compose secrets/configs `mode`)
    shared_with: tuple[str, ...] = ()  # other app services mounting the same object
    reason: str = ""


@dataclass(frozen=True)
class NotCarried:
    """Something a compose service had that the output does not carry over, and why."""

    service: str
    item: str  # what compose had, e.g. "volume /var/run/docker.sock:/var/run/docker.sock", "logging"
    reason: str
    todo: bool = False  # the service may not work until the user does what the reason says


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
    # The target's workload: "deployment" | "statefulset" | "job" (empty until the target decides it),
    # its mounts, and its other settings (keys documented in schemas/plan.schema.json, reasons in `decisions`).
    workload: str = ""
    volumes: tuple[Volume, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=lambda: EMPTY)


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
    not_carried: tuple[NotCarried, ...] = ()  # per service: what the target does not carry over, and why

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
