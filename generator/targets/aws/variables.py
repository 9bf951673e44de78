"""terraform/variables.tf: every input variable, built here as structure so that the template only prints.

Names and expressions are Terraform code c2p writes: each name is checked as an identifier (`hcl_ident`) and the
expressions are assembled from those names and c2p's own constants, then passed to the template as `Raw`.
Descriptions, messages and defaults are values: the template prints them through the HCL escaper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.render.escape import Raw, hcl_ident, hcl_literal
from generator.targets.aws.hcp_vault import HVN_CIDR_RULE


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


def _hvn_cidr_condition(var: str) -> str:
    """HCP's rule for an HVN (hcp provider docs/resources/hvn.md; validators.go checks the RFC 1918 part): an
    RFC 1918 block from /16 to /25, given as the start of its range. Uses only `var`, inside try() so that a
    malformed value is false rather than an evaluation error."""
    ip, bits = f'split("/", {var})[0]', f'tonumber(split("/", {var})[1])'
    private = " || ".join(f'cidrhost(format("%s/{size}", {ip}), 0) == "{net}"'
                          for net, size in (("10.0.0.0", 8), ("172.16.0.0", 12), ("192.168.0.0", 16)))
    return f"try(cidrhost({var}, 0) == {ip} && {bits} >= 16 && {bits} <= 25 && ({private}), false)"


def variables(ctx: dict[str, Any]) -> list[Variable]:
    needs, by = ctx["needs"], ctx["by_mapping"]
    allowed = ctx["allowed"]
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
    if by["elasticache"]:
        out.append(_var("logs_kms_key_arn", "string",
                        "KMS key of the CloudWatch log groups; its key policy must allow the service principal "
                        "logs.<region>.amazonaws.com (README.md, Encryption keys). null: CloudWatch Logs' own encryption.",
                        literal="null"))
    if by["hcp-vault"]:
        out.append(_var("hcp_project_id", "string", "HCP project that owns the HVN and the Vault cluster."))
    if by["tiger-cloud"]:
        out.append(_var("timescale_project_id", "string", "Tiger Cloud project ID."))
        out.append(_var("timescale_access_key", "string", "Tiger Cloud client credentials: access key.", sensitive=True))
        out.append(_var("timescale_secret_key", "string", "Tiger Cloud client credentials: secret key.", sensitive=True))
    for r in by["tiger-cloud"]:
        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        out += [
            _var(f"{i}_milli_cpu", "number", f"{n} (Tiger Cloud): CPU in millicores.", s["milli_cpu"],
                 conditions=[(f"contains({hcl_literal(allowed['milli_cpu'])}, var.{i}_milli_cpu)",
                              "Tiger Cloud sizes: " + ", ".join(map(str, allowed["milli_cpu"])) + ".")]),
            _var(f"{i}_memory_gb", "number", f"{n} (Tiger Cloud): memory in GB, milli_cpu / 250.", s["memory_gb"],
                 conditions=[(f"var.{i}_memory_gb * 250 == var.{i}_milli_cpu",
                              "Tiger Cloud pairs 4 GB of memory with each vCPU: memory_gb = milli_cpu / 250.")]),
            _var(f"{i}_ha_replicas", "number",
                 f"{n} (Tiger Cloud): HA replicas (0 none, 1 high availability, 2 highest).", s["ha_replicas"],
                 conditions=[(f"contains([0, 1, 2], var.{i}_ha_replicas)", "ha_replicas is 0, 1 or 2.")]),
            _var(f"{i}_sync_replicas", "number",
                 f"{n} (Tiger Cloud): synchronous replicas (1 only with 2 HA replicas).", s["sync_replicas"],
                 conditions=[(f"var.{i}_sync_replicas == 0 || (var.{i}_sync_replicas == 1 && var.{i}_ha_replicas == 2)",
                              "sync_replicas = 1 needs ha_replicas = 2.")]),
        ]
        if s.get("vpc_peering"):
            out.append(_var(f"{i}_vpc_cidr", "string",
                            f"{n} (Tiger Cloud): CIDR of the Tiger Cloud VPC; must not overlap the app VPC.",
                            s["vpc_cidr"], conditions=[(f"can(cidrhost(var.{i}_vpc_cidr, 0))", "Give an IPv4 CIDR block.")]))
    for r in by["rds"]:
        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        out += [
            _var(f"{i}_engine_version", "string",
                 f"{n} (RDS): PostgreSQL major version; minor versions upgrade automatically.", s["engine_version"],
                 conditions=[(f'can(regex("^1[3-8]$", var.{i}_engine_version))',
                              "Give a PostgreSQL major version RDS offers (13-18).")]),
            _var(f"{i}_instance_class", "string", f"{n} (RDS): instance class.", s["instance_class"]),
            _var(f"{i}_allocated_storage", "number", f"{n} (RDS): initial gp3 storage in GiB.", s["allocated_storage"],
                 conditions=[(f"var.{i}_allocated_storage >= 20", "gp3 storage starts at 20 GiB.")]),
            _var(f"{i}_max_allocated_storage", "number", f"{n} (RDS): storage autoscaling ceiling in GiB.",
                 s["max_allocated_storage"],
                 conditions=[(f"var.{i}_max_allocated_storage > var.{i}_allocated_storage",
                              "The autoscaling ceiling must be above the initial storage.")]),
            _var(f"{i}_multi_az", "bool", f"{n} (RDS): synchronous standby in another availability zone.",
                 s["multi_az"]),
            _var(f"{i}_backup_retention_days", "number",
                 f"{n} (RDS): days of automated backups and point-in-time recovery.", s["backup_retention_days"],
                 conditions=[(f"var.{i}_backup_retention_days >= 1 && var.{i}_backup_retention_days <= 35",
                              "RDS keeps backups 1 to 35 days (0 would turn backups off).")]),
            _var(f"{i}_apply_immediately", "bool",
                 f"{n} (RDS): apply changes now instead of in the maintenance window; true for a major version "
                 "upgrade (README.md, Upgrades).", False),
        ]
    for r in by["elasticache"]:
        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        nodes = ((f"var.{i}_num_cache_clusters >= 2 && var.{i}_num_cache_clusters <= 6",
                  "Automatic failover and Multi-AZ need 2 to 6 nodes.") if s["automatic_failover"] else
                 (f"var.{i}_num_cache_clusters >= 1 && var.{i}_num_cache_clusters <= 6", "Give 1 to 6 nodes."))
        out += [
            _var(f"{i}_engine_version", "string", f"{n} (ElastiCache {r['engine']}): engine version.",
                 s["engine_version"],
                 conditions=[(f'can(regex("^[0-9]+\\\\.[0-9]+$", var.{i}_engine_version))',
                              "Give a major.minor version, e.g. 8.1.")]),
            _var(f"{i}_node_type", "string", f"{n} (ElastiCache): node type.", s["node_type"]),
            _var(f"{i}_num_cache_clusters", "number", f"{n} (ElastiCache): nodes (primary + replicas).",
                 s["num_cache_clusters"], conditions=[nodes]),
            _var(f"{i}_snapshot_retention_days", "number", f"{n} (ElastiCache): days daily snapshots are kept.",
                 s["snapshot_retention_days"],
                 conditions=[(f"var.{i}_snapshot_retention_days >= 1 && var.{i}_snapshot_retention_days <= 35",
                              "Keep snapshots 1 to 35 days (0 would turn backups off).")]),
            _var(f"{i}_auth_token_update_strategy", "string",
                 f"{n} (ElastiCache): ROTATE adds a new auth token and keeps the old one valid; SET, applied "
                 "after a ROTATE, makes the current token the only one (README.md, Rotating the auth token).",
                 s["auth_token_update_strategy"],
                 conditions=[(f'contains(["ROTATE", "SET"], var.{i}_auth_token_update_strategy)',
                              "auth_token_update_strategy is ROTATE or SET.")]),
            _var(f"{i}_snapshot_arns", "list(string)",
                 f"{n} (ElastiCache): RDB files in S3 that seed the group when it is created (MIGRATION.md); "
                 "ignored once the group exists.", literal="[]"),
        ]
    for r in by["hcp-vault"]:
        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        out += [
            _var(f"{i}_tier", "string", f"{n} (HCP Vault Dedicated): cluster tier; never dev in production.", s["tier"],
                 conditions=[(f"contains({hcl_literal(allowed['vault_tiers'])}, var.{i}_tier)",
                              "Use a production tier: " + ", ".join(allowed["vault_tiers"]) + ".")]),
            _var(f"{i}_hvn_cidr", "string",
                 f"{n} (HCP): CIDR of the HashiCorp Virtual Network; must not overlap the app VPC.", s["hvn_cidr"],
                 conditions=[(_hvn_cidr_condition(f"var.{i}_hvn_cidr"), HVN_CIDR_RULE + ".")]),
        ]
    for r in by["secrets-manager"]:
        i, n = hcl_ident(r["id"]), r["name"]
        out += [
            _var(f"{i}_secret_names", "list(string)",
                 f"{n} (Secrets Manager, instead of Vault): one secret per name, <name_prefix>/{n}/<name>; Terraform "
                 "creates them empty and never holds their values.", ctx["secret_names"][n],
                 conditions=[(f"length(var.{i}_secret_names) > 0 && alltrue([for s in var.{i}_secret_names : "
                              'can(regex("^[A-Za-z0-9/_+=.@-]+$", s))])',
                              "Give at least one name, of letters, digits and /_+=.@- (Secrets Manager's names).")]),
            _var(f"{i}_reader_role_names", "list(string)",
                 f"{n} (Secrets Manager): names of the IAM roles the apps run as (ECS task role, EKS pod role) that "
                 "read these secrets; the read policy is attached to each.", literal="[]"),
        ]
    return out
