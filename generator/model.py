"""The loaded compose project: typed, immutable, target-neutral.

The loader (generator.load) builds these from the normalized document — the same shape that
`docker compose config --format json` prints — and generator.load.to_compose_json turns them back.
Mappings are read-only views; sequences are tuples. Sizes are bytes, durations are the compose
strings as normalized by Docker Compose (e.g. "10s", "1m30s").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY


def frozen_map(d: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class Port:
    target: int
    published: str | None = None  # "8080" or a range "8000-8010"; None when not published
    protocol: str = "tcp"
    host_ip: str | None = None
    mode: str = "ingress"
    name: str | None = None
    app_protocol: str | None = None


@dataclass(frozen=True)
class Mount:
    type: str  # "volume" | "bind" | "tmpfs" | "npipe" | "cluster" | "image"
    target: str
    source: str | None = None  # volume name or absolute host path; None for anonymous/tmpfs
    read_only: bool = False
    tmpfs_size: int | None = None  # bytes
    tmpfs_mode: int | None = None
    create_host_path: bool | None = None
    subpath: str | None = None
    nocopy: bool | None = None


@dataclass(frozen=True)
class Healthcheck:
    test: tuple[str, ...] = ()  # ("CMD", ...), ("CMD-SHELL", "..."), ("NONE",)
    interval: str | None = None
    timeout: str | None = None
    retries: int | None = None
    start_period: str | None = None
    start_interval: str | None = None
    disable: bool = False


@dataclass(frozen=True)
class Dependency:
    service: str
    condition: str = "service_started"  # service_started | service_healthy | service_completed_successfully
    required: bool = True
    restart: bool = False


@dataclass(frozen=True)
class Build:
    context: str  # absolute path (or URL) after resolution
    dockerfile: str | None = None  # as written, relative to the context
    target: str | None = None
    args: Mapping[str, str | None] = field(default_factory=_empty)
    dockerfile_inline: str | None = None


@dataclass(frozen=True)
class Device:
    capabilities: tuple[str, ...] = ()
    driver: str | None = None
    count: int | str | None = None  # int or "all"
    device_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resources:
    cpus_limit: float | None = None
    memory_limit: int | None = None  # bytes
    pids_limit: int | None = None
    cpus_reservation: float | None = None
    memory_reservation: int | None = None  # bytes
    devices: tuple[Device, ...] = ()


@dataclass(frozen=True)
class Deploy:
    replicas: int | None = None
    resources: Resources = field(default_factory=Resources)
    restart_policy: Mapping[str, Any] = field(default_factory=_empty)
    mode: str | None = None
    labels: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class FileRef:
    """A service's use of a top-level secret or config."""

    source: str
    target: str | None = None
    uid: str | None = None
    gid: str | None = None
    mode: int | None = None


@dataclass(frozen=True)
class NetworkAttachment:
    aliases: tuple[str, ...] = ()
    ipv4_address: str | None = None
    ipv6_address: str | None = None
    priority: int | None = None


@dataclass(frozen=True)
class Service:
    name: str
    image: str | None = None
    build: Build | None = None
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: Mapping[str, str | None] = field(default_factory=_empty)  # after interpolation and env_file
    ports: tuple[Port, ...] = ()
    expose: tuple[str, ...] = ()
    volumes: tuple[Mount, ...] = ()
    tmpfs: tuple[str, ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    healthcheck: Healthcheck | None = None
    restart: str | None = None
    deploy: Deploy | None = None
    profiles: tuple[str, ...] = ()
    networks: Mapping[str, NetworkAttachment | None] = field(default_factory=_empty)
    network_mode: str | None = None
    container_name: str | None = None
    hostname: str | None = None
    links: tuple[str, ...] = ()
    secrets: tuple[FileRef, ...] = ()
    configs: tuple[FileRef, ...] = ()
    labels: Mapping[str, str] = field(default_factory=_empty)
    working_dir: str | None = None
    user: str | None = None
    # Everything else Docker Compose keeps (cap_add, privileged, init, stop_grace_period, …), normalized,
    # plus `x-*` extensions: the exact JSON that `docker compose config --format json` prints for this service.
    raw: Mapping[str, Any] = field(default_factory=_empty)

    @property
    def extensions(self) -> Mapping[str, Any]:
        return MappingProxyType({k: v for k, v in self.raw.items() if k.startswith("x-")})


@dataclass(frozen=True)
class TopLevelResource:
    """A top-level volume, network, secret or config as normalized by Compose."""

    name: str
    raw: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class ComposeProject:
    name: str
    working_dir: str  # absolute project directory
    files: tuple[str, ...]  # absolute paths of the compose files, in -f order
    services: Mapping[str, Service]  # enabled services only (after profiles), in compose's sorted order
    volumes: Mapping[str, TopLevelResource] = field(default_factory=_empty)
    networks: Mapping[str, TopLevelResource] = field(default_factory=_empty)
    secrets: Mapping[str, TopLevelResource] = field(default_factory=_empty)
    configs: Mapping[str, TopLevelResource] = field(default_factory=_empty)
    extensions: Mapping[str, Any] = field(default_factory=_empty)  # top-level x-* keys (e.g. x-c2p)
    disabled_services: Mapping[str, Service] = field(default_factory=_empty)  # services behind a profile that is not active
    # Where each service was defined, for error messages downstream: name → "file:line:column".
    locations: Mapping[str, str] = field(default_factory=_empty)
    # The interpolation variables the files used (${NAME}) and their values; never printed, read to find secrets.
    interpolated: Mapping[str, str] = field(default_factory=_empty)
