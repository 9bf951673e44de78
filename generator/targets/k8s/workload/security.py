"""user, read_only, capabilities, privileged, security_opt, sysctls, ulimits, shm_size, GPUs → the pod's security
context and resources where Kubernetes can express them; a warning or a "not carried over" entry where not.

The chart's defaults stay hardened (non-root 10001, read-only root, no escalation, ALL capabilities dropped,
seccomp RuntimeDefault); compose's settings become per-app overlays (`pod_security`, `container_security`).
"""

from __future__ import annotations

import re
from typing import Any

from generator.numbers import is_uint
from generator.plan.model import Volume
from generator.targets.k8s.workload.draft import Draft
from generator.targets.k8s.workload.mounts import size_text

# Namespaced sysctls Kubernetes allows by default ("safe"); others need the kubelet's --allowed-unsafe-sysctls.
SAFE_SYSCTLS = frozenset({
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
})
TMP_REASON = ("the root filesystem is read-only: a writable /tmp (1Gi: PHP, Rails and most web servers spool "
              "uploads there, and a pod whose emptyDir passes its sizeLimit is evicted)")
_HOST_NS = {
    "pid": "shares the node's process namespace (pid: host): the container could see and signal every process "
           "on the node",
    "ipc": "shares IPC with the node or another container",
    "userns_mode": "runs in the node's user namespace",
    "uts": "shares the node's hostname namespace",
    "cgroup": "shares the node's cgroup namespace",
}


def _user(d: Draft, pod: dict[str, Any], ctr: dict[str, Any]) -> None:
    user = d.facts.user
    if not user:
        return
    uid, _, gid = user.partition(":")
    # ASCII digits only: '²'.isdigit() is true and int('²') fails; Docker reads '²' as a user *name*
    if not is_uint(uid) or (gid and not is_uint(gid) and gid != "root"):
        d.refuse(f"user {user}", "a user or group name: Kubernetes needs numeric IDs, so the pod runs as UID 10001 "
                                 f"(the chart default); set apps.{d.k8s}.podSecurityContext.runAsUser to the image's "
                                 f"UID for {uid}", todo=True)
        return
    pod["runAsUser"] = int(uid)
    if gid:
        pod["runAsGroup"] = 0 if gid == "root" else int(gid)
        pod["fsGroup"] = pod["runAsGroup"]
    if int(uid) == 0:
        pod["runAsNonRoot"] = ctr["runAsNonRoot"] = False
        d.warn(f"runs as root (user: {user}) as in compose: check whether it really needs to")
    d.note("security.user", user, "from compose `user`: runAsUser/runAsGroup")


def _capabilities(d: Draft, ctr: dict[str, Any]) -> None:
    add = sorted({c.upper().removeprefix("CAP_") for c in d.facts.cap_add})
    drop = sorted({c.upper().removeprefix("CAP_") for c in d.facts.cap_drop})
    if "ALL" in add:
        d.refuse("cap_add ALL", "every capability is as good as privileged: not carried over; add the ones it needs",
                 todo=True, warn=True)
        add = []
    if add:
        ctr["capabilities"] = {"drop": ["ALL"], "add": add}
        d.note("security.cap_add", add, "from compose cap_add; every other capability is still dropped")
    if drop:
        d.note("security.cap_drop", drop, "from compose cap_drop: the pod drops ALL capabilities anyway")


def _security_opt(d: Draft, ctr: dict[str, Any]) -> None:
    for text in d.facts.security_opt:
        parts = re.split(r"[:=]", text, maxsplit=1)
        key, value = parts[0], (parts[1] if len(parts) > 1 else "")
        if key == "no-new-privileges" and value.lower() in ("", "true"):
            d.note("security.no_new_privileges", True, "from compose security_opt: allowPrivilegeEscalation false "
                                                        "(the chart default)")
        elif value == "unconfined":
            d.refuse(f"security_opt {text}", f"turns the {key} profile off: not carried over, the pod keeps "
                                             "RuntimeDefault", warn=True)
        elif key == "seccomp":
            d.refuse(f"security_opt {text}", "a custom seccomp profile must be installed on every node: set "
                                             "seccompProfile {type: Localhost, localhostProfile: …} once it is",
                     todo=True)
        else:
            d.refuse(f"security_opt {text}", f"{key} options (AppArmor, SELinux labels) are node-specific: not carried "
                                             "over; set appArmorProfile / seLinuxOptions in the securityContext")


def _sysctls(d: Draft, pod: dict[str, Any]) -> None:
    safe = []
    for name, value in d.facts.sysctls:  # sorted
        if name in SAFE_SYSCTLS:
            safe.append({"name": name, "value": value})
        else:
            d.refuse(f"sysctl {name}={value}", "not a safe sysctl: Kubernetes refuses the pod unless the kubelet allows "
                                               "it (--allowed-unsafe-sysctls); add it to podSecurityContext.sysctls "
                                               "once your nodes do", todo=True)
    if safe:
        pod["sysctls"] = safe
        d.note("security.sysctls", [s["name"] for s in safe], "from compose sysctls (safe, namespaced)")


def _gpus(d: Draft) -> None:
    devices = [dev for dev in (d.app.resources.devices or ()) if "gpu" in dev.capabilities]
    gpus = d.facts.gpus
    count, notes = 0, []
    for dev in devices:
        if dev.count == "all" or (dev.count is None and not dev.device_ids):
            count, notes = count + 1, notes + ["count all: Kubernetes needs a number, 1 GPU requested"]
        else:
            count += int(dev.count) if isinstance(dev.count, int) else len(dev.device_ids)
        if dev.device_ids:
            notes.append("specific device_ids cannot be chosen: the device plugin assigns GPUs")
    if gpus:
        count = max(count, 1)
        notes.append("gpus: all → 1 GPU")
    if count:
        resource = "amd.com/gpu" if any(dev.driver == "amd" for dev in devices) else "nvidia.com/gpu"
        d.decide("gpu", {"resource": resource, "count": count},
                 f"from the compose GPU reservation ({'; '.join(notes) or 'as reserved'}); needs the GPU device "
                 "plugin on the nodes")
        d.decide("tolerations", [{"key": resource, "operator": "Exists", "effect": "NoSchedule"}],
                 f"GPU nodes are commonly tainted {resource}: the pod tolerates it (harmless where they are not)",
                 "default")
    for dev in d.app.resources.devices or ():
        if "gpu" not in dev.capabilities:
            d.refuse(f"deploy device reservation {', '.join(dev.capabilities)}", "only GPUs map to Kubernetes "
                                                                               "extended resources", todo=True)


def carry(d: Draft) -> None:
    facts = d.facts
    d.handled.update({"user", "group_add", "read_only", "cap_add", "cap_drop", "privileged", "security_opt", "sysctls", "ulimits",
                      "shm_size", "gpus", "devices", *_HOST_NS})
    pod: dict[str, Any] = {}
    ctr: dict[str, Any] = {}
    _user(d, pod, ctr)
    if facts.read_only:
        d.note("security.read_only", True, "from compose read_only: readOnlyRootFilesystem (the chart default)")
    if facts.privileged:
        d.refuse("privileged: true", "a privileged container is root on the node: not carried over; add the "
                                     "capabilities it needs (cap_add) or set securityContext.privileged yourself",
                 todo=True, warn=True)
    _capabilities(d, ctr)
    _security_opt(d, ctr)
    _sysctls(d, pod)
    groups = list(facts.group_add)
    if groups:
        numeric = sorted({int(g) for g in groups if is_uint(g)})
        if numeric:
            pod["supplementalGroups"] = numeric
            d.note("security.group_add", numeric, "from compose group_add: supplementalGroups")
        if len(numeric) < len(set(groups)):
            d.refuse("group_add " + ", ".join(g for g in groups if not is_uint(g)),
                     "group names: Kubernetes needs numeric IDs (podSecurityContext.supplementalGroups)", todo=True)
    if facts.ulimits:
        d.refuse("ulimits " + ", ".join(facts.ulimits), "Kubernetes has no per-pod ulimits: the container "
                                                                  "runtime's defaults on the node apply", todo=True)
    for key, why in _HOST_NS.items():
        value = facts.namespaces.get(key, "")
        if value and value != "private":
            d.refuse(f"{key}: {value}", f"{why}: refused", warn=value == "host", todo=value != "host")
    if facts.shm_size:
        size = size_text(facts.shm_size)
        d.volumes.append(Volume(name=d.volume_name("dshm"), kind="empty-dir", target="/dev/shm", memory=True,
                                size=size, reason=f"compose shm_size {size}: a memory emptyDir at /dev/shm"))
    if facts.devices:
        d.refuse("devices " + ", ".join(facts.devices),
                 "host devices need a device plugin on the nodes: not carried over", todo=True)
    _gpus(d)
    if pod:
        d.settings["pod_security"] = pod
    if ctr:
        d.settings["container_security"] = ctr
    if not d.mounted_at("/tmp"):
        d.volumes.append(Volume(name=d.volume_name("tmp"), kind="empty-dir", target="/tmp", size="1Gi",
                                reason=TMP_REASON))
