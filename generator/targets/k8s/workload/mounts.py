"""Compose mounts → pod volumes: bind files → ConfigMaps, named volumes and writable data folders → PVCs, tmpfs →
memory emptyDirs.

Host paths (the Docker socket, /proc, /sys, /dev, the runtime's state) are refused with a warning; paths
outside the project and sources c2p cannot copy are refused with a TODO. Nothing is mounted from the node.
"""

from __future__ import annotations

import os
import re

from generator.classify.volumes import is_config_target, is_scratch_target
from generator.model import Mount
from generator.plan import hostfiles
from generator.plan.facts import ComposeMount, HostPath
from generator.plan.model import Volume
from generator.targets.k8s.probes import _mem
from generator.targets.k8s.workload import claims
from generator.targets.k8s.workload.draft import Draft

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


def host(d: Draft, path: str) -> HostPath:
    """What the plan stage found at a host path this service uses (plan/hostpaths.py)."""
    found = d.facts.host_paths.get(path)
    return found if found is not None else HostPath(path=path, label=path, outside=True, exists=False, is_dir=False,
                                                    is_file=False)


def _item(m: Mount, label: str) -> str:
    return f"volume {label}:{m.target}" if label else f"volume {m.target}"


def bind(d: Draft, cm: ComposeMount) -> None:
    m = cm.mount
    path = m.source or ""
    found = host(d, path)
    label = found.label
    item = _item(m, label)
    for pattern, warn, reason in _HOST_PATHS:
        if pattern.search(path):
            d.refuse(item, reason, todo=warn, warn=warn)
            return
    if found.outside:
        d.refuse(item, f"{label} is outside the project directory: c2p copies only project files, and a hostPath would "
                       "tie the pod to one node; create a ConfigMap, Secret or volume for it by hand", todo=True)
        return
    if found.build_context:
        d.refuse(item, f"{label} is the service's build context, mounted for live reload: the image already contains "
                       "this code; not carried over")
        return
    missing = not found.exists
    if cm.data and (found.is_dir or missing):
        claims.bind_folder(d, m, label, missing=missing)  # writable data: a claim, never a read-only copy (review k8s #9)
        return
    if missing and not m.read_only and not is_config_target(m.target):
        _missing_folder(d, m, label)
        return
    read = found.read  # read by the plan stage (plan/hostpaths.py)
    if read is None or read.status == "refused":
        d.refuse(item, read.reason if read else f"{label} was not read at generate time", todo=True)
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
    if not d.project.room_for("config-map", label, read.files):
        d.refuse(item, f"{label} would take the chart's copied files past {hostfiles.MAX_CHART // 1024} KiB (Helm keeps "
                       "a release in one 1 MiB Secret): create this ConfigMap by hand, or bake the files into the image",
                 todo=True)
        return
    obj = d.project.object_name("config-map", label, base)
    rw = "" if m.read_only else "; read-only (compose mounted it read-write, a ConfigMap cannot be written)"
    d.volumes.append(Volume(
        name=d.volume_name(base), kind="config-map", target=m.target, source=label, object=obj, read_only=True,
        sub_path=None if read.is_dir else read.files[0].key, files=read.files,
        reason=f"ConfigMap {obj}, {read.reason}{rw}"))


def _missing_folder(d: Draft, m: Mount, label: str) -> None:
    """A writable bind of a host folder that does not exist at generate time: `docker compose up` creates it empty, so
    all it can ever hold is what the containers write there — data (uploads, media: a claim, shared like a named
    volume), or scratch (logs, caches: an emptyDir). Config targets (/etc, *.conf) stay a TODO: the user was meant to
    put files there."""
    if is_scratch_target(m.target):
        d.volumes.append(Volume(name=d.volume_name(label.lstrip("./") or "scratch"), kind="empty-dir", target=m.target,
                                source=label, reason=f"{label} does not exist at generate time (compose creates it empty "
                                                     "on `up`) and is scratch space (logs, cache): an emptyDir"))
        return
    claims.bind_folder(d, m, label, missing=True)


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
    for cm in d.facts.mounts:
        m = cm.mount
        label = host(d, m.source or "").label if m.type == "bind" else (m.source or "")
        if d.mounted_at(m.target):
            d.refuse(_item(m, label), f"{m.target} is mounted twice in compose: only the first is carried over")
        elif m.type == "bind":
            bind(d, cm)
        elif m.type == "volume" and m.source:
            claims.named(d, m)
        elif m.type == "volume":
            d.volumes.append(Volume(name=d.volume_name(m.target.strip("/") or "scratch"), kind="empty-dir",
                                    target=m.target, reason="an anonymous volume: scratch space of this container, an "
                                    "emptyDir (emptied when the pod is replaced, as compose's is on `down -v`)"))
        elif m.type == "tmpfs":
            tmpfs(d, m.target, m.tmpfs_size, f"tmpfs {m.target}")
        else:
            d.refuse(_item(m, label), f"a {m.type} mount has no Kubernetes equivalent in c2p", todo=True)
    for spec in d.facts.tmpfs:
        target, size = parse_tmpfs(spec)
        tmpfs(d, target, size, f"tmpfs {spec}")
    for source in d.facts.volumes_from:
        d.refuse(f"volumes_from {source}", "Kubernetes pods cannot share another pod's mounts: mount the same "
                                           "volumes explicitly", todo=True)
