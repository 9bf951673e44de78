"""Rehearsal of the README's Vault Secrets Operator steps against the real Vault (v1.21, dev mode, TLS listener from
the test CA): the policy/role block and the `kv` block run as written (bash -e, `kubectl exec vault-0 -- …` through the
runbook shims), then a token holding only the app's policy — what VSO gets from its Kubernetes-auth login, which needs
a cluster — reads the path the generated VaultStaticSecret names, over TLS trusting only the CA's public certificate.
What it reads becomes Secret <app>-env (VSO's copy, emulated), and the kubelet's env of the rendered chart gives the app
exactly the values typed in: nothing changed for the app.

Substitutions: the pod vault-0 is the local `vault` client with VAULT_ADDR/VAULT_CACERT of the rehearsal Vault and its
root token in VAULT_TOKEN (standing in for the `vault login` of step 2, whose token the pod keeps); in
`vault write auth/kubernetes/config` the pod's own service-account CA, which Vault reads from its pod's filesystem, is
the test CA (`kubernetes_ca_cert`, `disable_local_ca_jwt`). Unrehearsed: the VSO controller itself, its Kubernetes-auth
login (TokenRequest + TokenReview need a cluster), `helm install`, the CA Secret and `kubectl apply` of step 5.
"""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.rehearsal import k8s_side
from tests.rehearsal.runbook import Shims
from tests.targets.k8s.test_vso import compose
from tests.targets.k8s.validation import write_tree
from tests.targets.k8s.workload_helpers import plan_for, tree_for

pytestmark = pytest.mark.rehearsal
NAMESPACE = "shop-prod"
FENCE = re.compile(r"^( *)```sh\n(.*?)^\1```", re.M | re.S)


def _blocks(readme: str) -> list[str]:
    section = readme.split("## App secrets from Vault (Vault Secrets Operator", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(m.group(2)) for m in FENCE.finditer(section)]


def _one(blocks: list[str], marker: str) -> str:
    (found,) = [b for b in blocks if marker in b]
    return found


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("vso-reh")
    return write_tree(tree_for(plan_for(tmp, compose())), tmp / "k8s")


def _shims(root: Path, vault, ca) -> Shims:
    shims = Shims(root / "shim")
    pod_bin = root / "pod-bin"
    pod_bin.mkdir()
    # the one server-side substitution: Vault outside a pod has no service-account CA of its own to read
    (pod_bin / "vault").write_text(
        "#!/bin/sh\n"
        'if [ "$1 $2" = "write auth/kubernetes/config" ]; then\n'
        f'  exec "{vault.binary}" "$@" kubernetes_ca_cert=@"{ca.cert}" disable_local_ca_jwt=true\n'
        "fi\n"
        f'exec "{vault.binary}" "$@"\n')
    (pod_bin / "vault").chmod(0o755)
    home = root / "pod-home"
    home.mkdir()
    shims.world["pods"]["vault-0"] = {
        "env": {"VAULT_ADDR": vault.addr, "VAULT_CACERT": str(ca.cert), "VAULT_TOKEN": vault.token, "HOME": str(home)},
        "bin": str(pod_bin), "fs": {"/home/vault": str(home)}}
    return shims


def _values(kv_block: str) -> dict[tuple[str, str], str]:
    """A value per `kv put|patch PATH KEY` line, in order, each with characters a shell or Vault could mangle."""
    lines = re.findall(r"^kv (put|patch) (\S+) (\S+)$", kv_block, re.M)
    assert lines and lines[0][0] == "put"
    return {(path, key): f"{key.lower()} p@ss w0rd \"'$HOME\\ ={i}" for i, (_, path, key) in enumerate(lines)}


def test_readme_steps_store_secrets_that_only_the_apps_policy_reads(out, vault_server, ca, tmp_path):
    blocks = _blocks((out / "README.md").read_text())
    setup, kv = _one(blocks, "vault policy write"), _one(blocks, "kv() {")
    shims = _shims(tmp_path, vault_server, ca)
    env = shims.env({"NAMESPACE": NAMESPACE})
    for _ in range(2):  # the block may be run again (its first lines are no-ops then)
        proc = subprocess.run(["bash", "-e", "-c", setup], cwd=out, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    values = _values(kv)
    typed = "".join(v + "\n" for v in values.values())
    token_file = tmp_path / "pod-home" / ".vault-token"
    token_file.write_text(vault_server.token)  # what `vault login` (step 2) leaves in the pod
    proc = subprocess.run(["bash", "-e", "-c", kv], cwd=out, env=env, input=typed, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not token_file.exists()  # the block ends by removing the login's token from the pod
    args = [arg for call in shims.calls() for arg in call]
    assert any("kv" in a for a in args) and not [a for a in args for v in values.values() if v in a]  # never in argv

    manifests = k8s_side.manifests(out)
    auths = {d["metadata"]["name"]: d["spec"] for d in k8s_side.of_kind(manifests, "VaultAuth")}
    public_ca = tmp_path / "ca.crt"  # what Secret <project>-ca-public holds: the CA's certificate, no key
    public_ca.write_bytes(ca.cert.read_bytes())
    assert b"PRIVATE KEY" not in public_ca.read_bytes()
    root = {"VAULT_ADDR": vault_server.addr, "VAULT_CACERT": str(public_ca), "VAULT_TOKEN": vault_server.token}
    synced: dict[str, dict[str, str]] = {}
    statics = k8s_side.of_kind(manifests, "VaultStaticSecret")
    assert statics
    for vss in statics:
        spec = vss["spec"]
        auth = auths[spec["vaultAuthRef"]]["kubernetes"]
        role = json.loads(vault_server.cli("read", "-format=json", f"auth/kubernetes/role/{auth['role']}", env=root).stdout)
        assert role["data"]["bound_service_account_names"] == [auth["serviceAccount"]]
        assert role["data"]["bound_service_account_namespaces"] == [NAMESPACE]  # expanded on the workstation
        assert role["data"]["audience"] in auth["audiences"]
        token = json.loads(vault_server.cli("token", "create", "-format=json", f"-policy={auth['role']}",
                                            env=root).stdout)["auth"]["client_token"]
        assert json.loads(vault_server.cli("token", "lookup", "-format=json", token, env=root).stdout)["data"][
            "policies"] == ["default", auth["role"]]
        app_env = {**root, "VAULT_TOKEN": token}
        # what VSO reads for a kv-v2 VaultStaticSecret: GET <mount>/data/<path>
        read = vault_server.cli("read", "-format=json", f"{spec['mount']}/data/{spec['path']}", env=app_env)
        assert read.returncode == 0, read.stderr
        data = json.loads(read.stdout)["data"]["data"]
        assert data == {key: v for (path, key), v in values.items() if path == spec["path"]}
        synced[spec["destination"]["name"]] = data
        for other in statics:  # and nothing else
            if other is not vss:
                denied = vault_server.cli("read", f"{other['spec']['mount']}/data/{other['spec']['path']}", env=app_env)
                assert denied.returncode != 0 and "permission denied" in denied.stderr

    # VSO writes `data` into Secret <app>-env; the chart's containers read it as before
    containers = k8s_side.containers(k8s_side.chart_docs(out))
    checked = 0
    for name, container in containers.items():
        refs = [e for e in container.get("env", []) if "valueFrom" in e and e["valueFrom"]["secretKeyRef"]["name"] in synced]
        if not refs:
            continue
        env_seen = k8s_side.kubelet_env(container, synced)
        for e in refs:
            ref = e["valueFrom"]["secretKeyRef"]
            assert env_seen[e["name"]] == synced[ref["name"]][ref["key"]]
            checked += 1
    assert checked == len(values)  # every key typed in reaches its app (SECRET_KEY twice: api's and worker's paths)


def test_manifest_and_readme_agree_on_paths_and_roles(out):
    blocks = _blocks((out / "README.md").read_text())
    setup, kv = _one(blocks, "vault policy write"), _one(blocks, "kv() {")
    manifests = k8s_side.manifests(out)
    for vss in k8s_side.of_kind(manifests, "VaultStaticSecret"):
        spec = vss["spec"]
        auth = k8s_side.of_kind(manifests, "VaultAuth", spec["vaultAuthRef"])[0]["spec"]["kubernetes"]
        assert f"'path \"{spec['mount']}/data/{spec['path']}\" {{ capabilities = [\"read\"] }}'" in setup
        assert f"vault policy write {auth['role']} -" in setup
        assert re.search(rf"^kv put {re.escape(spec['path'])} ", kv, re.M)
    (conn,) = k8s_side.of_kind(manifests, "VaultConnection")
    assert conn["spec"]["address"].startswith("https://vault-active.")
