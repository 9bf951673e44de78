"""Compose `secrets` and `configs` → Secret / ConfigMap volumes mounted where compose mounts them.

A secret's content is never read: the Secret is created by the user (README: `kubectl create secret`), from
the same file or environment variable compose used. A config's file or inline content is copied into a
ConfigMap at generate time, unless it looks like a secret.
"""

from __future__ import annotations

from generator.model import FileRef
from generator.plan.facts import HostRead, TopLevel
from generator.plan.model import FileContent, Volume
from generator.plan import hostfiles
from generator.targets.k8s.workload.draft import Draft
from generator.targets.k8s.workload.mounts import host


def _target(ref: FileRef, default_dir: str) -> str:
    target = ref.target or ref.source
    return target if target.startswith("/") else f"{default_dir}/{target}"


def _ownership(d: Draft, what: str, ref: FileRef) -> None:
    if ref.uid or ref.gid:
        d.refuse(f"{what} {ref.source} uid/gid", "Kubernetes mounts Secret and ConfigMap files owned by root with the "
                                                  "pod's fsGroup: set podSecurityContext.fsGroup if the owner matters")


def _user_made(d: Draft, kind: str, ref: FileRef, top: TopLevel, target: str, what: str) -> None:
    source = ref.source
    if top.external:
        obj, origin, src = top.real_name or source, "external", None
    elif top.environment:
        obj, origin, src = d.project.object_name(kind, f"{what}:{source}", source), "environment", top.environment
    else:
        path = top.file or ""
        obj, origin, src = d.project.object_name(kind, f"{what}:{source}", source), "file", \
            host(d, path).label if path else None
    how = {"external": f"external in compose: the {'Secret' if kind == 'secret' else 'ConfigMap'} {obj} must exist, "
                       f"with the key {source}",
           "environment": f"from ${src} in compose: you create {obj} from that variable (README)",
           "file": f"you create {obj} from {src} (README); c2p never copies its content"}[origin]
    d.volumes.append(Volume(name=d.volume_name(f"{what}-{source}"), kind=kind, target=target, source=src or source,
                            object=obj, read_only=True, sub_path=source,
                            user_creates=True, origin=origin, key=source, mode=ref.mode,
                            reason=f"compose {what} {source}: {how}"))


def secrets(d: Draft) -> None:
    d.handled.add("secrets")
    for ref in d.facts.secret_refs:
        top = d.facts.secrets.get(ref.source) or TopLevel(name=ref.source)
        target = _target(ref, "/run/secrets")
        if d.mounted_at(target):
            d.refuse(f"secret {ref.source}", f"{target} is already mounted: only the first is carried over")
            continue
        _user_made(d, "secret", ref, top, target, "secret")
        _ownership(d, "secret", ref)


def configs(d: Draft) -> None:
    d.handled.add("configs")
    for ref in d.facts.config_refs:
        top = d.facts.configs.get(ref.source) or TopLevel(name=ref.source)
        target = _target(ref, "")
        item = f"config {ref.source}"
        if d.mounted_at(target):
            d.refuse(item, f"{target} is already mounted: only the first is carried over")
            continue
        _ownership(d, "config", ref)
        if top.external or top.environment:
            _user_made(d, "config-map", ref, top, target, "config")
            continue
        key = hostfiles.config_key(ref.source, set())
        if top.content_secret:  # the plan stage did not keep it (plan/gather.py)
            d.refuse(item, f"{top.content_secret}: not copied; create a Secret with it by hand and mount it at "
                           f"{target}", todo=True, warn=True)
            continue
        if top.content is not None:
            files, reason = (FileContent(key=key, path=key, content=top.content),), "inline content in compose, copied"
        else:
            path = top.file or ""
            found = host(d, path)
            label = found.label
            read = found.read if found.is_file and found.read is not None else HostRead(
                "refused", f"{label} is not a file at generate time: nothing to copy; create the ConfigMap by hand")
            if read.status == "secret":
                _user_made(d, "secret", ref, top, target, "config")
                continue
            if read.status == "refused":
                d.refuse(item, read.reason, todo=True)
                continue
            files, reason = (FileContent(key=key, path=key, content=read.files[0].content),), read.reason
        if not d.project.room_for("config-map", f"config:{ref.source}", files):
            d.refuse(item, f"it would take the chart's copied files past {hostfiles.MAX_CHART // 1024} KiB (Helm keeps "
                           "a release in one 1 MiB Secret): create this ConfigMap by hand", todo=True)
            continue
        obj = d.project.object_name("config-map", f"config:{ref.source}", ref.source)
        d.volumes.append(Volume(name=d.volume_name(f"config-{ref.source}"), kind="config-map", target=target,
                                source=ref.source, object=obj, read_only=True, sub_path=key, files=files, mode=ref.mode,
                                reason=f"compose config {ref.source}: ConfigMap {obj}, {reason}"))
