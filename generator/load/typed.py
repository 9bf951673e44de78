"""The normalized document (compose's JSON shape) → the typed, immutable model."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from generator.model import (
    Build, ComposeProject, Dependency, Deploy, Device, FileRef, Healthcheck, Mount, NetworkAttachment, Port,
    Resources, Service, TopLevelResource, frozen_map,
)


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


def _tuple(value) -> tuple[str, ...] | None:
    return None if value is None else tuple(str(v) for v in value)


def _int(value) -> int | None:
    return None if value is None else int(value)


def _float(value) -> float | None:
    return None if value is None else float(value)


def port(p: dict) -> Port:
    return Port(target=int(p["target"]), published=p.get("published"), protocol=p.get("protocol", "tcp"),
                host_ip=p.get("host_ip"), mode=p.get("mode", "ingress"), name=p.get("name"),
                app_protocol=p.get("app_protocol"))


def mount(v: dict) -> Mount:
    tmpfs = v.get("tmpfs") or {}
    bind = v.get("bind") or {}
    vol = v.get("volume") or {}
    return Mount(type=v["type"], target=v.get("target", ""), source=v.get("source") or None,
                 read_only=bool(v.get("read_only", False)), tmpfs_size=_int(tmpfs.get("size")),
                 tmpfs_mode=_int(tmpfs.get("mode")), create_host_path=bind.get("create_host_path"),
                 subpath=vol.get("subpath"), nocopy=vol.get("nocopy"))


def healthcheck(h: dict) -> Healthcheck:
    return Healthcheck(test=tuple(h.get("test") or ()), interval=h.get("interval"), timeout=h.get("timeout"),
                       retries=_int(h.get("retries")), start_period=h.get("start_period"),
                       start_interval=h.get("start_interval"), disable=bool(h.get("disable", False)))


def _device(d: dict) -> Device:
    count = d.get("count")
    return Device(capabilities=tuple(d.get("capabilities") or ()), driver=d.get("driver"),
                  count="all" if count in ("all", -1) else (None if count is None else int(count)),
                  device_ids=tuple(d.get("device_ids") or ()))


def deploy(d: dict) -> Deploy:
    res = d.get("resources") or {}
    lim, rsv = res.get("limits") or {}, res.get("reservations") or {}
    resources = Resources(
        cpus_limit=_float(lim.get("cpus")), memory_limit=_int(lim.get("memory")), pids_limit=_int(lim.get("pids")),
        cpus_reservation=_float(rsv.get("cpus")), memory_reservation=_int(rsv.get("memory")),
        devices=tuple(_device(x) for x in rsv.get("devices") or []),
    )
    return Deploy(replicas=_int(d.get("replicas")), resources=resources,
                  restart_policy=freeze(d.get("restart_policy") or {}), mode=d.get("mode"),
                  labels=frozen_map(d.get("labels")))


def fileref(r: dict) -> FileRef:
    mode = r.get("mode")
    return FileRef(source=r["source"], target=r.get("target"), uid=r.get("uid"), gid=r.get("gid"),
                   mode=int(mode, 8) if isinstance(mode, str) else mode)


def service(name: str, s: dict) -> Service:
    b = s.get("build")
    build = None if b is None else Build(
        context=b.get("context", "."), dockerfile=b.get("dockerfile"), target=b.get("target"),
        args=frozen_map(b.get("args")), dockerfile_inline=b.get("dockerfile_inline"))
    networks = {n: (None if cfg is None else NetworkAttachment(
        aliases=tuple(cfg.get("aliases") or ()), ipv4_address=cfg.get("ipv4_address"),
        ipv6_address=cfg.get("ipv6_address"), priority=_int(cfg.get("priority"))))
        for n, cfg in (s.get("networks") or {}).items()}
    return Service(
        name=name, image=s.get("image"), build=build, command=_tuple(s.get("command")),
        entrypoint=_tuple(s.get("entrypoint")), environment=frozen_map(s.get("environment")),
        ports=tuple(port(p) for p in s.get("ports") or []), expose=_tuple(s.get("expose")) or (),
        volumes=tuple(mount(v) for v in s.get("volumes") or []), tmpfs=_tuple(s.get("tmpfs")) or (),
        depends_on=tuple(Dependency(service=d, condition=c.get("condition", "service_started"),
                                    required=bool(c.get("required", True)), restart=bool(c.get("restart", False)))
                         for d, c in (s.get("depends_on") or {}).items()),
        healthcheck=None if s.get("healthcheck") is None else healthcheck(s["healthcheck"]),
        restart=s.get("restart"), deploy=None if s.get("deploy") is None else deploy(s["deploy"]),
        profiles=_tuple(s.get("profiles")) or (), networks=MappingProxyType(networks),
        network_mode=s.get("network_mode"), container_name=s.get("container_name"), hostname=s.get("hostname"),
        links=_tuple(s.get("links")) or (), secrets=tuple(fileref(r) for r in s.get("secrets") or []),
        configs=tuple(fileref(r) for r in s.get("configs") or []), labels=frozen_map(s.get("labels")),
        working_dir=s.get("working_dir"), user=None if s.get("user") is None else str(s["user"]),
        raw=freeze(s),
    )


def _top(section: dict | None) -> MappingProxyType:
    return MappingProxyType({n: TopLevelResource(name=n, raw=freeze(cfg)) for n, cfg in (section or {}).items()})


def build_project(doc: dict, disabled: dict, facts: dict) -> ComposeProject:
    return ComposeProject(
        name=doc["name"], working_dir=facts["project_dir"], files=tuple(facts["files"]),
        services=MappingProxyType({n: service(n, s) for n, s in doc["services"].items()}),
        volumes=_top(doc.get("volumes")), networks=_top(doc.get("networks")), secrets=_top(doc.get("secrets")),
        configs=_top(doc.get("configs")),
        extensions=freeze({k: v for k, v in doc.items() if k.startswith("x-")}),
        disabled_services=MappingProxyType({n: service(n, s) for n, s in disabled.items()}),
        locations=MappingProxyType(dict(facts["locations"])),
        interpolated=MappingProxyType(dict(facts.get("interpolated", {}))),
    )
