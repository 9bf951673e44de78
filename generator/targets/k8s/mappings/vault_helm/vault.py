"""Render stage for Vault: values/<release>.values.yaml for the hashicorp/vault chart (templates/vault.values.yaml.j2)."""

from __future__ import annotations

from pathlib import Path

from generator.plan.model import Plan, Resource
from generator.render.escape import hcl_string
from generator.targets.k8s.mapping import render as render_beside

HERE = Path(__file__).parent
SEALS = {
    "awskms": ("region", "kms_key_id"),
    "gcpckms": ("project", "region", "key_ring", "crypto_key"),
    "azurekeyvault": ("tenant_id", "vault_name", "key_name"),
}


def raft_config(s: dict) -> str:
    """server.ha.raft.config: the Vault server configuration, built as text here and emitted through the YAML library
    (a literal block), so nothing in the release name can end the block or add keys to values.yaml."""
    tls = f"/vault/userconfig/{s['release']}-tls"
    lines = [
        "ui = true",
        'listener "tcp" {',
        '  address         = "[::]:8200"',
        '  cluster_address = "[::]:8201"',
        f"  tls_cert_file   = {hcl_string(tls + '/tls.crt')}",
        f"  tls_key_file    = {hcl_string(tls + '/tls.key')}",
        "}",
        'storage "raft" {',
        '  path = "/vault/data"',
    ]
    release = s["release"]
    for i in range(int(s["replicas"])):
        lines += [
            "  retry_join {",
            f"    leader_api_addr     = {hcl_string(f'https://{release}-{i}.{release}-internal:8200')}",
            f"    leader_ca_cert_file = {hcl_string(tls + '/ca.crt')}",
            "  }",
        ]
    lines.append("}")
    keys = SEALS.get(s.get("seal") or "")
    if keys:
        width = max(len(k) for k in keys)
        lines += [f'seal "{s["seal"]}" {{'] + [f'  {k.ljust(width)} = "CHANGE-ME"' for k in keys] + ["}"]
    else:
        lines += [
            "# Shamir seal (the default when no seal stanza is set). To auto-unseal with a cloud KMS add e.g.",
            '#   seal "awskms" { region = "eu-central-1"  kms_key_id = "alias/vault-unseal" }',
            "# (or gcpckms / azurekeyvault) and give the server's service account access to the key",
            "# (server.serviceAccount.annotations, e.g. eks.amazonaws.com/role-arn); see README.",
        ]
    lines.append('service_registration "kubernetes" {}')
    return "\n".join(lines) + "\n"


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    s = resource.settings
    text = render_beside(HERE, "vault.values.yaml.j2", r=resource, s=s, raft_config=raft_config(s))
    return {f"values/{s['release']}.values.yaml": text}


# Objects the hashicorp/vault chart names after its release (Services, StatefulSet, injector, its
# certificates) and the TLS Secret the README has you create.
SUFFIXES = ("", "-active", "-standby", "-internal", "-ui", "-tls", "-agent-injector", "-agent-injector-svc",
            "-agent-injector-cfg", "-server-test", "-config")


def generated_names(release: str) -> tuple[str, ...]:
    """Every object name a Vault release named `release` brings into the namespace."""
    return tuple(f"{release}{suffix}" for suffix in SUFFIXES)
