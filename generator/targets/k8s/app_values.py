"""The app chart's values: one entry per app service (Deployment + Service, or a hook Job).

Everything the chart templates print comes from here; issue-7 features (volumes, configs, secrets,
networks) extend an app's entry with new keys and the chart templates with the matching blocks.
"""

from __future__ import annotations

import re
from typing import Any

from generator.plan.model import App, Plan
from generator.targets.k8s import app_workload, probes, shared_env, versions as V
from generator.targets.k8s.common import k8s_name
from generator.render.escape import k8s_literal
from generator.targets.k8s.envwire import wire
from generator.targets.k8s.mapping import mapping_of
from generator.targets.k8s.values_schema import DNS_NAME


def _image(app: App) -> dict[str, str]:
    image = app.image or f"{k8s_name(app.name)}:CHANGE-ME"
    digest = ""
    if "@" in image:
        image, digest = image.split("@", 1)
    repo, tag = image, ""
    if ":" in image.rsplit("/", 1)[-1]:
        repo, tag = image.rsplit(":", 1)
    return {"repository": repo, "tag": tag or "latest", "digest": digest, "pullPolicy": "Always"}


def checkov_skips(app: App, entry: dict[str, Any]) -> dict[str, str]:
    """Checkov findings this workload keeps on purpose, each with the reason a reviewer reads."""
    skips = {
        "CKV_K8S_21": "the namespace is chosen at install time (helm -n); the chart never hardcodes one",
        "CKV_K8S_35": "the app reads its connection strings from env as in compose (no code change); values come from Secrets via secretKeyRef",
    }
    if not entry["image"]["digest"]:
        skips["CKV_K8S_43"] = "pinned by tag; set image.digest to pin by digest"
    if entry["image"]["tag"] in ("latest", ""):
        skips["CKV_K8S_14"] = "compose used a floating tag; pin image.tag at install (README step 7)"
    if entry["serviceAccount"]["automountToken"]:
        skips["CKV_K8S_38"] = "the app logs in to Vault with the Kubernetes auth method, which needs its service account token"
    if not app.job and "livenessProbe" not in entry:
        skips["CKV_K8S_8"] = "compose defines no healthcheck and the service has no port; add livenessProbe in values"
        skips["CKV_K8S_9"] = "compose defines no healthcheck and the service has no port; add readinessProbe in values"
    caps = (entry.get("securityContext") or {}).get("capabilities", {}).get("add") or []
    if caps:
        known = app.settings.get("security.image")
        skips["CKV_K8S_25"] = f"compose adds {', '.join(caps)} (cap_add); every other capability is dropped" \
            if any(d.key == "security.cap_add" for d in app.decisions) or not known else \
            f"the image ({known['image']}) needs {', '.join(caps)} (README warning); every other capability is dropped"
        if "SYS_ADMIN" in caps:
            skips["CKV_K8S_39"] = "compose adds SYS_ADMIN (cap_add): review whether the service really needs it"
    if entry["image"]["pullPolicy"] != "Always":
        skips["CKV_K8S_15"] = f"compose sets pull_policy ({entry['image']['pullPolicy']} here); pin image.digest so the " \
                              "cached image is the one you reviewed"
    uid = (entry.get("podSecurityContext") or {}).get("runAsUser")
    image = app.settings.get("security.image")  # a known image's needs (workload/runas.py), when compose set no user
    why = f"the image ({image['image']}) needs it: see the README warning" if image and app.settings.get(
        "pod_security", {}).get("runAsUser") is not None and not any(d.key == "security.user" for d in app.decisions) else ""
    if uid == 0:
        root = why or "compose runs it as root (user: 0); kept so it works as in compose — review it"
        skips["CKV_K8S_6"] = skips["CKV_K8S_23"] = root
    if uid is not None and uid < 10000:
        skips["CKV_K8S_40"] = why or f"compose runs it as UID {uid} (user), which owns the image's files"
    if (entry.get("securityContext") or {}).get("readOnlyRootFilesystem") is False and image:
        skips["CKV_K8S_22"] = f"the image ({image['image']}) writes into its own folders at start-up: see the README warning"
    return dict(sorted(skips.items()))


def _wait_for(plan: Plan, app: App) -> list[dict[str, Any]]:
    out = []
    names = {r.name: r for r in plan.resources}
    for dep in sorted(app.depends_on, key=lambda d: d.service):
        res = names.get(dep.service)
        mapping = mapping_of(res) if res is not None else None
        if mapping is None:
            continue
        host, port = mapping.wait_for(res, app.job)
        if not re.fullmatch(DNS_NAME, host):
            continue  # not a DNS name: it cannot go into the wait container's shell line (the schema refuses it too)
        out.append({"name": k8s_name(res.name), "host": host, "port": port})
    return out


def _serves_vault_api(plan: Plan, name: str) -> bool:
    mapping = mapping_of(plan.resource(name))
    return bool(mapping and mapping.serves_vault_api)


def _env(plan: Plan, app: App) -> tuple[dict[str, str], list[dict], list[dict], list[dict], list[str]]:
    plain: dict[str, str] = {}
    secret_env: list[dict] = []
    composed: list[dict] = []
    user_secrets: list[str] = []
    removed: list[dict] = []
    shared = shared_env.shared_vars(plan, app)
    for var in sorted(app.env, key=lambda v: v.name):
        ov = var.override
        if ov is not None and ov.action == "remove":
            removed.append({"name": var.name, "reason": ov.reason})
        elif ov is not None:
            refs, comp, literal = wire(plan, ov, app)
            for r in refs:
                if not any(e["name"] == r["name"] for e in secret_env):
                    secret_env.append(r)
            composed.extend(comp)
            if literal is not None:
                plain[var.name] = literal
        elif var.secret and var.name in shared:  # the same value in several services: one Secret, set once
            secret_env.append({"name": var.name, "secretName": shared_env.secret_name(plan.project), "key": var.name})
        elif var.secret:
            secret_env.append({"name": var.name, "secretName": f"{k8s_name(app.name)}-env", "key": var.name})
            user_secrets.append(var.name)
        else:
            plain[var.name] = k8s_literal(var.value if var.value is not None else "")
    return plain, secret_env, composed, removed, user_secrets


def app_entry(plan: Plan, app: App) -> dict[str, Any]:
    plain, secret_env, composed, removed, user_secrets = _env(plan, app)
    pr, _ = probes.probes(app.healthcheck, app.ports)
    res, _ = probes.resources(app.resources)
    ports = []
    seen: set[int] = set()
    for p in app.ports:
        if p.target in seen:
            continue
        seen.add(p.target)
        ports.append({"name": (p.name or f"p{p.target}")[:15], "containerPort": p.target, "protocol": p.protocol.upper()})
    uses_vault = any(
        v.override is not None and v.override.resource and _serves_vault_api(plan, v.override.resource)
        for v in app.env
    )
    replicas = app.replicas if (app.replicas > 1 or not ports) else 2
    entry: dict[str, Any] = {
        "enabled": True,
        "image": _image(app),
        # the kubelet expands $(VAR) in env values, command and args: compose's text is escaped to expand to itself
        "command": [k8s_literal(str(a)) for a in app.entrypoint or ()],
        "args": [k8s_literal(str(a)) for a in app.command or ()],
        "ports": ports,
        "env": plain,
        "secretEnv": secret_env,
        "composedEnv": composed,
        "resources": res,
        "waitFor": _wait_for(plan, app),
        "serviceAccount": {"automountToken": uses_vault, "vaultRole": k8s_name(app.name) if uses_vault else ""},
        "podSecurityContext": {},
        "securityContext": {},
    }
    if any(v.origin == "trust-bundle" for v in app.volumes):
        entry["trustBundle"] = True  # the chart's c2p-trust-bundle init container (targets/k8s/tls.py)
    if app.job:
        entry["backoffLimit"] = 2
        entry["activeDeadlineSeconds"] = 900
    else:
        entry["replicas"] = replicas
        entry.update(pr)
    app_workload.extend(plan, app, entry)
    entry["checkovSkips"] = checkov_skips(app, entry)
    entry["_removed"] = removed
    entry["_userSecrets"] = user_secrets
    return entry


def values(plan: Plan) -> dict[str, Any]:
    apps, jobs = {}, {}
    for app in sorted(plan.apps, key=lambda a: a.name):
        (jobs if app.job else apps)[k8s_name(app.name)] = app_entry(plan, app)
    config_maps, claims, _ = app_workload.chart_objects(plan)
    return {
        "global": {"imagePullSecrets": []},
        "defaults": {
            "podSecurityContext": {
                "runAsNonRoot": True,
                "runAsUser": 10001,
                "runAsGroup": 10001,
                "fsGroup": 10001,
                "seccompProfile": {"type": "RuntimeDefault"},
            },
            "securityContext": {
                "allowPrivilegeEscalation": False,
                "privileged": False,
                "readOnlyRootFilesystem": True,
                "runAsNonRoot": True,
                "capabilities": {"drop": ["ALL"]},
            },
            "waitImage": V.WAIT_IMAGE,
        },
        "apps": apps,
        "jobs": jobs,
        "configMaps": config_maps,
        "persistentVolumeClaims": claims,
    }
