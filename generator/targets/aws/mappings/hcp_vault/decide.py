"""Vault → HCP Vault Dedicated on AWS (`hcp_hvn`, `hcp_vault_cluster`, peering to the app VPC).

Argument names: service-mapping §5.2 (hashicorp/hcp v0.114). The tier defaults to `dev` in the provider,
so it is always set explicitly; the public endpoint stays off and the app reaches Vault over peering.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

from generator.plan.model import Decision, Resource
from generator.plan.recorder import Recorder
from generator.targets.aws.common import PROVIDERS, one_of

# HCP's rule for an HVN's CIDR (hcp provider docs/resources/hvn.md; its validators.go checks the RFC 1918 part):
# checked here for x-c2p's hvn_cidr and by variables.tf's validation for var.<name>_hvn_cidr.
HVN_CIDR_RULE = ("The HVN CIDR must be an RFC 1918 block (in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) from /16 to "
                 "/25, written as the start of its range")
TIERS = tuple(f"{size}_{t}" for size in ("standard", "plus") for t in ("small", "medium", "large"))
AUTH_METHOD = "aws"  # AWS IAM auth: the app's IAM role (ECS task role / EKS pod identity) logs in, no token to ship


def hvn_cidr_problem(value: Any) -> str | None:
    try:
        net = ipaddress.IPv4Network(value) if isinstance(value, str) and "/" in value else None
    except ValueError:
        net = None
    private = net is not None and any(net.subnet_of(ipaddress.IPv4Network(n)) for n in
                                      ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
    if private and 16 <= net.prefixlen <= 25:
        return None
    return f"{value!r}: {HVN_CIDR_RULE[0].lower()}{HVN_CIDR_RULE[1:]}"


def decide(resource: Resource, d: Recorder) -> Resource:
    d.fact("tls", True)
    d.fact("namespace", "admin")
    d.fact("provider", {"source": PROVIDERS["hcp"][0], "version": PROVIDERS["hcp"][1]})
    d.set("tier", "standard_small", "explicit production tier: the provider defaults to `dev` (no HA, not for "
          "production); standard_small is the smallest production size", ("tier", "size"), one_of(*TIERS))
    d.set("public_endpoint", False, "no public endpoint: the app reaches Vault over the HVN peering")
    d.set("hvn_cidr", "172.25.16.0/20", "the HashiCorp Virtual Network's CIDR; must not overlap the app VPC",
          "hvn_cidr", hvn_cidr_problem)
    d.set("auth_method", AUTH_METHOD, "the app stops using a static token and logs in with its AWS IAM role "
          "(Vault `aws` auth method, iam type); HCP Vault cannot reach a private EKS API for Kubernetes auth",
          "auth_method", one_of("aws", "jwt"))
    d.decisions.insert(0, Decision("mapping", "hcp-vault", "Vault → HCP Vault Dedicated (managed HA, auto-unseal, "
                                   "snapshots), peered to var.vpc_id"))
    warnings = list(resource.warnings)
    if resource.facts.dev_mode:
        warnings.append(f"{resource.name}: Vault runs in dev mode (in-memory): nothing to migrate, and its root token "
                        "must not reach production; the app moves to AWS IAM auth (README.md)")
    warnings += d.unknown_options({
        "version": "HCP upgrades Vault itself (minor and major versions)",
        "ha": "HCP Vault Dedicated production tiers are highly available",
        "replicas": "HCP Vault Dedicated production tiers run a 3-node cluster",
        "backup_retention_days": "HCP takes and keeps the snapshots",
        "storage_gb": "HCP Vault storage comes with the tier",
    })
    return dataclasses.replace(
        resource, mapping="hcp-vault", engine="vault", settings=d.settings,
        decisions=tuple(resource.decisions) + tuple(d.decisions), warnings=tuple(warnings),
    )
