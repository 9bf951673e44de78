"""PostgreSQL → Amazon RDS for PostgreSQL (`aws_db_instance` + subnet group, parameter group, security group, the
apps' own role). decide.py holds the plan stage; main.tf.j2, outputs.tf.j2 and the README/MIGRATION sections sit here.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.render.escape import hcl_ident
from generator.targets.aws.base import AwsBase
from generator.targets.aws.common import DB_APP_SKIP, PASSWORDS_READ, POSTGRES_TLS, app_role_outputs, tf_id
from generator.targets.aws.mappings.rds import decide as _decide


class RdsInstance(AwsBase):
    """What every mapping onto an RDS DB instance shares (this one, rds_mysql): in the VPC, a generated app password,
    the KMS key, the arguments that replace the instance."""

    in_vpc = True
    providers = ("random",)
    kms_covers = "the RDS storage, Performance Insights and the RDS master secret"
    # ForceNew in hashicorp/aws internal/service/rds/instance.go
    replaced_by = ("aws_db_instance", (
        ("kms_key_id", "var.kms_key_arn"), ("username", "the master user"), ("db_name", "the database name"),
        ("storage_encrypted", "fixed in the template"), ("engine", "fixed in the template"),
    ))
    state_secret = PASSWORDS_READ

    def instance_variables(self, r: Mapping[str, Any]) -> list:
        """The variables every RDS DB instance has (storage, Multi-AZ, backups, apply_immediately), after the
        engine's own (version, instance class)."""
        from generator.targets.aws.variables import var

        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        return [
            var(f"{i}_allocated_storage", "number", f"{n} (RDS): initial gp3 storage in GiB.", s["allocated_storage"],
                conditions=[(f"var.{i}_allocated_storage >= 20", "gp3 storage starts at 20 GiB.")]),
            var(f"{i}_max_allocated_storage", "number", f"{n} (RDS): storage autoscaling ceiling in GiB.",
                s["max_allocated_storage"],
                conditions=[(f"var.{i}_max_allocated_storage > var.{i}_allocated_storage",
                             "The autoscaling ceiling must be above the initial storage.")]),
            var(f"{i}_multi_az", "bool", f"{n} (RDS): synchronous standby in another availability zone.",
                s["multi_az"]),
            var(f"{i}_backup_retention_days", "number",
                f"{n} (RDS): days of automated backups and point-in-time recovery.", s["backup_retention_days"],
                conditions=[(f"var.{i}_backup_retention_days >= 1 && var.{i}_backup_retention_days <= 35",
                             "RDS keeps backups 1 to 35 days (0 would turn backups off).")]),
            var(f"{i}_apply_immediately", "bool",
                f"{n} (RDS): apply changes now instead of in the maintenance window; true for a major version "
                "upgrade (README.md, Upgrades).", False),
        ]


class Rds(RdsInstance):
    name = "rds"
    kinds = ("postgres",)  # and, only when forced (x-c2p aws.engine: rds), a TimescaleDB service: TARGET.choose
    title = "Amazon RDS for PostgreSQL (aws_db_instance)"
    here = __file__
    env_secret = "the apps' database role password"
    checkov_skips = DB_APP_SKIP
    engine_family = "postgresql"

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        return _decide.decide(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        # the apps' own role (decide.py: app_role), never the master: its password does not rotate under the apps
        db = f"aws_db_instance.{tf_id(resource.name)}"
        database = str(resource.settings.get("database"))
        return {
            "host": Output(f"{db}.address", f"<{db}.address>"),
            "port": Output(f"{db}.port", f"<{db}.port>"),
            **app_role_outputs(resource),
            "database": Output('"postgres"', "postgres") if database == "postgres" else Output(f"{db}.db_name", database),
        }

    def variables(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list:
        from generator.targets.aws.variables import var

        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        return [
            var(f"{i}_engine_version", "string",
                f"{n} (RDS): PostgreSQL major version; minor versions upgrade automatically.", s["engine_version"],
                conditions=[(f'can(regex("^1[3-8]$", var.{i}_engine_version))',
                             "Give a PostgreSQL major version RDS offers (13-18).")]),
            var(f"{i}_instance_class", "string", f"{n} (RDS): instance class.", s["instance_class"]),
        ] + self.instance_variables(r)

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        s, name = resource.settings, resource.name
        out = {
            "tls_intro": POSTGRES_TLS,
            "tls": self.template("tls.md.j2"),
            "roles": self.template("roles.md.j2"),
            "operations": self.template("upgrades.md.j2"),
            "migration": self.template("migration.md.j2"),
            "restores_database": True,
            "cost": f"{name}: RDS {s['instance_class']}{' Multi-AZ (twice the instance cost)' if s['multi_az'] else ''}, "
                    f"{s['allocated_storage']} GiB gp3 growing up to {s['max_allocated_storage']} GiB; "
                    f"{s['backup_retention_days']} days of backups (storage beyond the DB size is billed); "
                    "Performance Insights 7 days (free tier).",
            "tls_note": f"{name}: the parameter group sets `rds.force_ssl = 1` (`sslmode={s.get('sslmode')}`)",
            "kept": f"{name}: `deletion_protection = true`, a final snapshot on destroy, and `prevent_destroy`",
        }
        if resource.kind == "timescaledb":  # forced off TimescaleDB: the README says what that costs
            from generator.targets.aws.mappings.tiger import PREFACE

            out["preface"] = PREFACE
        return out


MAPPING = Rds()
