"""Build a service's ComposeFacts (plan/facts.py) from the compose model: the one place that reads `Service.raw` and
`TopLevelResource.raw` for the targets."""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType
from typing import Any, Mapping

from generator.classify.volumes import is_data_mount, mount_label
from generator.model import EMPTY, ComposeProject, Service, TopLevelResource
from generator.plan.facts import Attachment, ComposeFacts, ComposeMount, Hook, TopLevel
from generator.plan.peers import Peers

_EMPTY_VALUES = (None, False, "", (), {})
HOST_NAMESPACES = ("pid", "ipc", "userns_mode", "uts", "cgroup")
SWARM_DEPLOY = ("update_config", "rollback_config", "endpoint_mode", "labels")


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


def top_level(kind: str, name: str, top: TopLevelResource | None, secrets: frozenset[str] = frozenset()) -> TopLevel:
    from generator.classify.secrets import secret_file_reason

    raw = dict(top.raw) if top is not None else {}
    content = str(raw["content"]) if kind == "config" and "content" in raw else None
    why = secret_file_reason(name, content, secrets) if content is not None else None
    opts = raw.get("driver_opts") or {}
    tmpfs = kind == "volume" and str(opts.get("type", "")).lower() == "tmpfs"
    size = re.search(r"size=([0-9]+[kmg]?)", str(opts.get("o", "")), re.I) if tmpfs else None
    return TopLevel(
        name=name, external=bool(raw.get("external")), real_name=_text(raw.get("name")),
        internal=bool(raw.get("internal")) if kind == "network" else False,
        tmpfs=tmpfs, tmpfs_size=size.group(1) if size else None,
        file=str(raw["file"]) if kind in ("secret", "config") and raw.get("file") else None,
        environment=str(raw["environment"]) if kind in ("secret", "config") and raw.get("environment") else None,
        content=content if not why else None,
        content_secret=why,
    )


def _masked_map(values: Mapping[str, Any] | None, secrets: frozenset[str]) -> tuple[Mapping[str, str], tuple[str, ...]]:
    """Labels or annotations with every secret masked (a secret-named key's whole value, a secret literal of the
    compose file where it appears), and the keys whose value held such a literal."""
    from generator.classify.secrets import is_secret_name, mask_text

    out, held = {}, []
    for k, v in (values or {}).items():
        text = str(v)
        masked = mask_text(text, secrets)
        if masked != text:
            held.append(str(k))
        out[str(k)] = "***" if is_secret_name(str(k)) else masked
    return MappingProxyType(out), tuple(sorted(held))


def _volume_users(volume: str, project: ComposeProject) -> tuple[str, ...]:
    return tuple(sorted(n for n, s in project.services.items()
                        if any(m.type == "volume" and m.source == volume for m in s.volumes)))


def _networks(svc: Service, project: ComposeProject) -> tuple[str, ...]:
    mode = svc.network_mode or ""
    if mode.startswith("service:"):
        other = project.services.get(mode[8:])
        return tuple(sorted(other.networks)) if other is not None else ()
    return tuple(sorted(svc.networks))


def _image(svc: Service) -> str | None:
    """The image it runs: its `image`, else the base image of the Dockerfile it builds."""
    if svc.build is not None:
        from generator.classify.dockerfile import base_image

        return base_image(svc.build) or svc.image
    return svc.image


def compose_facts(svc: Service, project: ComposeProject, given: Mapping[str, str] = EMPTY,
                  secrets: frozenset[str] = frozenset(), read_binds: bool = True, peers: Peers | None = None) -> ComposeFacts:
    """`read_binds`: read the bind-mounted files a target may copy (apps); a stateful service's are only looked at."""
    from generator.plan.hostpaths import host_paths, init_scripts

    raw = svc.raw
    scripts = init_scripts(svc, project.working_dir)
    labels, secret_labels = _masked_map(svc.labels, secrets)
    annotations, secret_annotations = _masked_map(raw.get("annotations"), secrets)
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
        annotations=annotations,
        secret_annotations=secret_annotations,
        volumes_from=_words(raw.get("volumes_from")),
        volumes=MappingProxyType({n: replace(top_level("volume", n, project.volumes.get(n)), users=_volume_users(n, project))
                                  for n in named}),
        network_objects=MappingProxyType({n: top_level("network", n, project.networks.get(n)) for n in nets}),
        secrets=MappingProxyType({r.source: top_level("secret", r.source, project.secrets.get(r.source))
                                  for r in svc.secrets}),
        configs=MappingProxyType({r.source: top_level("config", r.source, project.configs.get(r.source), secrets)
                                  for r in svc.configs}),
        given=MappingProxyType(dict(given)),
        host_paths=host_paths(svc, project, secrets, read_binds=read_binds, scripts=scripts),
        init_scripts=scripts,
        image=_image(svc),
        env_names=tuple(sorted(svc.environment)),
        has_command=bool(svc.command),
        has_entrypoint=bool(svc.entrypoint),
        mounts=tuple(ComposeMount(mount=m, label=mount_label(m, project.working_dir), data=is_data_mount(m))
                     for m in svc.volumes),
        expose=_words(svc.expose),
        ports=svc.ports,
        secret_refs=svc.secrets,
        config_refs=svc.configs,
        user=svc.user,
        restart=svc.restart,
        restart_attempts=svc.deploy.restart_policy.get("max_attempts") if svc.deploy else None,
        replicas_set=bool(svc.deploy and svc.deploy.replicas is not None),
        working_dir=svc.working_dir,
        builds=svc.build is not None,
        labels=labels,
        tmpfs=_words(svc.tmpfs),
        env_set=tuple(sorted(k for k, v in svc.environment.items() if v)),
        container_name=svc.container_name,
        network_mode=svc.network_mode,
        attachments=tuple(Attachment(network=n, aliases=tuple(a.aliases), static=bool(a.ipv4_address or a.ipv6_address))
                          for n, a in sorted(svc.networks.items()) if a is not None),
        links=_words(svc.links),
        secret_labels=secret_labels,
        location=project.locations.get(svc.name),
        fronts=tuple(sorted(d.service for d in svc.depends_on if d.service in project.services
                            and any(p.published is not None for p in project.services[d.service].ports))),
        **(peers.facts(svc) if peers is not None else {}),
    )
