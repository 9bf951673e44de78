"""README.md's operating notes, decided here from the plan so that each holds for the file at hand: security notes,
the arguments that would replace a data-holding resource, the checkov skip reasons. The template only prints.

What differs between mappings comes from what each declares (mapping.py: `docs()` clauses, `replaced_by`,
`state_secret`, `checkov_skips`); the ForceNew arguments are cited where each mapping lists them.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.plan.model import Plan, Resource
from generator.targets.aws.common import STATE_SECRETS


def names(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _docs(plan: Plan) -> list[tuple[Resource, Any, Mapping[str, Any]]]:
    """(resource, mapping, its docs) in the order of the security notes: the mappings in the app's VPC first, then
    the others, each in MAPPINGS order, resources in plan order."""
    from generator.targets.aws import MAPPINGS
    from generator.targets.aws.render import mapped

    pairs = mapped(plan)
    rank = {m.name: (not m.in_vpc, i) for i, m in enumerate(MAPPINGS)}
    return [(res, m, m.docs(plan, res)) for res, m in sorted(pairs, key=lambda p: rank[p[1].name])]


def by_state_secret(mappings) -> list:
    """Mappings ordered by what of them Terraform state holds (common.STATE_SECRETS), those holding nothing last."""
    order = {s: i for i, s in enumerate(STATE_SECRETS)}
    return sorted(mappings, key=lambda m: order.get(m.state_secret, len(order) if m.state_secret else len(order) + 1))


# aws_efs_file_system: ForceNew in hashicorp/aws internal/service/efs/file_system.go
EFS_REPLACED_BY = [("kms_key_id", "var.kms_key_arn"), ("creation_token", "var.name_prefix"),
                   ("encrypted", "fixed in the template"), ("performance_mode", "fixed in the template")]


def replacements(plan: Plan, tf_id, efs=()) -> list[str]:
    """What would make Terraform replace (destroy, then create empty) each data-holding resource (the mapping's
    `replaced_by`) and where it comes from in the generated code. `prevent_destroy` turns such a plan into an error."""
    from generator.targets.aws.render import mapped

    lines = [f"`aws_efs_file_system.{f.id}` ({f.source}): a change of "
             + ", ".join(f"`{arg}` ({where})" for arg, where in EFS_REPLACED_BY) for f in efs]
    for r, m in mapped(plan):
        if not m.replaced_by:
            continue
        kind, args = m.replaced_by
        changes = ", ".join(f"`{arg}` ({where})" for arg, where in args)
        lines.append(f"`{kind}.{tf_id(r.name)}` ({r.name}): a change of {changes}")
    return lines


def security_notes(plan: Plan, needs: dict[str, Any], efs=()) -> list[str]:
    docs = _docs(plan)
    notes = []
    exposure = []
    in_vpc = [r.name for r in plan.resources if any(res is r and m.in_vpc for res, m, _d in docs)]
    if in_vpc:
        exposure.append(names(in_vpc) + (" sits" if len(in_vpc) == 1 else " sit") + " in `var.private_subnet_ids` "
                        "behind a security group that admits only `var.app_security_group_id` (and "
                        "`var.operator_security_group_ids`, empty by default)")
    # outside the app's VPC: by the provider whose network holds the service, as versions.tf lists providers
    outside = sorted((d for d in docs if not d[1].in_vpc and d[2].get("exposure")), key=lambda d: d[1].home)
    exposure += [d["exposure"] for _r, _m, d in outside]
    if efs:
        exposure.append("the apps' EFS file systems (" + names([f.source for f in efs]) + ") admit NFS only from the same groups")
    if exposure:
        notes.append("Network: " + "; ".join(exposure) + ".")
    tls = [d["tls_note"] for _r, _m, d in docs if d.get("tls_note")]
    if tls:
        notes.append("TLS in transit: " + "; ".join(tls) + ".")
    if needs.get("kms"):
        notes.append(("Encryption at rest on every service" if plan.resources else "The app secrets are encrypted "
                      "at rest") + "; `var.kms_key_arn` switches from AWS-managed keys to your own KMS key (see "
                     "\"Encryption keys\").")
    held = list(dict.fromkeys(m.state_secret for m in by_state_secret([m for _r, m, _d in docs]) if m.state_secret))
    held += ["the assembled app environments"] if plan.apps else []
    if held:
        notes.append(f"Terraform state holds secrets ({names(held)}): keep it in an encrypted remote backend with "
                     "restricted access (S3 with SSE-KMS, or OpenTofu state encryption).")
    kept = [d["kept"] for _r, _m, d in docs if d.get("kept")]
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
    return {key: checks for key, (_where, checks) in _skips(plan).items()}


def skip_places(plan: Plan) -> dict[str, str]:
    """skip id → the resource it sits on, for README.md's list."""
    return {key: where for key, (where, _checks) in _skips(plan).items()}


def _skips(plan: Plan) -> dict[str, tuple[str, dict[str, str]]]:
    from generator.targets.aws import MAPPINGS
    from generator.targets.aws.env import user_keys
    from generator.targets.aws.render import mapped

    present = [m for m in MAPPINGS if any(m2 is m for _r, m2 in mapped(plan))]
    sources = list(dict.fromkeys(m.env_secret for m in present if m.env_secret))
    held = (f"holds values Terraform assembles from {names(sources)}, rotated at their source with "
            "`tofu apply -replace=…`, which rewrites this secret" if sources else
            "holds the app's environment as Terraform assembles it; a re-apply rewrites this secret")
    out: dict[str, tuple[str, dict[str, str]]] = {}
    if plan.apps:
        out["app_env"] = ("aws_secretsmanager_secret.app_env", {"CKV2_AWS_57": held})
    if any(user_keys(a) for a in plan.apps):
        out["app_user"] = ("aws_secretsmanager_secret.app_user (values you supply)", {
            "CKV2_AWS_57": "holds values only the team knows (API keys, signing secrets), set by hand; rotate them "
                           "where they are issued and put the new value here",
        })
    for m in by_state_secret(present):  # the secrets Terraform generates first (the order README.md lists them in)
        for key, (where, checks) in m.checkov_skips.items():
            out.setdefault(key, (where, dict(checks)))
    return out
