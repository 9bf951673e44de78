"""README.md and MIGRATION.md parts of the MySQL/MariaDB RDS mapping (the keys of targets/aws/mapping.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from generator.targets.aws.mappings.rds_mysql import versions

if TYPE_CHECKING:
    from generator.plan.model import Plan, Resource


def docs(mapping, plan: Plan, resource: Resource) -> Mapping[str, Any]:
    s, name = resource.settings, resource.name
    engine, major = s["engine"], s["engine_version"]
    extended = versions.EXTENDED.get((engine, major))
    return {
        "roles": mapping.template("roles.md.j2"),
        "operations": mapping.template("upgrades.md.j2"),
        "migration": mapping.template("migration.md.j2"),
        "restores_database": True,
        "cost": f"{name}: RDS for {versions.TITLE[engine]} {major} on {s['instance_class']}"
                f"{' Multi-AZ (twice the instance cost)' if s['multi_az'] else ''}, {s['allocated_storage']} GiB gp3 "
                f"growing up to {s['max_allocated_storage']} GiB; {s['backup_retention_days']} days of backups "
                "(storage beyond the DB size is billed); Performance Insights 7 days (free tier); the error and "
                "slow query logs in CloudWatch Logs (billed per GB ingested)"
                + (f"; RDS Extended Support for {versions.TITLE[engine]} {major}, charged per vCPU-hour on the "
                   "instance and its standby until you upgrade" if extended else "") + ".",
        "tls_note": f"{name}: the parameter group sets `require_secure_transport = 1` (the apps connect with "
                    f"`{s.get('ssl_mode')}` against the RDS CA bundle)",
        "kept": f"{name}: `deletion_protection = true`, a final snapshot on destroy, and `prevent_destroy`",
    }
