"""Vault → AWS Secrets Manager, the seed's alternative to HCP Vault (`x-c2p: {aws: {vault: secrets-manager}}`).

Secrets Manager replaces only Vault's key/value store: one secret per name under `<name_prefix>/<vault service>/`,
created empty by Terraform (it never holds their values, so they stay out of state), read by the apps' IAM roles
through one least-privilege policy (GetSecretValue/DescribeSecret on exactly those secrets, kms:Decrypt through
Secrets Manager only when a customer key is used: AWS Secrets Manager user guide, "Authentication and access
control" and "Secret encryption and decryption"). The Vault API is not compatible: README.md says what the app
changes and what is lost. HCP Vault Dedicated stays the default (mappings/hcp_vault).
"""

from __future__ import annotations

import dataclasses
from generator.plan.model import Decision, Resource
from generator.plan.recorder import Recorder

OPTION = "vault"  # x-c2p aws.vault: hcp (default) | secrets-manager (generator/targets/aws/__init__.py choose)
# What Vault does that Secrets Manager does not, and the AWS service that comes closest (README.md prints it).
LOST = (
    ("dynamic secrets (database, cloud credentials issued per lease)",
     "RDS IAM authentication or Secrets Manager rotation of a fixed secret"),
    ("leases, renewal and revocation", "none: a secret stays valid until it is rotated or deleted"),
    ("the transit engine (encryption as a service)", "AWS KMS Encrypt/Decrypt/GenerateDataKey"),
    ("the PKI engine", "AWS Private CA"),
    ("Vault policies and auth methods", "IAM policies on the app's role (this output generates one)"),
    ("KV v2's full version history", "the AWSCURRENT/AWSPREVIOUS staging labels"),
)


def decide(resource: Resource, d: Recorder) -> Resource:
    d.used.add(OPTION)
    d.fact("tls", True)  # the Secrets Manager API is HTTPS only
    d.fact("namespace", None)  # no Vault namespace: the apps get no VAULT_NAMESPACE
    d.fact("vault_api", False)  # no Vault API in production: consumers drop their Vault variables (plan/envmap.py)
    d.set("recovery_window_days", 30, "a deleted secret can be restored for 30 days (the Secrets Manager maximum)")
    d.fact("prefix_part", resource.name)
    d.decisions.insert(0, Decision("mapping", "secrets-manager", "Vault → AWS Secrets Manager, chosen with x-c2p "
                                   "aws.vault: secrets-manager (the default, HCP Vault Dedicated, keeps the Vault API): "
                                   f"secrets under <name_prefix>/{resource.name}/, read with the apps' IAM roles; "
                                   "replaces Vault's key/value store only", source="override"))
    # first: the plan summary shows a resource's first two warnings, and this one changes the app
    warnings = [f"{resource.name}: Vault is replaced by AWS Secrets Manager (x-c2p aws.vault: secrets-manager): the "
                "app must stop calling the Vault API and read its secrets with the AWS SDK or the runtime's secret "
                "injection; dynamic secrets, leases, transit and Vault policies are lost (README.md)",
                *resource.warnings]
    why = "Secrets Manager is serverless: no version, size or HA to choose"
    warnings += d.unknown_options({key: why for key in ("version", "ha", "replicas", "size", "tier", "storage_gb")} | {
        "backup_retention_days": "Secrets Manager stores secrets redundantly; deleted ones are recoverable for "
                                 "the recovery window",
        "hvn_cidr": "only HCP Vault has a HashiCorp Virtual Network", "auth_method": "apps read with their IAM role",
    })
    return dataclasses.replace(
        resource, mapping="secrets-manager", engine="secretsmanager", settings=d.settings,
        decisions=tuple(resource.decisions) + tuple(d.decisions), warnings=tuple(warnings),
    )

