"""Render stage: manifests/<service>/networkpolicy.yaml for the CloudNativePG, Redis and Vault pods (access_decide.py).

Pod labels, as the operators and the chart set them:
- CloudNativePG 1.30: every pod of a Cluster (instances, join Jobs, Pooler pods) carries `cnpg.io/cluster: <name>`
  (pkg/specs/pods.go, jobs.go, pgbouncer/deployments.go); the operator reaches the instances on 8000 (status,
  TLS) and 5432 (docs/src/networking.md, docs/src/samples/networkpolicy-example.yaml).
- redis-operator v0.26.0: replication pods `app: <name>, role: replication`, Sentinel pods
  `app: <name>-sentinel, role: sentinel` (internal/controller/common/labels.go, k8sutils/redis-sentinel.go).
- hashicorp/vault chart 0.34.1: server pods `app.kubernetes.io/name: vault, app.kubernetes.io/instance: <release>,
  component: server` (templates/server-statefulset.yaml); 8200 API, 8201 cluster/Raft.
App pods of this chart: `app.kubernetes.io/part-of: <chart>`, `app.kubernetes.io/name: <service>` (_helpers.tpl).
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Resource
from generator.render.escape import yaml_dump

CHECKOV = "CKV_K8S_21=the namespace is chosen at apply time (kubectl -n); the manifests never hardcode one"


def _ports(*numbers: int) -> list[dict[str, Any]]:
    return [{"port": n, "protocol": "TCP"} for n in numbers]


def _apps(access: dict[str, Any], *ports: int) -> list[dict[str, Any]]:
    if not access["consumers"]:
        return []
    return [{"from": [{"podSelector": {
        "matchLabels": {"app.kubernetes.io/part-of": access["chart"]},
        "matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "In", "values": list(access["consumers"])}],
    }}], "ports": _ports(*ports)}]


def _namespace(name: str, *ports: int) -> dict[str, Any]:
    return {"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}],
            "ports": _ports(*ports)}


def _pods(labels: dict[str, str], *ports: int) -> dict[str, Any]:
    return {"from": [{"podSelector": {"matchLabels": dict(labels)}}], "ports": _ports(*ports)}


def _policy(plan: Plan, name: str, selector: dict[str, str], ingress: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": plan.project,
                                              "app.kubernetes.io/managed-by": "c2p"},
                     "annotations": {"checkov.io/skip1": CHECKOV}},
        "spec": {"podSelector": {"matchLabels": selector}, "policyTypes": ["Ingress"], "ingress": ingress},
    }


def policies(plan: Plan, resource: Resource) -> list[dict[str, Any]]:
    s, access = resource.settings, resource.settings["access"]
    op = access.get("operator_namespace")
    if resource.mapping == "cnpg":
        own = {"cnpg.io/cluster": s["cluster"]}
        scrape = [{"from": [{"namespaceSelector": {}}], "ports": _ports(9187)}] if s.get("monitoring") else []
        return [_policy(plan, f"{s['cluster']}-access", own, _apps(access, 5432) + [
            _pods(own, 5432, 8000), _namespace(op, 8000, 5432)] + scrape)]  # scrape: Prometheus, wherever it runs
    if resource.mapping == "redis-operator":
        name = s["name"]
        redis = {"app": name, "role": "replication"}
        sentinel = {"app": f"{name}-sentinel", "role": "sentinel"}
        return [
            _policy(plan, f"{name}-access", redis, _apps(access, 6379) + [
                _pods(redis, 6379), _pods(sentinel, 6379), _namespace(op, 6379)]),
            _policy(plan, f"{name}-sentinel-access", sentinel, _apps(access, 26379) + [
                _pods(sentinel, 26379), _namespace(op, 26379)]),
        ]
    release = s["release"]
    server = {"app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": release, "component": "server"}
    return [_policy(plan, f"{release}-access", server, _apps(access, 8200) + [
        _pods(server, 8200, 8201), _namespace(access["vso_namespace"], 8200)])]


HEADER = {
    "cnpg": "the CloudNativePG Cluster {n}'s pods: port 5432 from the app services that use it ({apps}); 5432 and 8000\n"
            "# from the Cluster's own pods (replication, join Jobs, Pooler) and from namespace {op} (the operator).",
    "redis-operator": "the Redis pods of {n}: 6379 from the app services that use it ({apps}), from the Redis and\n"
                      "# Sentinel pods and from namespace {op} (the operator); the Sentinels: 26379 from the same apps,\n"
                      "# from each other and from the operator.",
    "vault-helm": "the Vault server pods of release {n}: 8200 from the app services that use it ({apps}); 8200 and 8201\n"
                  "# (Raft) from each other; 8200 from namespace {vso} (the Vault Secrets Operator, when you use it).",
}


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    if "access" not in resource.settings:
        return {}
    access = resource.settings["access"]
    name = {"cnpg": "cluster", "redis-operator": "name", "vault-helm": "release"}[resource.mapping]
    head = HEADER[resource.mapping].format(n=resource.settings[name], apps=", ".join(access["consumers"]) or "none",
                                           op=access.get("operator_namespace"), vso=access.get("vso_namespace"))
    text = (f"# {resource.name}: who may reach {head}\n"
            "# Every other pod is refused. Operator installed in another namespace? Change kubernetes.io/metadata.name\n"
            "# below. A new app service that needs it? Add its name to the app.kubernetes.io/name list. Generated by c2p.\n")
    docs = [yaml_dump(p) for p in policies(plan, resource)]
    return {f"manifests/{resource.name}/networkpolicy.yaml": text + "---\n".join(docs)}
