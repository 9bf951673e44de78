"""Vault → HCP Vault Dedicated on AWS (`hcp_hvn`, `hcp_vault_cluster`, peering to the app VPC). decide.py holds the
plan stage; main.tf.j2, outputs.tf.j2 and the README/MIGRATION sections sit here."""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.render.escape import hcl_ident, hcl_literal
from generator.targets.aws.base import AwsBase
from generator.targets.aws.common import tf_id
from generator.targets.aws.mappings.hcp_vault import decide as _decide
from generator.targets.aws.mappings.hcp_vault.decide import HVN_CIDR_RULE, TIERS


def _hvn_cidr_condition(var: str) -> str:
    """HCP's rule for an HVN (hcp provider docs/resources/hvn.md; validators.go checks the RFC 1918 part): an
    RFC 1918 block from /16 to /25, given as the start of its range. Uses only `var`, inside try() so that a
    malformed value is false rather than an evaluation error."""
    ip, bits = f'split("/", {var})[0]', f'tonumber(split("/", {var})[1])'
    private = " || ".join(f'cidrhost(format("%s/{size}", {ip}), 0) == "{net}"'
                          for net, size in (("10.0.0.0", 8), ("172.16.0.0", 12), ("192.168.0.0", 16)))
    return f"try(cidrhost({var}, 0) == {ip} && {bits} >= 16 && {bits} <= 25 && ({private}), false)"


class HcpVault(AwsBase):
    name = "hcp-vault"
    kinds = ("vault",)
    title = "HCP Vault Dedicated (hcp_vault_cluster)"
    here = __file__
    home = "hcp"
    providers = ("hcp",)
    # ForceNew in hcp 0.114.0 internal/providersdkv2/resource_vault_cluster.go and resource_hvn.go
    replaced_by = ("hcp_vault_cluster", (
        ("cluster_id", "var.name_prefix"), ("hvn_id", "a new HVN: var.region, var.name_prefix or the HVN CIDR"),
    ))
    engine_family = "vault"

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        return _decide.decide(resource, rec)

    def peering(self, resource: Resource) -> bool:
        return True

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        vc = f"hcp_vault_cluster.{tf_id(resource.name)}"
        return {
            "addr": Output(f"{vc}.vault_private_endpoint_url", f"<{vc}.vault_private_endpoint_url>"),
            "namespace": Output(f"{vc}.namespace", "admin"),
        }

    def variables(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list:
        from generator.targets.aws.variables import var

        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        return [
            var(f"{i}_tier", "string", f"{n} (HCP Vault Dedicated): cluster tier; never dev in production.", s["tier"],
                conditions=[(f"contains({hcl_literal(list(TIERS))}, var.{i}_tier)",
                             "Use a production tier: " + ", ".join(TIERS) + ".")]),
            var(f"{i}_hvn_cidr", "string",
                f"{n} (HCP): CIDR of the HashiCorp Virtual Network; must not overlap the app VPC.", s["hvn_cidr"],
                conditions=[(_hvn_cidr_condition(f"var.{i}_hvn_cidr"), HVN_CIDR_RULE + ".")]),
        ]

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        name = resource.name
        return {
            "guide": self.template("guide.md.j2"),
            "apply_setup": self.template("apply_setup.md.j2"),
            "migration": self.template("migration.md.j2"),
            "cost": f"{name}: HCP Vault Dedicated {resource.settings['tier']}, billed per hour by tier; the HVN peering "
                    "has no HCP charge, cross-AZ traffic is billed by AWS.",
            "exposure": f"{name} (HCP Vault) has no public endpoint and is reached over the HVN peering",
            "tls_note": f"{name}: HCP Vault serves HTTPS only",
            "kept": f"{name}: `prevent_destroy`",
        }


MAPPING = HcpVault()
