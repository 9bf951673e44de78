"""Rehearsal of the Vault the apps are pointed at: Vault v1.21 (built by `make tools` from the Go module proxy) in
dev mode with a TLS listener whose certificate comes from the test CA, reached with the real `vault` client and
exactly the VAULT_* variables the generated output gives each app.

Substitutions (the only things the test changes): k8s — the Service host `vault-active:8200` in VAULT_ADDR →
the Vault's TLS listener on 127.0.0.1; aws — `hcp_vault_cluster.<v>.vault_private_endpoint_url` → that listener
(app_env.tf evaluated by `tofu console` as in test_aws.py), and the public CA that signs HCP's certificate → the
test CA as the client's system trust (SSL_CERT_FILE).

Unrehearsed: the Kubernetes and AWS IAM auth methods the apps move to (no cluster, no AWS), HA Raft, unsealing,
HCP namespaces (an Enterprise feature: open-source Vault serves `admin` as the root namespace's path prefix only).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.rehearsal import aws_side, k8s_side
from tests.rehearsal.test_aws import TOKEN, _other_values, evaluated, generated  # noqa: F401 (fixtures)

pytestmark = pytest.mark.rehearsal
CASES = Path(__file__).resolve().parents[1] / "golden" / "cases"
K8S_CASES = sorted(p.name for p in CASES.iterdir() if list(p.glob("expected/k8s/values/*vault*.values.yaml")))
AWS_CASES = sorted(p.name for p in CASES.iterdir()
                   if any('resource "hcp_vault_cluster"' in f.read_text() for f in p.glob("expected/aws/terraform/*.tf")))


@pytest.fixture(scope="module")
def k8s_vault_envs(tmp_path_factory, ca_configmap):
    """case → {container: its VAULT_* variables}, from `helm template` of the generated chart; a path under the
    pod's release-CA mount names the same file in a folder holding the test CA's public certificate."""
    cache: dict[str, dict[str, dict[str, str]]] = {}

    def get(case: str) -> dict[str, dict[str, str]]:
        if case not in cache:
            root = k8s_side.generate(case, tmp_path_factory.mktemp(f"k8s-{case}"))
            docs = k8s_side.chart_docs(root)
            mounts = k8s_side.ca_mounts(docs, next((root / "charts").iterdir()).name)
            cache[case] = {name: k8s_side.substitute_mount(
                {e["name"]: e.get("value") for e in c.get("env", []) if e["name"].startswith("VAULT_")},
                mounts.get(name), ca_configmap) for name, c in k8s_side.containers(docs).items()}
        return cache[case]

    return get


def _consumers(envs: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    found = {name: env for name, env in envs.items() if env.get("VAULT_ADDR")}
    assert found, "no app is pointed at Vault"
    return found


def _k8s_env(env: dict[str, str], vault) -> dict[str, str]:
    """The app's VAULT_* variables with the Service host replaced by the rehearsal Vault."""
    addr = re.sub(r"^(\w+)://vault-active:8200", lambda m: f"{m[1]}://{vault.host}:{vault.port}", env["VAULT_ADDR"])
    assert addr != env["VAULT_ADDR"], f"VAULT_ADDR {env['VAULT_ADDR']} does not name the vault-active Service"
    return {**env, "VAULT_ADDR": addr}


def _status(vault, env: dict[str, str]):
    proc = vault.cli("status", "-format=json", env=env)
    return proc, (json.loads(proc.stdout) if proc.returncode == 0 else None)


@pytest.mark.parametrize("case", K8S_CASES)
def test_k8s_apps_reach_vault_over_tls_when_given_the_ca(case, k8s_vault_envs, vault_server, ca):
    """With the release's CA (what review k8s #3 asks to mount), each app's VAULT_ADDR reaches an unsealed Vault over
    TLS; the dev root token compose passed never reaches an app."""
    for name, env in _consumers(k8s_vault_envs(case)).items():
        assert env["VAULT_ADDR"].startswith("https://"), (name, env)
        assert "VAULT_TOKEN" not in env, f"{name}: a Vault token in the environment"
        proc, status = _status(vault_server, {**_k8s_env(env, vault_server), "VAULT_CACERT": str(ca.cert)})
        assert status is not None and status["sealed"] is False, (name, proc.stderr)


@pytest.mark.parametrize("case", K8S_CASES)
def test_k8s_apps_reach_vault_with_the_env_they_have(case, k8s_vault_envs, vault_server):
    """VAULT_CACERT names the release CA in the pod's CA mount (review k8s #3): the real vault client verifies the
    listener with it. Broken on purpose: without VAULT_CACERT the client refuses the private CA."""
    for name, env in _consumers(k8s_vault_envs(case)).items():
        assert env.get("VAULT_CACERT"), f"{name}: no VAULT_CACERT"
        proc, status = _status(vault_server, _k8s_env(env, vault_server))
        assert status is not None, f"{name}: {proc.stderr.strip()[:300]}"
        bare = {k: v for k, v in _k8s_env(env, vault_server).items() if k != "VAULT_CACERT"}
        proc, status = _status(vault_server, bare)
        assert status is None and "certificate" in proc.stderr + proc.stdout, proc.stderr


@pytest.mark.parametrize("case", K8S_CASES)
def test_break_compose_plain_http_address_is_refused(case, k8s_vault_envs, vault_server, ca):
    """The tier can fail: compose's http:// address against the TLS listener is refused."""
    name, env = next(iter(_consumers(k8s_vault_envs(case)).items()))
    plain = _k8s_env(env, vault_server)
    plain["VAULT_ADDR"] = plain["VAULT_ADDR"].replace("https://", "http://")
    proc, status = _status(vault_server, {**plain, "VAULT_CACERT": str(ca.cert)})
    assert status is None and "HTTP request to an HTTPS server" in proc.stderr + proc.stdout, proc.stderr


@pytest.mark.parametrize("case", AWS_CASES)
def test_aws_apps_reach_hcp_vault_with_the_env_they_have(case, generated, evaluated, vault_server, ca, pg):
    """app_env's VAULT_ADDR (HCP's private endpoint) reaches Vault over TLS with the client's system trust (HCP's
    certificate is publicly trusted: the test CA stands in for the system roots); no token in the environment."""
    aws, tf = generated(case)
    values = _other_values(tf, pg)
    for name in tf["resource"]["hcp_vault_cluster"]:
        values[f"hcp_vault_cluster.{name}.vault_private_endpoint_url"] = vault_server.addr
    for cache in aws_side.cache_groups(tf):  # evaluated, not used here
        values.update(aws_side.cache_values(cache, "127.0.0.1", 6379, TOKEN))
    envs = evaluated(aws / "terraform", values)
    seen = []
    for app, env in envs.items():
        vault_env = {k: v for k, v in env.items() if k.startswith("VAULT_")}
        if not vault_env.get("VAULT_ADDR"):
            continue
        assert "VAULT_TOKEN" not in vault_env, f"{app}: a Vault token in the environment"
        assert vault_env.get("VAULT_NAMESPACE") == "admin", vault_env  # HCP Vault serves apps in admin
        proc = vault_server.cli("status", "-format=json", env={"VAULT_ADDR": vault_env["VAULT_ADDR"],
                                                                "SSL_CERT_FILE": str(ca.cert)})
        assert proc.returncode == 0 and json.loads(proc.stdout)["sealed"] is False, (app, proc.stderr)
        seen.append(app)
    assert seen, f"{case}: no app is pointed at HCP Vault"
