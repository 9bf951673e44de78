"""Render stage for the Vault Secrets Operator (decisions in vso.py): manifests/<vault service>/vso/
connection.yaml (VaultConnection), auth.yaml (VaultAuth per app), secrets.yaml (VaultStaticSecret per app)."""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan
from generator.render.jinja import render_template
from generator.targets.k8s import vso
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.tls import ca_configmap

API = "secrets.hashicorp.com/v1beta1"


def _meta(name: str, project: str, part: str) -> dict[str, Any]:
    return {"name": name, "labels": {"app.kubernetes.io/name": part, "app.kubernetes.io/part-of": project,
                                     "app.kubernetes.io/managed-by": "c2p"}}


def connection(rel: vso.Release, project: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"address": rel.address, "skipTLSVerify": False}
    if rel.tls:
        spec["caCertSecretRef"] = vso.ca_secret(project)
    return {"apiVersion": API, "kind": "VaultConnection", "metadata": _meta(rel.release, project, rel.release),
            "spec": spec}


def auth(rel: vso.Release, app: vso.Synced, project: str) -> dict[str, Any]:
    return {"apiVersion": API, "kind": "VaultAuth", "metadata": _meta(app.name, project, app.name), "spec": {
        "vaultConnectionRef": rel.release,
        "method": "kubernetes",
        "mount": vso.AUTH_MOUNT,
        "kubernetes": {"role": app.role, "serviceAccount": app.name, "audiences": [vso.AUDIENCE]},
    }}


def static_secret(app: vso.Synced, project: str) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "vaultAuthRef": app.name,
        "type": "kv-v2",
        "mount": vso.KV_MOUNT,
        "path": app.path,
        "refreshAfter": vso.REFRESH,
        "destination": {
            "name": app.secret,
            "create": True,
            # take over a Secret made by hand before (the injector-mode README step): VSO owns it from now on
            "overwrite": True,
            # VSO sets its own owner labels (app.kubernetes.io/name, managed-by, component: helpers/secrets.go)
            # and checks them before it touches the Secret: only a label of ours that it does not use
            "labels": {"app.kubernetes.io/part-of": project},
            # no `_raw` key holding the whole Vault response: only one key per variable
            "transformation": {"excludeRaw": True},
        },
    }
    if app.restart:
        spec["rolloutRestartTargets"] = [{"kind": app.restart, "name": app.name}]
    return {"apiVersion": API, "kind": "VaultStaticSecret", "metadata": _meta(app.secret, project, app.name),
            "spec": spec}


def render(plan: Plan) -> dict[str, str]:
    project = k8s_name(plan.project)
    out: dict[str, str] = {}
    for rel in vso.releases(plan):
        if not rel.apps:
            continue
        c = {"release": rel, "ca_configmap": ca_configmap(plan.project), "audience": vso.AUDIENCE,
             "mount": vso.KV_MOUNT, "refresh": vso.REFRESH, "connection": connection(rel, project),
             "auths": [auth(rel, a, project) for a in rel.apps],
             "secrets": [static_secret(a, project) for a in rel.apps]}
        for name in ("connection", "auth", "secrets"):
            out[f"{rel.folder}/{name}.yaml"] = render_template(f"helm/manifests/vso-{name}.yaml.j2", c=c)
    return out


def docs_context(plan: Plan) -> dict[str, Any]:
    """What README.md's Vault Secrets Operator / injector section prints (mappings/vault_helm/templates/vso.md.j2)."""
    project = k8s_name(plan.project)
    rels = []
    for rel in vso.releases(plan):
        apps = [{"s": a, "restart": f"{a.restart} `{a.name}`" if a.restart else None, "policy": vso.policy(a)}
                for a in rel.apps]
        rels.append({"r": rel, "apps": apps, "ca_secret": vso.ca_secret(project),
                     "ca_configmap": ca_configmap(plan.project)})
    injector = [r for r in plan.resources if vso.serves_vault_api(r) and vso.mode(r) == "injector"]
    return {"releases": rels, "injector": injector, "synced": sorted(vso.synced_apps(plan)),
            "kv_mount": vso.KV_MOUNT, "audience": vso.AUDIENCE, "refresh": vso.REFRESH}
