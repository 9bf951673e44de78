"""Render stage: an App's workload decisions (plan settings and volumes) as app chart values. No decisions here.

Per app: workload, volumes / volumeMounts / volumeClaimTemplates, pod and container extras, security overlays,
ingress, network peers, hook. Chart-wide: the ConfigMaps c2p fills from files/ and the shared PVCs.
"""

from __future__ import annotations

from typing import Any

from generator.imageref import parse_image
from generator.plan.model import App, Plan, Volume, to_dict

WORKLOAD = {"deployment": "Deployment", "statefulset": "StatefulSet", "job": "Job"}


def file_path(obj: str, key: str) -> str:
    """Where a ConfigMap's key lives inside the chart (read by the configmap template with .Files.Get)."""
    return f"files/{obj}/{key}"


def _pod_volume(v: Volume) -> dict[str, Any] | None:
    mode = {"defaultMode": v.mode} if v.mode is not None else {}
    if v.kind == "config-map":
        items = [{"key": f.key, "path": f.path} for f in v.files if f.key != f.path and v.sub_path is None]
        return {"name": v.name, "configMap": {"name": v.object, **({"items": items} if items else {}), **mode}}
    if v.kind == "secret":
        return {"name": v.name, "secret": {"secretName": v.object, **mode}}
    if v.kind == "claim":
        return {"name": v.name, "persistentVolumeClaim": {"claimName": v.object}}
    if v.kind == "empty-dir":
        spec = {}
        if v.memory:
            spec["medium"] = "Memory"
        if v.size:
            spec["sizeLimit"] = v.size
        return {"name": v.name, "emptyDir": spec}
    return None  # claim-template: the StatefulSet makes it


def _mount(v: Volume) -> dict[str, Any]:
    out: dict[str, Any] = {"name": v.name, "mountPath": v.target}
    if v.sub_path:
        out["subPath"] = v.sub_path
    if v.read_only:
        out["readOnly"] = True
    return out


def volumes(app: App) -> dict[str, Any]:
    vols = app.volumes
    if not app.workload:  # a plan made without the k8s app decisions: the read-only root still needs a /tmp
        vols = (Volume(name="tmp", kind="empty-dir", target="/tmp", size="1Gi"),)
    pod = [p for p in (_pod_volume(v) for v in vols) if p is not None]
    templates = [{"name": v.name, "size": v.size, "storageClass": v.storage_class or "",
                  "accessModes": [v.access_mode or "ReadWriteOnce"]} for v in app.volumes if v.kind == "claim-template"]
    out: dict[str, Any] = {"volumes": pod, "volumeMounts": [_mount(v) for v in vols]}
    if templates:
        out["volumeClaimTemplates"] = templates
    return out


def pod_extras(app: App) -> tuple[dict[str, Any], dict[str, Any]]:
    """(pod spec extras, container extras) from the plan's settings, in Kubernetes field names."""
    st = app.settings
    pod: dict[str, Any] = {}
    if st.get("share_process_namespace"):
        pod["shareProcessNamespace"] = True
    if st.get("termination_grace_seconds") is not None:
        pod["terminationGracePeriodSeconds"] = st["termination_grace_seconds"]
    if st.get("node_selector"):
        pod["nodeSelector"] = dict(st["node_selector"])
    if st.get("tolerations"):
        pod["tolerations"] = [dict(t) for t in st["tolerations"]]
    if st.get("host_aliases"):
        pod["hostAliases"] = [dict(h) for h in st["host_aliases"]]
    ctr: dict[str, Any] = {}
    if st.get("working_dir"):
        ctr["workingDir"] = st["working_dir"]
    hooks = {k: {"exec": {"command": list(st[f"lifecycle.{k}"])}} for k in ("postStart", "preStop")
             if st.get(f"lifecycle.{k}")}
    if hooks:
        ctr["lifecycle"] = hooks
    return pod, ctr


def extend(plan: Plan, app: App, entry: dict[str, Any]) -> None:
    """Add the workload keys to one app's values entry (built by app_values.app_entry)."""
    st = app.settings
    workload = app.workload or ("job" if app.job else "deployment")  # a plan made without the k8s app decisions
    if "image_placeholder" in st:
        ref = parse_image(st["image_placeholder"])
        entry["image"].update({"repository": ref.repository, "tag": ref.tag or ""})
    if st.get("pull_policy"):
        entry["image"]["pullPolicy"] = st["pull_policy"]
    gpu = st.get("gpu")
    if gpu:
        entry["resources"].setdefault("limits", {})[gpu["resource"]] = gpu["count"]
    entry["podSecurityContext"] = to_dict(st.get("pod_security") or {})
    entry["securityContext"] = to_dict(st.get("container_security") or {})
    entry.update(volumes(app))
    pod, ctr = pod_extras(app)
    entry["pod"], entry["container"] = pod, ctr
    entry["podAnnotations"] = dict(st.get("pod_annotations") or {})
    public = st.get("service.public_ports") if app.workload else sorted({p.target for p in app.ports if p.published})
    allow = st.get("network.allow_from") or []
    entry["network"] = {"publicPorts": list(public or []),
                        "allowFrom": [] if allow in ("all-apps", "release-any-port") else list(allow),
                        "allowRelease": allow == "all-apps"}
    if allow == "release-any-port":  # reached on a port c2p could not find (workload/reach.py): not deny-all
        entry["network"]["allowReleaseAnyPort"] = True
    if st.get("network.egress"):
        entry["network"]["egress"] = st["network.egress"]
    entry["waitFor"] = entry["waitFor"] + [dict(w) for w in st.get("wait_for_apps") or ()]
    if workload == "job":
        entry["hook"] = st.get("hook", "pre-install,pre-upgrade")
        entry["backoffLimit"] = st.get("backoff_limit", entry.get("backoffLimit", 2))
        return
    entry["workload"] = WORKLOAD[workload]
    if st.get("enabled") is False:  # a TLS proxy that fetches its own certificates (workload/acme_proxy.py)
        entry["enabled"] = False
    if "replicas" in st:
        entry["replicas"] = st["replicas"]
    if st.get("strategy"):
        entry["strategy"] = {"type": st["strategy"]}
    if st.get("ingress"):
        entry["ingress"] = {"enabled": False, "className": "", "host": "", "path": "/", "port": st["ingress"]["port"],
                            "tlsSecret": ""}


def chart_objects(plan: Plan) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(configMaps values, persistentVolumeClaims values, files/ of the chart) over every app."""
    config_maps: dict[str, Any] = {}
    claims: dict[str, Any] = {}
    files: dict[str, str] = {}
    for app in sorted(plan.apps, key=lambda a: a.name):
        for v in app.volumes:
            if v.kind == "config-map" and not v.user_creates and v.object:
                entry = config_maps.setdefault(v.object, {"files": {f.key: file_path(v.object, f.key) for f in v.files}})
                if app.workload == "job" and str(app.settings.get("hook", "")).startswith("pre-"):
                    entry["hook"] = True  # a pre-install Job needs it before the release's own resources exist
                for f in v.files:
                    files[file_path(v.object, f.key)] = f.content
            elif v.kind == "claim" and not v.user_creates and v.object:
                claims[v.object] = {"size": v.size, "storageClass": v.storage_class or "",
                                    "accessModes": [v.access_mode or "ReadWriteOnce"]}
    return dict(sorted(config_maps.items())), dict(sorted(claims.items())), files
