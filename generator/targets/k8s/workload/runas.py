"""What a known image needs beyond the chart's hardened defaults, and the unprivileged-port rule for every app.

The chart runs every pod as UID 10001 with a read-only root filesystem and every capability dropped. Images that
need root or write into their own folders at start-up (apache2-foreground, nextcloud's entrypoint, stock nginx) do
not start so. For the images in images.py the pod gets exactly what the image needs — an emptyDir per path it
writes, the UID it needs, the capabilities it uses — with a Decision (reason and source) and a warning naming what
was relaxed. compose's own `user`/`cap_add` win over the table. Unknown images keep the hardened default; the
README says how to relax one.

For every app: a non-root process cannot bind a port below 1024 (capabilities added in a securityContext do not
reach a non-root process's effective set), so a pod listening on e.g. 80 gets the namespaced, "safe" sysctl
net.ipv4.ip_unprivileged_port_start (Kubernetes ≥ 1.22, kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/).
A root pod gets NET_BIND_SERVICE back instead.
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Volume
from generator.targets.k8s import images
from generator.targets.k8s.workload.draft import Draft

UNPRIVILEGED_PORT = "net.ipv4.ip_unprivileged_port_start"
DEFAULT_UID = 10001


def _known(d: Draft, pod: dict[str, Any], ctr: dict[str, Any]) -> None:
    entry = images.for_service(d)
    if entry is None or not (entry.run_as is not None or entry.writable or not entry.read_only_root
                             or entry.capabilities):
        return
    relaxed = []
    if entry.run_as is not None and "runAsUser" not in pod:  # compose's `user` wins
        pod.update({"runAsUser": entry.run_as, "runAsGroup": entry.run_as, "fsGroup": entry.run_as})
        if entry.run_as == 0:
            pod["runAsNonRoot"] = ctr["runAsNonRoot"] = False
            relaxed.append("runs as root")
        else:
            relaxed.append(f"runs as UID {entry.run_as}")
    if not entry.read_only_root:
        ctr["readOnlyRootFilesystem"] = False
        relaxed.append("writable root filesystem")
    if entry.capabilities:
        caps = ctr.get("capabilities") or {"drop": ["ALL"]}
        ctr["capabilities"] = {"drop": ["ALL"], "add": sorted(set(caps.get("add") or ()) | set(entry.capabilities))}
        relaxed.append("capabilities " + ", ".join(entry.capabilities))
    paths = [p for p in entry.writable if entry.read_only_root and not d.mounted_at(p)]
    for path in paths:
        d.volumes.append(Volume(name=d.volume_name(path.strip("/").replace("/", "-")), kind="empty-dir", target=path,
                                size=_size(path), reason=f"{entry.name} writes here at start-up (read-only root "
                                                    "filesystem): an emptyDir"))
    if paths:
        relaxed.append("writable " + ", ".join(paths) + " (emptyDir)")
    d.decide("security.image", {"image": entry.name, "relaxed": relaxed},
             f"{entry.why}; relaxed only that (source: {entry.source})", source="default")
    hint = f"; or use {entry.suggest}" if entry.suggest else ""
    d.warn(f"image {entry.name} does not start under the hardened defaults: {'; '.join(relaxed)} ({entry.why})"
           f"{hint}")


def _low_ports(d: Draft, pod: dict[str, Any], ctr: dict[str, Any]) -> None:
    low = sorted({p.target for p in d.app.ports if p.target < 1024 and p.protocol == "tcp"})
    if not low or d.app.job:
        return
    if pod.get("runAsUser", DEFAULT_UID) == 0:
        caps = ctr.get("capabilities") or {"drop": ["ALL"]}
        if "NET_BIND_SERVICE" not in (caps.get("add") or ()):
            ctr["capabilities"] = {"drop": ["ALL"], "add": sorted(set(caps.get("add") or ()) | {"NET_BIND_SERVICE"})}
            d.note("security.net_bind_service", True, f"runs as root and listens on {low[0]}: NET_BIND_SERVICE "
                                                      "(every other capability stays dropped)")
        return
    sysctls = [s for s in pod.get("sysctls") or () if s["name"] != UNPRIVILEGED_PORT]
    pod["sysctls"] = sysctls + [{"name": UNPRIVILEGED_PORT, "value": str(low[0])}]
    d.decide("security.unprivileged_port_start", low[0],
             f"listens on port {low[0]} as a non-root UID, which Linux allows only from "
             f"{UNPRIVILEGED_PORT} up: the pod sets it to {low[0]} (a namespaced sysctl Kubernetes allows by default)",
             source="default")


def carry(d: Draft) -> None:
    """After security.carry (compose's user/cap_add) and network.carry (the ports, inferred ones included)."""
    pod = dict(d.settings.get("pod_security") or {})
    ctr = dict(d.settings.get("container_security") or {})
    _known(d, pod, ctr)
    _low_ports(d, pod, ctr)
    if pod:
        d.settings["pod_security"] = pod
    if ctr:
        d.settings["container_security"] = ctr


def _size(path: str) -> str:
    """A cache or temp folder buffers request bodies and proxied responses (nginx client_body_temp, proxy_temp):
    1Gi like /tmp, since a pod whose emptyDir passes its sizeLimit is evicted; run/pid/lock folders stay small."""
    return "1Gi" if any(w in path for w in ("cache", "tmp", "temp")) else "64Mi"
