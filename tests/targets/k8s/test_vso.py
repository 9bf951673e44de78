"""App secrets from Vault on --target k8s (x-c2p k8s.vault_secrets): the Vault Secrets Operator by default — a
VaultConnection per Vault release, a VaultAuth and a VaultStaticSecret per app with secret-looking variables, into the
Secret the app chart reads — or the Agent injector with hand-made Secrets."""

from __future__ import annotations

import re

import yaml

from generator.plan.model import Resource
from generator.targets.k8s import TARGET
from generator.targets.k8s.tls import ca_configmap
from tests.targets.k8s.workload_helpers import plan_for, tree_for

SECRET_VALUES = ("dev-secret-key", "sk_test_123", "changeme-admin")


def compose(vault_options: dict | None = None, **extra) -> dict:
    services = {
        "vault": {"image": "hashicorp/vault:1.18", "command": "server -dev",
                  "environment": {"VAULT_DEV_ROOT_TOKEN_ID": "dev-root"}},
        "api": {"image": "ghcr.io/acme/api:1.2.3", "ports": ["8000:8000"], "depends_on": ["vault"],
                "environment": {"SECRET_KEY": "dev-secret-key", "STRIPE_API_KEY": "sk_test_123", "LOG_LEVEL": "info",
                                "VAULT_ADDR": "http://vault:8200"}},
        "worker": {"image": "ghcr.io/acme/api:1.2.3", "command": ["worker"],
                   "environment": {"SECRET_KEY": "dev-secret-key"}},
        "indexer": {"image": "ghcr.io/acme/indexer:2", "volumes": ["index:/data"],
                    "environment": {"API_TOKEN": "dev-secret-key"}},
        "migrate": {"image": "ghcr.io/acme/api:1.2.3", "command": ["migrate"],
                    "environment": {"ADMIN_PASSWORD": "changeme-admin"}},
        "web": {"image": "nginx:1.27", "ports": ["80:80"]},
    }
    services.update(extra)
    doc = {"services": services, "volumes": {"index": {}},
           "x-c2p": {"services": {"migrate": {"job": True}}}}
    if vault_options:
        doc["x-c2p"]["services"]["vault"] = {"k8s": vault_options}
    return doc


def docs(tree: dict[str, str], path: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(tree[path]) if d]


def chart_env(tree: dict[str, str]) -> dict[str, list[dict]]:
    values = yaml.safe_load(tree["charts/demo/values.yaml"])
    return {name: app["secretEnv"] for group in ("apps", "jobs") for name, app in values[group].items()}


def test_vso_is_the_default_and_turns_the_injector_off():
    r = TARGET.decide(Resource(name="vault", kind="vault", mapping="", engine="vault", versions={"vault": "1.18"},
                               image="hashicorp/vault:1.18"), {})
    assert r.settings["vault_secrets"] == "vso" and r.settings["injector"] is False
    reasons = {d.key: d.reason for d in r.decisions}
    assert "Vault Secrets Operator" in reasons["vault_secrets"] and "injector" in reasons["vault_secrets"]
    r = TARGET.decide(Resource(name="vault", kind="vault", mapping="", engine="vault", image="hashicorp/vault:1.18"),
                      {"vault_secrets": "injector"})
    assert r.settings["vault_secrets"] == "injector" and r.settings["injector"] is True
    assert not [w for w in r.warnings if "vault_secrets" in w]  # a known key of the option table


def test_one_connection_and_an_auth_and_static_secret_per_app_with_secrets(tmp_path):
    tree = tree_for(plan_for(tmp_path, compose()))
    folder = "manifests/vault/vso"
    assert sorted(p for p in tree if p.startswith(folder)) == [f"{folder}/{f}.yaml" for f in ("auth", "connection", "secrets")]
    (conn,) = docs(tree, f"{folder}/connection.yaml")
    assert conn["kind"] == "VaultConnection" and conn["metadata"]["name"] == "vault"
    # the controller runs in its own namespace: the Service's full name, which the Vault certificate is valid for
    assert conn["spec"]["address"] == "https://vault-active.demo.svc:8200"
    assert conn["spec"]["skipTLSVerify"] is False
    # only the CA's public certificate: never the cert-manager CA Secret (named like the ConfigMap), which holds the key
    assert conn["spec"]["caCertSecretRef"] == "demo-ca-public" != ca_configmap("demo")

    auths = {d["metadata"]["name"]: d["spec"] for d in docs(tree, f"{folder}/auth.yaml")}
    secrets = {d["metadata"]["name"]: d["spec"] for d in docs(tree, f"{folder}/secrets.yaml")}
    assert sorted(auths) == ["api", "indexer", "migrate", "worker"]  # web has no secret: nothing to sync
    assert sorted(secrets) == ["api-env", "indexer-env", "migrate-env", "worker-env"]
    for app, spec in auths.items():
        assert spec == {"vaultConnectionRef": "vault", "method": "kubernetes", "mount": "kubernetes",
                        "kubernetes": {"role": f"vso-{app}", "serviceAccount": app, "audiences": ["vault"]}}
    env = chart_env(tree)
    for app in auths:
        spec = secrets[f"{app}-env"]
        assert (spec["vaultAuthRef"], spec["type"], spec["mount"], spec["path"]) == (app, "kv-v2", "secret", f"demo/{app}")
        dest = spec["destination"]
        assert dest["name"] == f"{app}-env" and dest["create"] is True and dest["transformation"] == {"excludeRaw": True}
        # the Secret VSO writes is the one the chart reads, key for key
        assert {e["key"] for e in env[app] if e["secretName"] == dest["name"]} == \
            {"api": {"SECRET_KEY", "STRIPE_API_KEY"}, "worker": {"SECRET_KEY"}, "indexer": {"API_TOKEN"},
             "migrate": {"ADMIN_PASSWORD"}}[app]
    restarts = {name: spec.get("rolloutRestartTargets") for name, spec in secrets.items()}
    assert restarts == {"api-env": [{"kind": "Deployment", "name": "api"}],
                        "worker-env": [{"kind": "Deployment", "name": "worker"}],
                        "indexer-env": [{"kind": "StatefulSet", "name": "indexer"}],
                        "migrate-env": None}  # a Job is not restartable: it reads the Secret when it next runs
    assert "enabled: false" in tree["values/vault.values.yaml"].split("injector:", 1)[1].split("\n", 2)[1]
    for text in tree.values():
        assert not any(v in text for v in SECRET_VALUES)


def test_readme_gives_vault_steps_instead_of_hand_made_secrets(tmp_path):
    readme = tree_for(plan_for(tmp_path, compose()))["README.md"]
    step6 = re.split(r"\n\d+\. \*\*App secrets\*\*", readme, maxsplit=1)[1]
    step6 = re.split(r"\n\d+\. ", step6, maxsplit=1)[0]
    assert "create secret generic" not in step6 and "api, indexer, migrate, worker" in step6
    section = readme.split("## App secrets from Vault (Vault Secrets Operator", 1)[1].split("\n## ", 1)[0]
    assert "helm upgrade --install vault-secrets-operator hashicorp/vault-secrets-operator --version 1.4.1" in section
    assert "'path \"secret/data/demo/api\" { capabilities = [\"read\"] }'" in section
    assert "auth/kubernetes/role/vso-api \\\n     bound_service_account_names=api " \
           "bound_service_account_namespaces=\"$NAMESPACE\"" in section
    assert "audience=vault" in section
    assert "kv put demo/api SECRET_KEY\n   kv patch demo/api STRIPE_API_KEY\n" in section
    assert "kv put demo/migrate ADMIN_PASSWORD" in section
    assert "get configmap demo-ca -o jsonpath='{.data.ca\\.crt}'" in section
    assert "create secret generic demo-ca-public --from-literal=ca.crt=\"$ca\"" in section
    assert "apply -f manifests/vault/vso/" in section
    assert "Nothing changes for the app" in section
    assert "| `manifests/vault/vso/` |" in readme and "Vault Secrets Operator 1.4.1" in readme


def test_injector_chosen_keeps_hand_made_secrets_and_writes_no_vso_object(tmp_path):
    tree = tree_for(plan_for(tmp_path, compose({"vault_secrets": "injector"})))
    assert not [p for p in tree if "/vso/" in p]
    readme = tree["README.md"]
    # api and worker set SECRET_KEY to the same value: one shared Secret (targets/k8s/shared_env.py)
    assert 'create secret generic demo-shared-env --from-literal=SECRET_KEY=...' in readme
    assert 'create secret generic api-env --from-literal=STRIPE_API_KEY=...' in readme
    assert "## App secrets with the Vault Agent injector" in readme and "Vault Secrets Operator 1." not in readme
    assert "enabled: true" in tree["values/vault.values.yaml"].split("injector:", 1)[1].split("\n", 2)[1]


def test_no_app_secret_no_vso_objects(tmp_path):
    doc = compose()
    for name in ("api", "worker", "indexer", "migrate"):
        doc["services"].pop(name)
    doc["x-c2p"]["services"].pop("migrate")
    tree = tree_for(plan_for(tmp_path, doc))
    assert not [p for p in tree if "/vso/" in p]
    assert "nothing is synced and the\nVault Secrets Operator need not be installed" in tree["README.md"]
    assert "# none needed" in tree["README.md"]


def test_without_vault_the_secrets_are_made_by_hand(tmp_path):
    doc = compose()
    doc["services"].pop("vault")
    doc["services"]["api"].pop("depends_on")
    doc["services"]["api"]["environment"].pop("VAULT_ADDR")
    tree = tree_for(plan_for(tmp_path, doc))
    assert not [p for p in tree if "/vso/" in p]
    assert "create secret generic api-env" in tree["README.md"]


def test_each_app_syncs_from_the_vault_it_uses(tmp_path):
    doc = compose(vault2={"image": "hashicorp/vault:1.18", "command": "server -dev"})
    doc["services"]["worker"]["environment"]["VAULT_ADDR"] = "http://vault2:8200"
    doc["x-c2p"]["services"]["vault2"] = {"k8s": {"vault_secrets": "injector"}}
    tree = tree_for(plan_for(tmp_path, doc))
    names = {d["metadata"]["name"] for d in docs(tree, "manifests/vault/vso/secrets.yaml")}
    assert "worker-env" not in names and "api-env" in names  # worker's Vault uses the injector
    assert not [p for p in tree if p.startswith("manifests/vault2/vso/")]
    assert "create secret generic worker-env" in tree["README.md"]


def test_the_option_is_typed_in_the_k8s_table():
    import json

    from generator.paths import schema_path
    from generator.targets.k8s import vso

    table = json.loads(schema_path("c2p").read_text())["$defs"]["k8sOptions"]["properties"]
    assert table["vault_secrets"]["enum"] == list(vso.MODES)


def test_an_unknown_mode_is_refused(tmp_path):
    import pytest

    from generator.errors import C2PError

    with pytest.raises(C2PError, match="vault_secrets"):
        plan_for(tmp_path, compose({"vault_secrets": "operator"}))
