"""Named volumes of app services → PersistentVolumeClaims: a StatefulSet's volumeClaimTemplate for a volume one
service uses, one ReadWriteMany claim for a volume several share, a memory emptyDir for a tmpfs-driver volume,
the user's claim for an external one. Sizes and storage classes come from x-c2p k8s.volumes."""

from __future__ import annotations

from generator.model import Mount
from generator.plan.facts import TopLevel
from generator.plan.model import Volume
from generator.targets.k8s.workload.draft import Draft

DEFAULT_SIZE = "10Gi"
# A ReadWriteMany claim names this class until the user picks one that supports RWX: a valid class name (the API server
# accepts the claim; it waits with "storageclass … not found"), never the default class, which on EKS/GKE is RWO only.
RWX_PLACEHOLDER = "fill-in-rwx-storage-class"


def _volume_options(d: Draft, name: str, users: list[str]) -> dict:
    merged = dict((d.project.options.get("volumes") or {}).get(name) or {})
    for user in users:
        merged.update(((d.project.service_options(user).get("volumes") or {}).get(name)) or {})
    return merged


def named(d: Draft, m: Mount) -> None:
    name = m.source or ""
    item = f"volume {name}:{m.target}"
    top = d.facts.volumes.get(name) or TopLevel(name=name)
    if top.tmpfs:
        from generator.load.units import parse_bytes
        from generator.targets.k8s.probes import _mem

        limit = _mem(parse_bytes(top.tmpfs_size)) if top.tmpfs_size else None
        d.volumes.append(Volume(name=d.volume_name(name), kind="empty-dir", target=m.target, source=name, memory=True,
                                size=limit, reason="a tmpfs-backed volume in compose: a memory emptyDir"
                                + (f" of {limit}" if limit else ", bounded by the container's memory limit")))
        return
    if top.external:
        obj = top.real_name or name
        d.volumes.append(Volume(name=d.volume_name(name), kind="claim", target=m.target, source=name, object=obj,
                                read_only=m.read_only, sub_path=m.subpath, user_creates=True,
                                reason=f"external in compose: the PersistentVolumeClaim {obj}, which you create"))
        return
    _claim(d, m, name, list(top.users), item, f"named volume {name}", origin="")


def bind_folder(d: Draft, m: Mount, label: str, missing: bool = False) -> None:
    """A writable project folder that holds data (classify.volumes.is_data_mount: uploads, media, …) becomes a claim
    like a named volume (review k8s #9): a ConfigMap is read-only and a copy taken at generate time would drop what
    the app writes. MIGRATION.md copies the folder's files in. `missing`: the folder did not exist at generate time
    (compose creates it empty on `up`, mounts.py): origin "bind-missing", copied only if the compose host has it."""
    what = f"project folder {label}" + (" (missing at generate time: compose creates it empty on `up`, and the "
                                        "containers write to it)" if missing else "")
    users = d.facts.host_paths[m.source].users if m.source in d.facts.host_paths else ()
    _claim(d, m, label, list(users), f"volume {label}:{m.target}", what,
           origin="bind-missing" if missing else "bind")


def _claim(d: Draft, m: Mount, name: str, users: list[str], item: str, what: str, origin: str) -> None:
    holders = sorted(s for s in users if s in d.project.stateful)
    if holders:
        d.refuse(item, f"the volume holds the data of {', '.join(holders)}, which moves to its operator: the app cannot "
                       "mount it in Kubernetes; read that data through the service instead", todo=True, warn=True)
        return
    opts = _volume_options(d, name, users)
    key = f'volumes["{name}"]' if origin else f"volumes.{name}"  # a folder's key (./media) is quoted
    others = tuple(u for u in users if u != d.name)
    size = str(opts.get("size") or DEFAULT_SIZE)
    source = "override" if opts.get("size") else "default"
    why_size = "set by the user (x-c2p k8s.volumes)" if opts.get("size") else \
        f"compose volumes have no size: {DEFAULT_SIZE}; set x-c2p k8s.{key}.size"
    obj = d.project.object_name("claim", name, name.lstrip("./") or "project")
    if others:
        mode = str(opts.get("access_mode") or "ReadWriteMany")
        storage_class = opts.get("storage_class")
        if mode == "ReadWriteMany" and not storage_class:
            storage_class = RWX_PLACEHOLDER  # review k8s #15: the default class would leave the claim Pending
        d.volumes.append(Volume(name=d.volume_name(name.lstrip("./") or "project"), kind="claim", target=m.target,
                                source=name, object=obj, read_only=m.read_only, sub_path=m.subpath, size=size,
                                storage_class=storage_class, access_mode=mode, shared_with=others, origin=origin,
                                reason=f"{what}, shared with {', '.join(others)} in compose: one {mode} "
                                       f"PersistentVolumeClaim {obj}"))
        if d.name == users[0]:  # one warning per shared volume
            hint = f"StorageClass {opts['storage_class']} must support it" if opts.get("storage_class") else \
                (f"FILL IN persistentVolumeClaims.{obj}.storageClass in the chart's values (it says {RWX_PLACEHOLDER}) "
                 f"or set x-c2p k8s.{key}.storage_class; the default classes of EKS (EBS) and GKE "
                 "(Persistent Disk) are ReadWriteOnce only, and the claim would stay Pending")
            own = ("; the kubelet does not apply fsGroup to ReadWriteMany claims (CSI fsGroupPolicy "
                   "ReadWriteOnceWithFSType, the default), so the claim's folder must be owned by the UID the pods run as: "
                   "MIGRATION.md's copy step chowns it" if mode == "ReadWriteMany" else "")
            d.warn(f"{what} is shared with {', '.join(others)}: its PersistentVolumeClaim is {mode}, which needs "
                   f"a StorageClass that supports it (NFS, CephFS, EFS, Filestore, Azure Files); {hint}{own}")
    else:
        deployment = d.options.get("workload") == "deployment"
        mode = str(opts.get("access_mode") or "ReadWriteOnce")
        kind = "claim" if deployment else "claim-template"
        d.volumes.append(Volume(name=d.volume_name(name.lstrip("./") or "project"), kind=kind, target=m.target,
                                source=name, object=obj, read_only=m.read_only, sub_path=m.subpath, size=size,
                                storage_class=opts.get("storage_class"), access_mode=mode, origin=origin,
                                reason=(f"{what}: " if origin else "") + (
                                    "a PersistentVolumeClaim for the Deployment (x-c2p k8s.workload: deployment)"
                                    if deployment else "a volumeClaimTemplate of the StatefulSet: the data survives "
                                    "restarts and rescheduling, as the " + ("folder on the host" if origin else
                                                                            "named volume") + " did")))
    d.note(f"{key}.size", size, why_size, source)
    if opts.get("storage_class"):
        d.note(f"{key}.storage_class", opts["storage_class"], "set by the user (x-c2p k8s.volumes)", "override")
