"""What a target needs to know about a compose service beyond the App/Resource fields: read here, once, in the plan
stage, so no target reads the compose model's raw JSON (`Service.raw`, `TopLevelResource.raw`) or re-reads compose
files. `App.compose` and `Resource.compose` hold them (schemas/plan.schema.json, `composeFacts`); they restate the
compose input, so `c2p plan` leaves them out of its JSON (plan/model.py `to_dict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from generator.model import EMPTY, ComposeProject, Service, TopLevelResource

_EMPTY_VALUES = (None, False, "", (), {})
HOST_NAMESPACES = ("pid", "ipc", "userns_mode", "uts", "cgroup")
SWARM_DEPLOY = ("update_config", "rollback_config", "endpoint_mode", "labels")


@dataclass(frozen=True)
class TopLevel:
    """A top-level volume, network, secret or config a service uses."""

    name: str  # the compose key
    external: bool = False
    real_name: str | None = None  # `name:` when set (the Docker object's name)
    internal: bool = False  # networks: no way out
    tmpfs: bool = False  # volumes: driver_opts type tmpfs
    tmpfs_size: str | None = None  # volumes: the size= of driver_opts o ("64m"), as written
    file: str | None = None  # secrets and configs: the host path (absolute)
    environment: str | None = None  # secrets and configs: the variable it comes from
    content: str | None = None  # configs only: inline content (a secret's is never kept)


@dataclass(frozen=True)
class Hook:
    """One compose post_start / pre_stop hook."""

    command: tuple[str, ...] | None
    keys: tuple[str, ...]  # the hook's keys (command, user, privileged, working_dir, environment)


@dataclass(frozen=True)
class ComposeFacts:
    keys: tuple[str, ...] = ()  # every compose key the service sets to a non-empty value, x-* excepted, sorted
    # lifecycle
    scale: int | None = None
    init: bool = False
    stop_grace_period: str | None = None  # normalized duration ("1m30s")
    stop_signal: str | None = None
    post_start: tuple[Hook, ...] = ()
    pre_stop: tuple[Hook, ...] = ()
    pull_policy: str | None = None
    platform: str | None = None
    deploy_mode: str | None = None
    deploy_placement: bool = False  # placement constraints or preferences
    deploy_swarm: tuple[str, ...] = ()  # the Swarm-only deploy keys it sets (SWARM_DEPLOY order)
    deploy_restart_policy: bool = False
    pids_limit: bool = False  # pids_limit or deploy.resources.limits.pids
    # security
    read_only: bool = False
    privileged: bool = False
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    security_opt: tuple[str, ...] = ()
    sysctls: tuple[tuple[str, str], ...] = ()  # (name, value), sorted
    group_add: tuple[str, ...] = ()
    ulimits: tuple[str, ...] = ()  # names, sorted
    namespaces: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # pid/ipc/userns_mode/uts/cgroup as set
    shm_size: int | None = None  # bytes
    devices: tuple[str, ...] = ()  # host device paths (or the entry as written)
    gpus: bool = False
    # networking
    networks: tuple[str, ...] = ()  # its compose networks (another service's, for network_mode service:X), sorted
    hostname: str | None = None
    domainname: str | None = None
    mac_address: str | None = None
    external_links: tuple[str, ...] = ()
    dns: tuple[str, ...] = ()
    dns_search: tuple[str, ...] = ()
    dns_opt: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = ()
    # the rest
    annotations: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    volumes_from: tuple[str, ...] = ()
    # the top-level objects it uses, by compose key
    volumes: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    network_objects: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    secrets: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    configs: Mapping[str, TopLevel] = field(default_factory=lambda: EMPTY)
    # a user-supplied variable compose set to a non-empty value → the project-relative file that set it ("" when
    # not found there: extends, includes); filled for the variables that look like secrets (plan/given.py)
    given: Mapping[str, str] = field(default_factory=lambda: EMPTY)


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in value or ())


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _hooks(value: Any) -> tuple[Hook, ...]:
    out = []
    for hook in value or ():
        hook = hook if hasattr(hook, "get") else {}
        command = hook.get("command")
        out.append(Hook(command=tuple(str(a) for a in command) if command is not None else None,
                        keys=tuple(str(k) for k in hook)))
    return tuple(out)


def _sysctls(raw: Any) -> tuple[tuple[str, str], ...]:
    items = raw.items() if hasattr(raw, "items") else (str(x).partition("=")[::2] for x in raw or ())
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _device(entry: Any) -> str:
    return str(entry.get("source", entry)) if hasattr(entry, "get") else str(entry)


def top_level(kind: str, name: str, top: TopLevelResource | None) -> TopLevel:
    raw = dict(top.raw) if top is not None else {}
    opts = raw.get("driver_opts") or {}
    tmpfs = kind == "volume" and str(opts.get("type", "")).lower() == "tmpfs"
    size = re.search(r"size=([0-9]+[kmg]?)", str(opts.get("o", "")), re.I) if tmpfs else None
    return TopLevel(
        name=name, external=bool(raw.get("external")), real_name=_text(raw.get("name")),
        internal=bool(raw.get("internal")) if kind == "network" else False,
        tmpfs=tmpfs, tmpfs_size=size.group(1) if size else None,
        file=str(raw["file"]) if kind in ("secret", "config") and raw.get("file") else None,
        environment=str(raw["environment"]) if kind in ("secret", "config") and raw.get("environment") else None,
        content=str(raw["content"]) if kind == "config" and "content" in raw else None,
    )


def _networks(svc: Service, project: ComposeProject) -> tuple[str, ...]:
    mode = svc.network_mode or ""
    if mode.startswith("service:"):
        other = project.services.get(mode[8:])
        return tuple(sorted(other.networks)) if other is not None else ()
    return tuple(sorted(svc.networks))


def compose_facts(svc: Service, project: ComposeProject, given: Mapping[str, str] = EMPTY) -> ComposeFacts:
    raw = svc.raw
    dep = raw.get("deploy") or {}
    placement = dep.get("placement") or {}
    pids = ((dep.get("resources") or {}).get("limits") or {}).get("pids") or raw.get("pids_limit")
    nets = _networks(svc, project)
    named = sorted({m.source for m in svc.volumes if m.type == "volume" and m.source})
    return ComposeFacts(
        keys=tuple(sorted(k for k, v in raw.items() if not k.startswith("x-") and v not in _EMPTY_VALUES)),
        scale=int(raw["scale"]) if isinstance(raw.get("scale"), int) else None,
        init=bool(raw.get("init")),
        stop_grace_period=str(raw["stop_grace_period"]) if raw.get("stop_grace_period") is not None else None,
        stop_signal=_text(raw.get("stop_signal")),
        post_start=_hooks(raw.get("post_start")),
        pre_stop=_hooks(raw.get("pre_stop")),
        pull_policy=_text(raw.get("pull_policy")),
        platform=_text(raw.get("platform")),
        deploy_mode=_text(dep.get("mode")),
        deploy_placement=bool(placement.get("constraints") or placement.get("preferences")),
        deploy_swarm=tuple(k for k in SWARM_DEPLOY if dep.get(k)),
        deploy_restart_policy=bool(dep.get("restart_policy")),
        pids_limit=bool(pids),
        read_only=bool(raw.get("read_only")),
        privileged=bool(raw.get("privileged")),
        cap_add=_words(raw.get("cap_add")),
        cap_drop=_words(raw.get("cap_drop")),
        security_opt=_words(raw.get("security_opt")),
        sysctls=_sysctls(raw.get("sysctls")),
        group_add=_words(raw.get("group_add")),
        ulimits=tuple(sorted(str(k) for k in raw.get("ulimits") or ())),
        namespaces=MappingProxyType({k: str(raw[k]) for k in HOST_NAMESPACES if raw.get(k)}),
        shm_size=int(raw["shm_size"]) if raw.get("shm_size") else None,
        devices=tuple(_device(x) for x in raw.get("devices") or ()),
        gpus=bool(raw.get("gpus")),
        networks=nets,
        hostname=_text(raw.get("hostname")),
        domainname=_text(raw.get("domainname")),
        mac_address=_text(raw.get("mac_address")),
        external_links=_words(raw.get("external_links")),
        dns=_words(raw.get("dns")),
        dns_search=_words(raw.get("dns_search")),
        dns_opt=_words(raw.get("dns_opt")),
        extra_hosts=_words(raw.get("extra_hosts")),
        annotations=MappingProxyType({str(k): str(v) for k, v in (raw.get("annotations") or {}).items()}),
        volumes_from=_words(raw.get("volumes_from")),
        volumes=MappingProxyType({n: top_level("volume", n, project.volumes.get(n)) for n in named}),
        network_objects=MappingProxyType({n: top_level("network", n, project.networks.get(n)) for n in nets}),
        secrets=MappingProxyType({r.source: top_level("secret", r.source, project.secrets.get(r.source))
                                  for r in svc.secrets}),
        configs=MappingProxyType({r.source: top_level("config", r.source, project.configs.get(r.source))
                                  for r in svc.configs}),
        given=MappingProxyType(dict(given)),
    )
