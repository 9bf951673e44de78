"""Vault → AWS Secrets Manager, the alternative to HCP Vault chosen with `x-c2p: {aws: {vault: secrets-manager}}`: one
empty secret per name and a least-privilege read policy. decide.py holds the plan stage (and what is lost, LOST);
main.tf.j2, outputs.tf.j2 and the README/MIGRATION sections sit here."""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.render.escape import hcl_ident
from generator.targets.aws.base import AwsBase
from generator.targets.aws.common import aws_name, tf_id
from generator.targets.aws.mappings.secrets_manager import decide as _decide
from generator.targets.aws.mappings.secrets_manager.decide import LOST


def readers(plan: Plan, res: Resource) -> list[str]:
    """The app services that used this Vault in compose (one secret each by default), sorted."""
    return sorted(a.name for a in plan.apps if any(v.override and v.override.resource == res.name for v in a.env))


def secret_names(plan: Plan, res: Resource) -> list[str]:
    """The secret names created by default: one per app that used that Vault in compose (else the project's)."""
    return readers(plan, res) or [aws_name(plan.project)]


class SecretsManager(AwsBase):
    name = "secrets-manager"
    kinds = ("vault",)
    title = "AWS Secrets Manager instead of Vault (aws_secretsmanager_secret)"
    here = __file__
    uses_kms = True
    checkov_skips = {"secrets_manager": (
        "aws_secretsmanager_secret.<name> (the secrets that replace Vault)",
        {"CKV2_AWS_57": "the values come from the team (they replace Vault's key/value secrets) and Terraform never "
                        "holds them; turn on rotation per secret where its source supports it (a rotation Lambda)"},
    )}
    engine_family = "secretsmanager"
    # Not the Vault API: the plan removes the apps' VAULT_ADDR/VAULT_TOKEN/VAULT_NAMESPACE (plan/envmap.py), so
    # nothing asks for these; a consumer that did would fail loudly (generator.mapping.MissingOutput).
    withheld = {"addr": "Secrets Manager has no Vault address: the apps read it with the AWS SDK and their IAM role",
                "namespace": "Secrets Manager has no Vault namespace"}

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        return _decide.decide(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        return {}  # see withheld

    def variables(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list:
        from generator.targets.aws.variables import var

        i, n = hcl_ident(r["id"]), r["name"]
        return [
            var(f"{i}_secret_names", "list(string)",
                f"{n} (Secrets Manager, instead of Vault): one secret per name, <name_prefix>/{n}/<name>; Terraform "
                "creates them empty and never holds their values.", secret_names(ctx["plan"], r["res"]),
                conditions=[(f"length(var.{i}_secret_names) > 0 && alltrue([for s in var.{i}_secret_names : "
                             'can(regex("^[A-Za-z0-9/_+=.@-]+$", s))])',
                             "Give at least one name, of letters, digits and /_+=.@- (Secrets Manager's names).")]),
            var(f"{i}_reader_role_names", "list(string)",
                f"{n} (Secrets Manager): names of the IAM roles the apps run as (ECS task role, EKS pod role) that "
                "read these secrets; the read policy is attached to each.", literal="[]"),
        ]

    def tfvars(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list[str]:
        from generator.render.escape import Raw, hcl_literal

        return [Raw(f"{hcl_ident(r['id'])}_reader_role_names = {hcl_literal([ctx['name_prefix'] + '-app-task-role'])}")]

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        return {
            "guide": self.template("guide.md.j2"),
            "migration": self.template("migration.md.j2"),
            "secret_names": secret_names(plan, resource),
            "lost": LOST,
            "cost": f"{resource.name}: Secrets Manager instead of Vault: one secret per name in "
                    f"var.{tf_id(resource.name)}_secret_names (billed per secret per month and per "
                    "10,000 API calls); no cluster to pay for.",
        }


MAPPING = SecretsManager()
