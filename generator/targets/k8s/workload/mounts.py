"""Compose mounts → pod volumes: bind files → ConfigMaps, named volumes → PVCs, tmpfs → memory emptyDirs.

Host paths (the Docker socket, /proc, /sys, /dev, the runtime's state) are refused with a warning; paths
outside the project and sources c2p cannot copy are refused with a TODO. Nothing is mounted from the node.
"""

from __future__ import annotations

import os
import re

from generator.model import Mount
from generator.plan.model import Volume
from generator.targets.k8s.probes import _mem
from generator.targets.k8s.workload import hostfiles
from generator.targets.k8s.workload.draft import Draft

DEFAULT_SIZE = "10Gi"
_HOST_PATHS = (
    (re.compile(r"^/(var/)?run/docker\.sock$"), True,
     "the Docker socket gives the container root on the node (and most Kubernetes nodes run no Docker daemon): "
     "not carried over; if the service manages containers, give it a ServiceAccount with narrow RBAC on the "
     "Kubernetes API instead"),
    (re.compile(r"^/(proc|sys|dev)(/|$)|^/$"), True,
     "a host kernel filesystem: a hostPath into the node breaks the pod's isolation; not carried over (node agents "
     "and exporters belong in a DaemonSet from their own chart)"),
    (re.compile(r"^/(var/lib/docker|var/run|run|var/log)(/|$)"), True,
     "the node's runtime state: a hostPath ties the pod to one node and exposes the host; not carried over"),
    (re.compile(r"^/etc/(localtime|timezone)$"), False, "the host's time zone: not carried over; set TZ in the environment"),
)


def size_text(nbytes: int) -> str:
    return _mem(nbytes)


def bind_label(path: str, working_dir: str) -> str:
    """./rel for a project file, the absolute path for a host path (never ../../.. chains)."""
    if hostfiles.outside(path, working_dir):
        return path
    rel = os.path.relpath(path, working_dir).replace(os.sep, "/")
    return "." if rel == "." else "./" + rel


def _item(m: Mount, label: str) -> str:
    return f"volume {label}:{m.target}" if label else f"volume {m.target}"


def bind(d: Draft, m: Mount) -> None:
    path = m.source or ""
    label = bind_label(path, d.project.working_dir)
    item = _item(m, label)
    for pattern, warn, reason in _HOST_PATHS:
        if pattern.search(path):
            d.refuse(item, reason, todo=warn, warn=warn)
            return
    if hostfiles.outside(path, d.project.working_dir):
        d.refuse(item, f"{label} is outside the project directory: c2p copies only project files, and a hostPath would "
                       "tie the pod to one node; create a ConfigMap, Secret or volume for it by hand", todo=True)
        return
    build = d.svc.build
    if build is not None and os.path.isabs(build.context) and os.path.realpath(path) == os.path.realpath(build.context):
        d.refuse(item, f"{label} is the service's build context, mounted for live reload: the image already contains "
                       "this code; not carried over")
        return
    read = hostfiles.read_source(path, label, d.project.secrets)
    if read.status == "refused":
        d.refuse(item, read.reason, todo=True)
        return
    base = label.lstrip("./") or "project"
    if read.status == "secret":
        if read.is_dir and not read.flat:
            d.refuse(item, f"{read.reason}; it has subdirectories, which one Secret cannot hold: create the Secrets "
                           "by hand and mount them", todo=True)
            return
        obj = d.project.object_name("secret", label, base)
        key = None if read.is_dir else os.path.basename(path)
        d.volumes.append(Volume(
            name=d.volume_name(base), kind="secret", target=m.target, source=label, object=obj, read_only=True,
            sub_path=key, user_creates=True, origin="directory" if read.is_dir else "file", key=key,
            reason=f"{read.reason}: mounted from Secret {obj}, which you create from {label} (README)"))
        return
    obj = d.project.object_name("config-map", label, base)
    rw = "" if m.read_only else "; read-only (compose mounted it read-write, a ConfigMap cannot be written)"
    d.volumes.append(Volume(
        name=d.volume_name(base), kind="config-map", target=m.target, source=label, object=obj, read_only=True,
        sub_path=None if read.is_dir else read.files[0].key, files=read.files,
        reason=f"ConfigMap {obj}, {read.reason}{rw}"))


def _volume_options(d: Draft, name: str, users: list[str]) -> dict:
    merged = dict((d.project.options.get("volumes") or {}).get(name) or {})
    for user in users:
        merged.update(((d.project.service_options(user).get("volumes") or {}).get(name)) or {})
    return merged


def named(d: Draft, m: Mount) -> None:
    name = m.source or ""
    item = _item(m, name)
    top = d.project.compose.volumes.get(name)
    raw = dict(top.raw) if top is not None else {}
    opts = raw.get("driver_opts") or {}
    if str(opts.get("type", "")).lower() == "tmpfs":
        size = re.search(r"size=(\d+[kmg]?)", str(opts.get("o", "")), re.I)
        from generator.load.units import parse_bytes

        limit = size_text(parse_bytes(size.group(1))) if size else None
        d.volumes.append(Volume(name=d.volume_name(name), kind="empty-dir", target=m.target, source=name, memory=True,
                                size=limit, reason="a tmpfs-backed volume in compose: a memory emptyDir"
                                + (f" of {limit}" if limit else ", bounded by the container's memory limit")))
        return
    if raw.get("external"):
        obj = str(raw.get("name") or name)
        d.volumes.append(Volume(name=d.volume_name(name), kind="claim", target=m.target, source=name, object=obj,
                                read_only=m.read_only, sub_path=m.subpath, user_creates=True,
                                reason=f"external in compose: the PersistentVolumeClaim {obj}, which you create"))
        return
    holders = sorted(s for s in d.project.volume_users(name) if s in d.project.stateful)
    if holders:
        d.refuse(item, f"the volume holds the data of {', '.join(holders)}, which moves to its operator: the app cannot "
                       "mount it in Kubernetes; read that data through the service instead", todo=True, warn=True)
        return
    users = sorted(d.project.volume_users(name))
    opts = _volume_options(d, name, users)
    others = tuple(u for u in users if u != d.name)
    size = str(opts.get("size") or DEFAULT_SIZE)
    source = "override" if opts.get("size") else "default"
    why_size = "set by the user (x-c2p k8s.volumes)" if opts.get("size") else \
        f"compose volumes have no size: {DEFAULT_SIZE}; set x-c2p k8s.volumes.{name}.size"
    obj = d.project.object_name("claim", name, name)
    if others:
        mode = str(opts.get("access_mode") or "ReadWriteMany")
        d.volumes.append(Volume(name=d.volume_name(name), kind="claim", target=m.target, source=name, object=obj,
                                read_only=m.read_only, sub_path=m.subpath, size=size, storage_class=opts.get("storage_class"),
                                access_mode=mode, shared_with=others,
                                reason=f"shared with {', '.join(others)} in compose: one {mode} PersistentVolumeClaim {obj}"))
        if d.name == users[0]:  # one warning per shared volume
            hint = f"StorageClass {opts['storage_class']} must support it" if opts.get("storage_class") else \
                f"set x-c2p k8s.volumes.{name}.storage_class to one that does"
            d.warn(f"volume {name} is shared with {', '.join(others)}: its PersistentVolumeClaim is {mode}, which needs "
                   f"a StorageClass that supports it (NFS, CephFS, EFS, Filestore, Azure Files); {hint}")
    else:
        deployment = d.options.get("workload") == "deployment"
        mode = str(opts.get("access_mode") or "ReadWriteOnce")
        kind = "claim" if deployment else "claim-template"
        d.volumes.append(Volume(name=d.volume_name(name), kind=kind, target=m.target, source=name, object=obj,
                                read_only=m.read_only, sub_path=m.subpath, size=size,
                                storage_class=opts.get("storage_class"), access_mode=mode,
                                reason=("a PersistentVolumeClaim for the Deployment (x-c2p k8s.workload: deployment)"
                                        if deployment else "a volumeClaimTemplate of the StatefulSet: the data survives "
                                        "restarts and rescheduling, as the named volume did")))
    d.note(f"volumes.{name}.size", size, why_size, source)
    if opts.get("storage_class"):
        d.note(f"volumes.{name}.storage_class", opts["storage_class"], "set by the user (x-c2p k8s.volumes)", "override")


def tmpfs(d: Draft, target: str, size: int | None, item: str) -> None:
    if d.mounted_at(target):
        d.refuse(item, f"{target} is already mounted by another compose entry: only the first is carried over")
        return
    limit = size_text(size) if size else None
    d.volumes.append(Volume(name=d.volume_name(target.strip("/") or "tmpfs"), kind="empty-dir", target=target,
                            memory=True, size=limit,
                            reason="tmpfs in compose: a memory emptyDir" + (f" of {limit}" if limit else
                                                                            ", bounded by the container's memory limit")))


def parse_tmpfs(spec: str) -> tuple[str, int | None]:
    from generator.load.units import UnitError, parse_bytes

    target, _, options = spec.partition(":")
    size = None
    for opt in options.split(","):
        key, _, value = opt.partition("=")
        if key.strip() == "size" and value:
            try:
                size = parse_bytes(value)
            except UnitError:
                size = None
    return target, size


def carry(d: Draft) -> None:
    d.handled.update({"volumes", "tmpfs", "volumes_from"})
    for m in d.svc.volumes:
        label = bind_label(m.source or "", d.project.working_dir) if m.type == "bind" else (m.source or "")
        if d.mounted_at(m.target):
            d.refuse(_item(m, label), f"{m.target} is mounted twice in compose: only the first is carried over")
        elif m.type == "bind":
            bind(d, m)
        elif m.type == "volume" and m.source:
            named(d, m)
        elif m.type == "volume":
            d.volumes.append(Volume(name=d.volume_name(m.target.strip("/") or "scratch"), kind="empty-dir",
                                    target=m.target, reason="an anonymous volume: scratch space of this container, an "
                                    "emptyDir (emptied when the pod is replaced, as compose's is on `down -v`)"))
        elif m.type == "tmpfs":
            tmpfs(d, m.target, m.tmpfs_size, f"tmpfs {m.target}")
        else:
            d.refuse(_item(m, label), f"a {m.type} mount has no Kubernetes equivalent in c2p", todo=True)
    for spec in d.svc.tmpfs:
        target, size = parse_tmpfs(spec)
        tmpfs(d, target, size, f"tmpfs {spec}")
    for source in d.svc.raw.get("volumes_from") or ():
        d.refuse(f"volumes_from {source}", "Kubernetes pods cannot share another pod's mounts: mount the same "
                                           "volumes explicitly", todo=True)
