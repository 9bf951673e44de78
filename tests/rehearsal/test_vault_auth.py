"""Review k8s #6: the README's Vault Kubernetes-auth block, run as written against a real Vault.

The block runs from the workstation: every Vault command goes through `kubectl -n "$NAMESPACE" exec vault-0 -- vault …`,
so `$NAMESPACE` is expanded on the workstation. The rehearsal runs it with bash -e and the `kubectl` stand-in of
runbook.py, whose `exec vault-0` runs the real `vault` client with the pod's environment as the chart gives it
(VAULT_ADDR https://127.0.0.1:8200 → the rehearsal Vault's TLS listener; VAULT_CACERT → the CA that signed it; HOME →
the pod's writable home, where `vault login` keeps the token for the next `exec`).

Substitutions (the only differences from production): a fresh dev-mode Vault stands for the Vault just after
`vault operator init` + unseal (dev mode's own `secret/` mount is removed first, as a new Vault has none); the
"initial root token" pasted at `read` is a root-policy token made for the test; the pod path /vault/audit is a
local folder; `vault write auth/kubernetes/config` gets `disable_local_ca_jwt=true` (the server is not in a pod, so it
has no service-account files to read). The init/unseal block is not rehearsed (dev mode is initialised and unsealed).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.rehearsal import k8s_side
from tests.rehearsal.runbook import Shims, blocks
from tests.rehearsal.servers import VaultServer

pytestmark = pytest.mark.rehearsal
CASES = Path(__file__).resolve().parents[1] / "golden" / "cases"
K8S_CASES = sorted(p.name for p in CASES.iterdir() if list(p.glob("expected/k8s/values/*vault*.values.yaml")))
NAMESPACE = "prod-apps"  # not the default one the README exports: the block must use the workstation's $NAMESPACE


@pytest.fixture
def fresh_vault(tmp_path, ca):
    server = VaultServer(tmp_path / "vault", ca, require_tool("vault")).start()
    dev = {"VAULT_ADDR": f"http://{server.host}:{server.dev_port}", "VAULT_TOKEN": server.token}
    try:
        assert server.cli("secrets", "disable", "secret", env=dev).returncode == 0
        root = server.cli("token", "create", "-policy=root", "-field=token", env=dev)
        assert root.returncode == 0, root.stderr
        yield server, dev, root.stdout.strip()
    finally:
        server.stop()


def _pod_shims(tmp_path: Path, vault: VaultServer, ca) -> Shims:
    shims = Shims(tmp_path / "shim")
    pod_bin = tmp_path / "pod-bin"
    pod_bin.mkdir()
    # In the pod the Vault server reads its own service-account CA and token for the Kubernetes auth config; the
    # rehearsal server runs outside a pod, so that one command says not to (the only argument added to the block).
    (pod_bin / "vault").write_text(
        "#!/bin/sh\n"
        f'if [ "$1 $2" = "write auth/kubernetes/config" ]; then exec "{vault.binary}" "$@" disable_local_ca_jwt=true; fi\n'
        f'exec "{vault.binary}" "$@"\n')
    (pod_bin / "vault").chmod(0o755)
    (tmp_path / "pod-home").mkdir()
    (tmp_path / "pod-audit").mkdir()
    shims.world["pods"]["vault-0"] = {
        "kind": "vault", "bin": str(pod_bin), "fs": {"/vault/audit": str(tmp_path / "pod-audit")},
        # what the chart and the generated values give the server container
        "env": {"VAULT_ADDR": vault.addr, "VAULT_CACERT": str(ca.cert), "HOME": str(tmp_path / "pod-home")},
    }
    return shims


def _auth_block(case: str, out: Path) -> str:
    readme = (k8s_side.generate(case, out) / "README.md").read_text()
    section = readme.split("### Vault: init, unseal, Kubernetes auth", 1)[1].split("\n## ", 1)[0]
    found = [b for b in blocks(section) if "auth/kubernetes/role/" in b]
    assert len(found) == 1, "one block configures the Kubernetes auth"
    return found[0]


def _run(shims: Shims, block: str, cwd: Path, token: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", block], cwd=cwd, env=shims.env(env), input=token + "\n",
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", K8S_CASES)
def test_k8s_vault_auth_block_creates_each_role_bound_to_the_namespace(case, tmp_path, ca, fresh_vault):
    vault, dev, root = fresh_vault
    block = _auth_block(case, tmp_path / "out")
    roles = dict(re.findall(r"auth/kubernetes/role/(\S+) \\\n\s+bound_service_account_names=(\S+)", block))
    assert roles, block
    proc = _run(_pod_shims(tmp_path, vault, ca), block, tmp_path / "out" / "k8s", root, {"NAMESPACE": NAMESPACE})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for role, account in roles.items():
        read = vault.cli("read", "-format=json", f"auth/kubernetes/role/{role}", env=dev)
        assert read.returncode == 0, read.stderr
        data = json.loads(read.stdout)["data"]
        assert data["bound_service_account_namespaces"] == [NAMESPACE]
        assert data["bound_service_account_names"] == [account]
        assert role in data["token_policies"]
        policy = vault.cli("policy", "read", role, env=dev)
        assert policy.returncode == 0 and "capabilities" in policy.stdout
    mounts = json.loads(vault.cli("secrets", "list", "-format=json", env=dev).stdout)
    assert mounts["secret/"]["options"]["version"] == "2"
    assert list((tmp_path / "pod-audit").iterdir()), "the audit device writes under /vault/audit"
    assert vault.cli("token", "lookup", env={**dev, "VAULT_TOKEN": root}).returncode != 0, "root token revoked"
    assert root not in block and root not in json.dumps(_pod_shims_calls(tmp_path)), "the token is never an argument"


def _pod_shims_calls(tmp_path: Path) -> list:
    log = tmp_path / "shim" / "calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_broken_on_purpose_the_old_in_pod_shell_writes_no_role(tmp_path, ca, fresh_vault):
    """What the README did before: `vault write … bound_service_account_namespaces="$NAMESPACE"` typed in a shell
    inside vault-0, where the chart sets VAULT_K8S_NAMESPACE but no NAMESPACE: Vault refuses the role."""
    vault, dev, root = fresh_vault
    assert vault.cli("auth", "enable", "kubernetes", env=dev).returncode == 0
    pod_env = {"VAULT_ADDR": vault.addr, "VAULT_CACERT": str(ca.cert), "VAULT_TOKEN": root}
    shell = subprocess.run(["sh", "-c", 'vault write auth/kubernetes/role/web bound_service_account_names=web '
                            'bound_service_account_namespaces="$NAMESPACE" policies=web ttl=1h'],
                           env={"PATH": f"{Path(vault.binary).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
                                "VAULT_K8S_NAMESPACE": "prod-apps", **pod_env},
                           capture_output=True, text=True, timeout=30)
    assert shell.returncode != 0
    assert "bound_service_account_namespaces" in shell.stderr, shell.stderr
    assert vault.cli("read", "auth/kubernetes/role/web", env=dev).returncode != 0
