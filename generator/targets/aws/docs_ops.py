"""README.md's operating notes, decided here from the plan so that each holds for the file at hand: security notes,
the arguments that would replace a data-holding resource, the checkov skip reasons. The template only prints.

Sources: ForceNew arguments from the providers' schemas (hashicorp/aws internal/service/elasticache/
replication_group.go and internal/service/rds/instance.go; timescale 2.13.3 internal/provider/service_resource.go;
hcp 0.114.0 internal/providersdkv2/resource_vault_cluster.go and resource_hvn.go).
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Resource

# What would make Terraform replace (destroy, then create empty) each data-holding resource, and where it comes from
# in the generated code. `prevent_destroy` turns such a plan into an error.
REPLACED_BY = {
    "elasticache": ("aws_elasticache_replication_group", [
        ("kms_key_id", "var.kms_key_arn"), ("port", "the port"), ("subnet_group_name", "var.name_prefix"),
        ("replication_group_id", "var.name_prefix"), ("at_rest_encryption_enabled", "fixed in the template"),
        ("engine", "a move back from valkey to redis"),
    ]),
    "rds": ("aws_db_instance", [
        ("kms_key_id", "var.kms_key_arn"), ("username", "the master user"), ("db_name", "the database name"),
        ("storage_encrypted", "fixed in the template"), ("engine", "fixed in the template"),
    ]),
    "tiger-cloud": ("timescale_service", [("region_code", "var.region")]),
    "hcp-vault": ("hcp_vault_cluster", [
        ("cluster_id", "var.name_prefix"), ("hvn_id", "a new HVN: var.region, var.name_prefix or the HVN CIDR"),
    ]),
}


def names(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _mapped(plan: Plan, mapping: str) -> list[Resource]:
    return [r for r in plan.resources if r.mapping == mapping]


# aws_efs_file_system: ForceNew in hashicorp/aws internal/service/efs/file_system.go
EFS_REPLACED_BY = [("kms_key_id", "var.kms_key_arn"), ("creation_token", "var.name_prefix"),
                   ("encrypted", "fixed in the template"), ("performance_mode", "fixed in the template")]


def replacements(plan: Plan, tf_id, efs=()) -> list[str]:
    lines = [f"`aws_efs_file_system.{f.id}` ({f.source}): a change of "
             + ", ".join(f"`{arg}` ({where})" for arg, where in EFS_REPLACED_BY) for f in efs]
    for r in plan.resources:
        if r.mapping not in REPLACED_BY:
            continue
        kind, args = REPLACED_BY[r.mapping]
        changes = ", ".join(f"`{arg}` ({where})" for arg, where in args)
        lines.append(f"`{kind}.{tf_id(r.name)}` ({r.name}): a change of {changes}")
    return lines


def security_notes(plan: Plan, needs: dict[str, Any], efs=()) -> list[str]:
    notes = []
    exposure = []
    in_vpc = [r.name for r in plan.resources if r.mapping in ("rds", "elasticache")]
    if in_vpc:
        exposure.append(names(in_vpc) + (" sits" if len(in_vpc) == 1 else " sit") + " in `var.private_subnet_ids` "
                        "behind a security group that admits only `var.app_security_group_id` (and "
                        "`var.operator_security_group_ids`, empty by default)")
    for r in _mapped(plan, "hcp-vault"):
        exposure.append(f"{r.name} (HCP Vault) has no public endpoint and is reached over the HVN peering")
    for r in _mapped(plan, "tiger-cloud"):
        exposure.append(f"{r.name} (Tiger Cloud) is attached to a Tiger Cloud VPC peered with `var.vpc_id`"
                        if r.settings.get("vpc_peering") else
                        f"**{r.name} (Tiger Cloud) has a public endpoint** (TLS and its password required); "
                        "`x-c2p.aws.vpc_peering: true` attaches it to a peered VPC instead")
    if efs:
        exposure.append("the apps' EFS file systems (" + names([f.source for f in efs]) + ") admit NFS only from the same groups")
    if exposure:
        notes.append("Network: " + "; ".join(exposure) + ".")
    tls = []
    for r in _mapped(plan, "rds"):
        tls.append(f"{r.name}: the parameter group sets `rds.force_ssl = 1` (`sslmode={r.settings.get('sslmode')}`)")
    for r in _mapped(plan, "elasticache"):
        mode = r.settings.get("transit_encryption_mode")
        tls.append(f'{r.name}: `transit_encryption_mode = "{mode}"` (`rediss://`' +
                   (", plaintext accepted too for the apps that cannot take TLS)" if mode == "preferred" else ")"))
    for r in _mapped(plan, "tiger-cloud"):
        tls.append(f"{r.name}: Tiger Cloud accepts TLS connections only (`sslmode={r.settings.get('sslmode')}`)")
    for r in _mapped(plan, "hcp-vault"):
        tls.append(f"{r.name}: HCP Vault serves HTTPS only")
    if tls:
        notes.append("TLS in transit: " + "; ".join(tls) + ".")
    if needs.get("kms"):
        notes.append(("Encryption at rest on every service" if plan.resources else "The app secrets are encrypted "
                      "at rest") + "; `var.kms_key_arn` switches from AWS-managed keys to your own KMS key (see "
                     "\"Encryption keys\").")
    mappings = {r.mapping for r in plan.resources}
    held = ((["the generated auth tokens"] if "elasticache" in mappings else [])
            + (["passwords read from the services"] if mappings & {"rds", "tiger-cloud"} else [])
            + (["the assembled app environments"] if plan.apps else []))
    if held:
        notes.append(f"Terraform state holds secrets ({names(held)}): keep it in an encrypted remote backend with "
                     "restricted access (S3 with SSE-KMS, or OpenTofu state encryption).")
    kept = []
    for r in _mapped(plan, "rds"):
        kept.append(f"{r.name}: `deletion_protection = true`, a final snapshot on destroy, and `prevent_destroy`")
    for r in _mapped(plan, "elasticache"):
        kept.append(f"{r.name}: a final snapshot on destroy (`final_snapshot_identifier`) and `prevent_destroy` "
                    "(ElastiCache has no deletion protection setting)")
    for r in _mapped(plan, "tiger-cloud") + _mapped(plan, "hcp-vault"):
        kept.append(f"{r.name}: `prevent_destroy`")
    for f in efs:
        kept.append(f"{f.source} (EFS): daily AWS Backup and `prevent_destroy`")
    if kept:
        notes.append("Against data loss: " + "; ".join(kept) + " (see \"Replacements that would lose data\").")
    if needs.get("app_sg"):
        notes.append("Security-group rules are standalone resources: `aws_vpc_security_group_ingress_rule` on each "
                     "service's own group and `aws_vpc_security_group_egress_rule` on `var.app_security_group_id`. "
                     "If your own Terraform manages the app's security group with inline `ingress`/`egress` blocks, "
                     "the two fight (each apply removes the other's rules, as the AWS provider's `aws_security_group` "
                     "docs warn): manage that group's rules as standalone resources too, never inline.")
    return notes


def checkov_skips(plan: Plan) -> dict[str, dict[str, str]]:
    """{where: {check: reason}} for exactly the inline skips this plan's output carries (the templates print them
    where they sit, README.md lists them through docs.checkov_skip_list), each reason naming only what the output
    holds. One decision for both: a key is here if and only if the resource it sits on is generated."""
    from generator.targets.aws.env import user_keys

    mappings = {r.mapping for r in plan.resources}
    sources = []
    if mappings & {"rds", "tiger-cloud"}:
        sources.append("the apps' database role password")
    if "elasticache" in mappings:
        sources.append("the ElastiCache auth token")
    held = (f"holds values Terraform assembles from {names(sources)}, rotated at their source with "
            "`tofu apply -replace=…`, which rewrites this secret" if sources else
            "holds the app's environment as Terraform assembles it; a re-apply rewrites this secret")
    out: dict[str, dict[str, str]] = {}
    if plan.apps:
        out["app_env"] = {"CKV2_AWS_57": held}
    if any(user_keys(a) for a in plan.apps):
        out["app_user"] = {
            "CKV2_AWS_57": "holds values only the team knows (API keys, signing secrets), set by hand; rotate them "
                           "where they are issued and put the new value here",
        }
    if "elasticache" in mappings:
        out["elasticache_auth"] = {
            "CKV2_AWS_57": "the token is generated by Terraform (random_password): rotate it in two applies, "
                           "`-replace=random_password.<name>_auth` (ROTATE: old and new token valid), then "
                           "`-var <name>_auth_token_update_strategy=SET` once the apps use the new one (README.md)",
        }
    if mappings & {"rds", "tiger-cloud"}:
        out["db_app"] = {
            "CKV2_AWS_57": "the apps' database password is generated by Terraform (random_password) and must not change "
                           "under running apps; rotate it with `tofu apply -replace=random_password.<name>_app`, then "
                           "re-run the role step (README.md) and restart the apps",
        }
    if "secrets-manager" in mappings:
        out["secrets_manager"] = {
            "CKV2_AWS_57": "the values come from the team (they replace Vault's key/value secrets) and Terraform never "
                           "holds them; turn on rotation per secret where its source supports it (a rotation Lambda)",
        }
    return out
