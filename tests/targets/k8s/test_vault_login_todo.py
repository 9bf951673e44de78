"""Review 2026-12 k8s: an app whose compose VAULT_TOKEN was removed ("logs in with Kubernetes auth instead") cannot
reach Vault until its code or an agent logs in; that must be a TODO per app, naming both ways."""

from __future__ import annotations

from tests.targets.k8s.workload_helpers import app, dropped, plan_for, tree_for

COMPOSE = {"services": {
    "vault": {"image": "hashicorp/vault:1.18", "command": ["server", "-dev"],
              "environment": {"VAULT_DEV_ROOT_TOKEN_ID": "root"}},
    "api": {"image": "ghcr.io/acme/api:1.0", "environment": {"VAULT_ADDR": "http://vault:8200", "VAULT_TOKEN": "root"}},
    "web": {"image": "ghcr.io/acme/web:1.0"},
}}


def test_removed_vault_token_is_a_todo_warning_per_app(tmp_path):
    plan = plan_for(tmp_path, COMPOSE)
    items = dropped(plan, "api")
    nc = items["environment VAULT_TOKEN"]
    assert nc.todo
    for way in ("Kubernetes auth", "role `api`", "Vault Agent injector", "vault_secrets: injector", "VSO"):
        assert way in nc.reason, way
    assert any("VAULT_TOKEN" in w and "Vault Agent injector" in w for w in app(plan, "api").warnings)
    assert "environment VAULT_TOKEN" not in dropped(plan, "web")
    readme = tree_for(plan)["README.md"]
    assert "**TODO** `environment VAULT_TOKEN`" in readme
