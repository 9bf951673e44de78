"""terraform/variables.tf: every input variable, built here as structure so that the template only prints.

Names and expressions are Terraform code c2p writes: each name is checked as an identifier (`hcl_ident`) and the
expressions are assembled from those names and c2p's own constants, then passed to the template as `Raw`.
Descriptions, messages and defaults are values: the template prints them through the HCL escaper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.render.escape import Raw, hcl_ident, hcl_literal


@dataclass
class Variable:
    name: Raw
    type: Raw
    description: str
    default: Raw | None = None
    sensitive: bool = False
    conditions: list[tuple[Raw, str]] = field(default_factory=list)


def _var(name: str, type_: str, description: str, default: Any = None, *, literal: str | None = None,
         sensitive: bool = False, conditions: list[tuple[str, str]] = ()) -> Variable:
    """`default` is a value (printed as an HCL literal); `literal` a fixed HCL expression c2p wrote (`{}`, `null`)."""
    shown = Raw(literal) if literal is not None else (None if default is None else Raw(hcl_literal(default)))
    return Variable(hcl_ident(name), Raw(type_), description, shown, sensitive,
                    [(Raw(cond), message) for cond, message in conditions])


var = _var  # for the mappings' own inputs (mappings/<name>/__init__.py `variables`)

# Inputs of the providers other than aws, once per output that uses the provider (a mapping's `providers`).
PROVIDER_VARIABLES = {
    "hcp": lambda: [_var("hcp_project_id", "string", "HCP project that owns the HVN and the Vault cluster.")],
    "timescale": lambda: [
        _var("timescale_project_id", "string", "Tiger Cloud project ID."),
        _var("timescale_access_key", "string", "Tiger Cloud client credentials: access key.", sensitive=True),
        _var("timescale_secret_key", "string", "Tiger Cloud client credentials: secret key.", sensitive=True),
    ],
}


def variables(ctx: dict[str, Any]) -> list[Variable]:
    needs = ctx["needs"]
    out = [
        _var("region", "string", "AWS region to deploy into (Tiger Cloud and HCP use the same region).", ctx["region"],
             conditions=[('can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))', "region must look like eu-central-1.")]),
        _var("name_prefix", "string", "Prefix of every resource name (lowercase letters, digits, hyphens).",
             ctx["name_prefix"],
             conditions=[('can(regex("^[a-z][a-z0-9-]{0,18}[a-z0-9]$", var.name_prefix))',
                          "name_prefix must be 2-20 lowercase letters, digits or hyphens, starting with a letter.")]),
        _var("tags", "map(string)", "Tags added to every AWS resource (provider default_tags).", literal="{}"),
    ]
    if needs["vpc"]:
        out.append(_var("vpc_id", "string", "ID of the existing VPC the app runs in.",
                        conditions=[('can(regex("^vpc-[0-9a-f]+$", var.vpc_id))', "vpc_id must be a VPC ID (vpc-...).")]))
    if needs["subnets"]:
        out.append(_var("private_subnet_ids", "list(string)",
                        "Private subnets (in at least two availability zones) for the databases and caches.",
                        conditions=[("length(var.private_subnet_ids) >= 2",
                                     "Give at least two private subnets in different availability zones (Multi-AZ).")]))
    if needs["app_sg"]:
        out.append(_var("app_security_group_id", "string",
                        "Security group of the app's tasks/pods: the only source allowed to reach the data services.",
                        conditions=[('can(regex("^sg-[0-9a-f]+$", var.app_security_group_id))',
                                     "app_security_group_id must be a security group ID (sg-...).")]))
    if needs["subnets"]:
        out.append(_var("operator_security_group_ids", "list(string)",
                        "Security groups of operators' hosts (a bastion, a CI runner in the VPC) also admitted to the "
                        "databases, caches and file systems, for the role, restore and copy steps of README.md and "
                        "MIGRATION.md. Empty: only the app's security group.", literal="[]",
                        conditions=[('alltrue([for id in var.operator_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])',
                                     "operator_security_group_ids must be security group IDs (sg-...).")]))
    if needs["peering"]:
        out.append(_var("private_route_table_ids", "list(string)",
                        "Route tables of the app's private subnets: each gets a route to the peered managed-service network."))
    if needs["kms"]:
        out.append(_var("kms_key_arn", "string",
                        "Customer-managed KMS key for encryption at rest and secrets; null uses the AWS-managed keys.",
                        literal="null"))
    for m, _rs in ctx["mapped"]:
        out += m.shared_variables()
    for provider in ctx["provider_names"]:
        out += PROVIDER_VARIABLES.get(provider, lambda: [])()
    for m, rs in ctx["mapped"]:
        for r in rs:
            out += m.variables(r, ctx)
    return out
