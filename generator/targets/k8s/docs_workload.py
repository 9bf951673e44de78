"""README context for the app services' mounts, the Secrets/ConfigMaps the user creates, and what is not carried."""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Volume
from generator.render.escape import Raw, one_line, sh_var, sh_word
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.workload.security import TMP_REASON

_KIND = {"secret": "Secret", "config-map": "ConfigMap", "claim": "PersistentVolumeClaim"}


def rwx_claims(plan: Plan) -> list[str]:
    """ReadWriteMany claims still naming the placeholder class (review k8s #15): the README asks for a class."""
    from generator.targets.k8s.workload.claims import RWX_PLACEHOLDER

    return sorted({v.object for a in plan.apps for v in a.volumes if v.storage_class == RWX_PLACEHOLDER and v.object})


def _what(v: Volume) -> str:
    if v.kind == "config-map" and v.origin == "release-ca":
        return f"ConfigMap `{v.object}` (the release CA's public certificate, key {v.key})"
    if v.kind == "config-map":
        return f"ConfigMap `{v.object}`" + (" (you create it)" if v.user_creates else f" (chart `files/{v.object}/`)")
    if v.kind == "secret":
        return f"Secret `{v.object}` (you create it)"
    if v.kind == "claim":
        extra = "you create it" if v.user_creates else f"{v.size}, {v.access_mode}"
        return f"PersistentVolumeClaim `{v.object}` ({extra})"
    if v.kind == "claim-template":
        return f"volumeClaimTemplate `{v.name}` ({v.size}, {v.access_mode})"
    return "emptyDir" + (" (memory" + (f", {v.size})" if v.size else ")") if v.memory else (f" ({v.size})" if v.size else ""))


def _command(v: Volume) -> Raw:
    """The kubectl line that creates one object: every value one shell word (sh_word), an env var name validated."""
    kind = "secret generic" if v.kind == "secret" else "configmap"
    base = f'kubectl -n "$NAMESPACE" create {kind} {sh_word(v.object)}'
    if v.origin == "directory":
        return Raw(f"{base} --from-file={sh_word(str(v.source) + '/')}")
    if v.origin == "environment":
        return Raw(f'{base} --from-literal={sh_word(str(v.key) + "=")}"${sh_var(v.source)}"')
    return Raw(f"{base} --from-file={sh_word(f'{v.key}={v.source}')}")


def creates(plan: Plan) -> list[dict[str, str]]:
    """The objects the user makes before installing the chart (never with a value from compose)."""
    out: dict[str, dict[str, str]] = {}
    for app in sorted(plan.apps, key=lambda a: a.name):
        for v in app.volumes:
            if not v.user_creates or not v.object or (v.kind, v.object) in out or v.origin == "release-ca":
                continue  # the release CA's ConfigMap is made with the certificates (targets/k8s/tls.py)
            if v.origin == "external":
                key = f", with the key {v.key}" if v.key else ""
                line = Raw(f"# {_KIND.get(v.kind, v.kind)} {one_line(v.object)}: external in compose, it must exist "
                           f"already{one_line(key)}")
            elif v.kind == "claim":
                continue
            else:
                line = _command(v)
            out[(v.kind, v.object)] = {"line": line, "for": app.name}
    return list(out.values())


def mounts(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for app in sorted(plan.apps, key=lambda a: a.name):
        items = [{"target": v.target, "what": _what(v), "reason": v.reason} for v in app.volumes]
        if any(v.reason != TMP_REASON for v in app.volumes):  # more than the chart's own /tmp
            rows.append({"name": app.name, "workload": app.workload, "mounts": items})
    return rows


def not_carried(plan: Plan) -> list[dict[str, Any]]:
    groups: dict[str, list] = {}
    for nc in plan.not_carried:
        groups.setdefault(nc.service, []).append(nc)
    return [{"service": name, "entries": items} for name, items in groups.items()]


def _runs_as(app) -> tuple[int, int]:
    """(UID, GID) the app's pod runs as: its podSecurityContext overlay over the chart's defaults (10001:10001)."""
    from generator.targets.k8s.workload.runas import DEFAULT_UID

    pod = app.settings.get("pod_security") or {}
    return int(pod.get("runAsUser", DEFAULT_UID)), int(pod.get("runAsGroup", DEFAULT_UID))


def _owner(app, others: list) -> dict[str, Any]:
    """Who must own the copied files. Compose's files keep the compose host's owners (the image's users under
    Docker); a pod running as 10001 (or a known image's UID) cannot write files owned by another UID, and fsGroup
    does not fix it on ReadWriteMany claims: the kubelet applies fsGroup only to ReadWriteOnce volumes with a
    filesystem type (CSIDriver fsGroupPolicy ReadWriteOnceWithFSType, the default;
    kubernetes-csi.github.io/docs/support-fsgroup.html). So the copy helper (root) chowns to the pod's UID:GID. A
    pod that runs as root keeps compose's owners: its entrypoint switches to the image's own users, as under Docker."""
    uid, gid = _runs_as(app)
    root = [a.name for a in [app, *others] if _runs_as(a)[0] == 0]
    if root:
        return {"chown": None, "root": root, "differ": []}
    differ = sorted(f"{o.name} ({':'.join(map(str, _runs_as(o)))})" for o in others if _runs_as(o) != (uid, gid))
    return {"chown": f"{uid}:{gid}", "root": None, "differ": differ}


def copies(plan: Plan) -> list[dict[str, Any]]:
    """MIGRATION.md: each compose named volume or writable data folder an app keeps, and the claim its data is copied
    into (never dropped silently), with the owner the pod needs (item 3 of issue 11's leftovers)."""
    out, seen = [], set()
    by_name = {a.name: a for a in plan.apps}
    for app in sorted(plan.apps, key=lambda a: a.name):
        for v in app.volumes:
            if v.kind not in ("claim", "claim-template") or v.user_creates or not v.source:
                continue
            pvc = f"{v.name}-{k8s_name(app.name)}-0" if v.kind == "claim-template" else v.object
            if pvc in seen:
                continue
            seen.add(pvc)
            bind = v.origin in ("bind", "bind-missing")
            if bind:  # a project folder (review k8s #9): docker reads it as root, so every file is read
                mount = Raw('"$PWD"/' + sh_word(f"{v.source.removeprefix('./')}:/from:ro"))
            else:
                mount = sh_word(f"{plan.project}_{v.source}:/from:ro")
            others = [by_name[n] for n in v.shared_with if n in by_name]
            out.append({"app": app.name, "k8s": k8s_name(app.name), "kind": _kind(app), "replicas": _replicas(app),
                        "pvc": pvc, "volume": v.source, "mount": mount, "bind": bind, "target": v.target,
                        "missing": v.origin == "bind-missing", "folder": v.source.removeprefix("./"),
                        "helper": k8s_name(f"copy-{v.source.removeprefix('./')}"), "shared": list(v.shared_with),
                        "also": [{"k8s": k8s_name(o.name), "kind": _kind(o), "replicas": _replicas(o)}
                                 for o in others if not o.job],
                        **_owner(app, others)})
    return out


def _kind(app) -> str:
    return {"statefulset": "statefulset", "job": "job"}.get(app.workload, "deployment")


def _replicas(app) -> int:
    return app.settings.get("replicas", app.replicas)


def context(plan: Plan) -> dict[str, Any]:
    return {"creates": creates(plan), "mounts": mounts(plan), "not_carried": not_carried(plan),
            "todo": sum(1 for nc in plan.not_carried if nc.todo), "copies": copies(plan), "rwx": rwx_claims(plan)}
