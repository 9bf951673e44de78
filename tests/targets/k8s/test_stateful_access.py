"""Review 2026-12-k8s #13: NetworkPolicies on the CloudNativePG, Redis and Vault pods admit only this release's
consumers, the operators and the instances themselves.

The pods are described with the labels the operators and the chart put on them (sources in
generator/targets/k8s/netpol.py); the app pods' labels come from `helm template` of the generated chart. Before
the fix no policy selected these pods, so every pod of the cluster was admitted (the `other` assertions failed)."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import require_tool
from tests.targets.k8s.netpol_eval import Pod, admits, helm_template, load, pod_labels
from tests.targets.k8s.validation import tree_problems, write_tree
from tests.targets.k8s.workload_helpers import plan_for, tree_for

COMPOSE = {"services": {
    "web": {"image": "example/web:1", "ports": ["8000:8000"], "environment": {
        "DATABASE_URL": "postgres://app:devpw@db:5432/app", "REDIS_URL": "redis://cache:6379/0",
        "VAULT_ADDR": "http://vault:8200"}, "depends_on": ["db", "cache", "vault"]},
    "other": {"image": "example/other:1", "ports": ["9000:9000"]},
    "db": {"image": "postgres:16", "environment": {"POSTGRES_USER": "app", "POSTGRES_PASSWORD": "devpw",
                                                   "POSTGRES_DB": "app"}},
    "cache": {"image": "redis:7.2"},
    "vault": {"image": "hashicorp/vault:1.18", "command": ["server", "-dev"]},
}}

# pod labels as the operators / chart set them
CNPG = {"cnpg.io/cluster": "db", "cnpg.io/podRole": "instance", "cnpg.io/instanceName": "db-2"}  # pkg/specs/pods.go
CNPG_POOLER = {"cnpg.io/cluster": "db", "cnpg.io/poolerName": "db-pooler-rw", "cnpg.io/podRole": "pooler"}
REDIS = {"app": "cache", "redis_setup_type": "replication", "role": "replication", "redis-role": "master"}
SENTINEL = {"app": "cache-sentinel", "redis_setup_type": "sentinel", "role": "sentinel"}
VAULT = {"app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": "vault", "component": "server",
         "helm.sh/chart": "vault-0.34.1"}
OPERATOR_CNPG = Pod({"app.kubernetes.io/name": "cloudnative-pg"}, "cnpg-system")
OPERATOR_REDIS = Pod({"name": "redis-operator"}, "ot-operators")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("access")
    plan = plan_for(tmp, COMPOSE)
    tree = tree_for(plan)
    root = write_tree(tree, tmp / "out")
    helm = require_tool("helm")
    chart = helm_template(helm, str(root / "charts" / "demo"), "demo")
    apps = {n: Pod(pod_labels(chart, "Deployment", n)) for n in ("web", "other")}
    policies = [p for rel, text in tree.items() if rel.startswith("manifests/") and rel.endswith("networkpolicy.yaml")
                for p in load(text)]
    return plan, tree, root, apps, policies


def test_each_stateful_service_has_its_policy(world):
    plan, tree, _, _, _ = world
    for name in ("db", "cache", "vault"):
        assert f"manifests/{name}/networkpolicy.yaml" in tree
        res = next(r for r in plan.resources if r.name == name)
        assert res.settings["access"]["consumers"] == ["web"]
        assert any(d.key == "network_policy" for d in res.decisions)
    assert "## Who may reach the stateful pods" in tree["README.md"]
    assert "kubectl -n \"$NAMESPACE\" apply -f manifests/cache/networkpolicy.yaml" in tree["README.md"]
    assert "kubectl -n \"$NAMESPACE\" apply -f manifests/vault/networkpolicy.yaml" in tree["README.md"]


def test_postgres_admits_its_consumers_the_operator_and_its_instances_only(world):
    _, _, _, apps, pol = world
    target = Pod(CNPG)
    assert admits(pol, target, apps["web"], 5432)
    assert not admits(pol, target, apps["other"], 5432)
    assert not admits(pol, target, Pod(apps["web"].labels, "elsewhere"), 5432)  # same labels, other namespace
    assert not admits(pol, target, apps["web"], 8000)  # the status port is the operator's
    assert admits(pol, target, OPERATOR_CNPG, 8000) and admits(pol, target, OPERATOR_CNPG, 5432)
    assert admits(pol, target, Pod({**CNPG, "cnpg.io/instanceName": "db-1"}), 5432)  # replication
    assert admits(pol, target, Pod(CNPG_POOLER), 5432)
    assert admits(pol, Pod(CNPG_POOLER), apps["web"], 5432) and not admits(pol, Pod(CNPG_POOLER), apps["other"], 5432)


def test_redis_admits_its_consumers_sentinels_and_the_operator_only(world):
    _, _, _, apps, pol = world
    assert admits(pol, Pod(REDIS), apps["web"], 6379)
    assert not admits(pol, Pod(REDIS), apps["other"], 6379)
    assert admits(pol, Pod(REDIS), Pod({**REDIS, "redis-role": "slave"}), 6379)
    assert admits(pol, Pod(REDIS), Pod(SENTINEL), 6379)
    assert admits(pol, Pod(REDIS), OPERATOR_REDIS, 6379) and admits(pol, Pod(SENTINEL), OPERATOR_REDIS, 26379)
    assert admits(pol, Pod(SENTINEL), Pod(SENTINEL), 26379) and admits(pol, Pod(SENTINEL), apps["web"], 26379)
    assert not admits(pol, Pod(SENTINEL), apps["other"], 26379)


def test_vault_admits_its_consumers_and_its_raft_peers_only(world):
    _, _, _, apps, pol = world
    assert admits(pol, Pod(VAULT), apps["web"], 8200)
    assert not admits(pol, Pod(VAULT), apps["other"], 8200)
    assert admits(pol, Pod(VAULT), Pod(VAULT), 8201) and not admits(pol, Pod(VAULT), apps["web"], 8201)
    assert admits(pol, Pod(VAULT), Pod({"app.kubernetes.io/name": "vault-secrets-operator"},
                                       "vault-secrets-operator-system"), 8200)


def test_the_policies_pass_every_validator(world):
    _, _, root, _, _ = world
    assert tree_problems(root) == []
