"""PostgreSQL → Amazon RDS, the plan stage: the settings of `aws_db_instance` and its subnet, parameter and security
groups, each with its reason.

Secure defaults and argument names: service-mapping §2.1 (AWS provider v6). Also used, loudly, when a user
forces RDS for a TimescaleDB service (x-c2p.aws.engine: rds) or for a PostgreSQL needing an extension RDS lacks.
"""

from __future__ import annotations

import dataclasses
from generator.lifecycle import downgrade_warning, eol_warning, pick_major
from generator.plan.model import Decision, Resource
from generator.plan.recorder import Recorder
from generator.targets.aws import extensions as ext
from generator.targets.aws.common import int_between, is_bool, matches, tf_id

# The majors RDS for PostgreSQL offers for new instances (13 and 14 under RDS Extended Support): RDS for PostgreSQL
# release notes, "Amazon RDS for PostgreSQL updates" and the RDS 18 extension list (18.1), December 2026.
SUPPORTED_MAJORS = ("13", "14", "15", "16", "17", "18")
NOT_APPLICABLE = {
    "replicas": "read replicas are not generated; Multi-AZ gives the standby (set ha: false to turn it off)",
    "tier": "RDS sizes are instance classes: use size or instance_class",
}
RESERVED_USERS = {"postgres", "admin", "rdsadmin", "root", "master"}
MASTER = "dbadmin"
# AWS's CA bundle for every region's RDS certificates (RDS User Guide, "Using SSL/TLS to encrypt a connection to
# a DB instance": "Certificate bundles for all AWS Regions").
RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
RDS_CA_FILE = "/etc/ssl/certs/rds-global-bundle.pem"
APP_ROLE_WHY = ("the apps log in as this role, not as the master, with a password Terraform generates "
                "(random_password) and keeps in its own Secrets Manager secret: it does not rotate, so the apps' "
                "DATABASE_URL stays valid when RDS rotates the master secret (every 7 days by default). Chosen over "
                "IAM database authentication (15-minute tokens the app's code would have to request) and over "
                "reading the managed master secret at run time (the apps would still be the master, and a pool's "
                "open connections would outlive each rotation). README.md \"Database roles\" creates it, "
                "once, as the master; it owns the database")

# What stops working when a TimescaleDB service is put on RDS (no timescaledb extension there).
TIMESCALE_BREAKS = (
    "CREATE EXTENSION timescaledb fails, so migrations that create it fail",
    "hypertables (create_hypertable) and their automatic chunking",
    "compression / columnstore and its policies",
    "continuous aggregates and their refresh policies",
    "retention policies (add_retention_policy) and background jobs (add_job)",
    "time_bucket(), time_bucket_gapfill(), first()/last() and other hyperfunctions",
    "pg_restore of a TimescaleDB dump (the _timescaledb_* schemas cannot be created)",
)


def _major(resource: Resource) -> tuple[str, str, str | None]:
    """(major, reason, warning): compose's major when RDS offers it, else visibly the newest RDS offers."""
    given = resource.versions.get("postgres") or ""
    major, how = pick_major(given, SUPPORTED_MAJORS)
    if how == "same":
        return major, f"same major version as compose (PostgreSQL {major}) so pg_dump/pg_restore carries over", None
    if how == "upgrade":
        return major, (f"compose runs PostgreSQL {given}, which RDS does not offer; {major} is the newest it does: "
                       "a dump restores into a newer major (test the app against it first)"), None
    if how == "downgrade":
        return major, f"compose runs PostgreSQL {given}, newer than any major RDS offers; {major} is the newest", \
            downgrade_warning(resource.name, given, major, "RDS", f"set {tf_id(resource.name)}_engine_version "
                              f"to {given} once RDS offers it (aws rds describe-db-engine-versions --engine postgres)")
    return major, f"compose does not say which major version it runs; {major} is the newest RDS offers", None


def _eol(resource: Resource, major: str) -> str | None:
    """RDS keeps a major past its community end of life under RDS Extended Support, which is charged: say so."""
    return eol_warning(resource.name, major, (
        f"set {tf_id(resource.name)}_engine_version to a newer major in terraform.tfvars and apply with "
        f"-var {tf_id(resource.name)}_apply_immediately=true (allow_major_version_upgrade is on; README \"Upgrades\"). "
        "Until then RDS Extended Support charges apply after RDS's own end of standard support for this major "
        "(RDS for PostgreSQL release calendar), also to the Multi-AZ standby; RDS enrolls a new instance of such a "
        "major in Extended Support automatically (RDS User Guide, \"Amazon RDS Extended Support charges\")"))


def decide(resource: Resource, d: Recorder) -> Resource:
    forced_from_timescaledb = resource.kind == "timescaledb"  # only when x-c2p aws.engine: rds (TARGET.choose)
    d.fact("tls", True)
    d.fact("ca_url", RDS_CA_BUNDLE_URL)
    d.set("sslmode", "verify-full", "TLS with the server certificate and host name checked against AWS's RDS CA "
          "bundle (`require` would accept any certificate, so a man in the middle would get the password)")
    d.set("ca_file", RDS_CA_FILE, f"the RDS CA bundle ({RDS_CA_BUNDLE_URL}) at this path in the app's image "
          "(README.md, \"TLS\"); the apps' connection settings name it")
    major, why, version_warning = _major(resource)
    major = str(d.set("engine_version", major, why + "; minor versions upgrade automatically",
                      ("engine_version", "version"), matches(r"1[3-8]", "a PostgreSQL major version RDS offers (13-18)"),
                      convert=lambda v: str(v).split(".")[0]))
    d.fact("parameter_group_family", f"postgres{major}")
    d.set("instance_class", "db.m7g.large", "general-purpose Graviton, 2 vCPU / 8 GiB; db.t4g.* burstable "
          "classes are for non-production", ("instance_class", "size"), matches(r"db\.[a-z0-9]+\.[a-z0-9]+", "an RDS instance class"))
    d.set("allocated_storage", 50, "50 GiB gp3 to start (gp3 gives 3000 IOPS baseline from 20 GiB)",
          ("allocated_storage", "storage_gb"), int_between(20, 65536))
    d.set("max_allocated_storage", 500, "storage autoscaling up to 500 GiB instead of running out of disk",
          "max_allocated_storage", int_between(21, 65536))
    d.set("storage_type", "gp3", "gp3: cheaper than io1 and independent IOPS/throughput")
    d.set("multi_az", True, "a synchronous standby in another AZ with automatic failover", ("multi_az", "ha"), is_bool)
    d.set("backup_retention_days", 14, "14 days of automated backups and point-in-time recovery (without it, the RDS API "
          "keeps 1 day: docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html)",
          "backup_retention_days", int_between(1, 35))
    d.set("performance_insights_retention_days", 7, "Performance Insights on; 7 days is the free tier")
    d.set("monitoring_interval", 60, "Enhanced Monitoring every 60 s (OS metrics), with its IAM role")
    d.set("deletion_protection", True, "a `destroy` cannot drop the database by accident")
    d.set("force_ssl", True, "parameter group sets rds.force_ssl = 1: clients must use TLS")
    d.set("manage_master_user_password", True, "RDS generates the master password and keeps it in Secrets "
          "Manager: it is never in the Terraform configuration")
    db = resource.facts.databases[0] if resource.facts.databases else None
    d.set("database", db.name if db else "app", (("the database the app used in compose" if not db.compose_name else
          "the dedicated database the plan chose (decision database.owner)") + (
          "; RDS has it already, so db_name is not set" if db.name == "postgres" else "")) if db else
          "compose did not name a database; `app` is created", "database",
          matches(r"[A-Za-z][A-Za-z0-9_]{0,62}", "a PostgreSQL database name"))
    role = db.owner if db and db.owner and db.owner.lower() not in RESERVED_USERS else "app"
    d.set("app_role", role, (("the role the app used in compose" if not db.compose_owner else "the dedicated owner the "
          "plan chose for apps that used postgres (decision database.owner)") if db and role == db.owner else
          "RDS reserves the compose user name (or none was given), so the apps' role is `app`") + ": " + APP_ROLE_WHY)
    master = MASTER if role != MASTER else MASTER + "_master"
    d.set("username", master, "the RDS master user, for operators only (README.md \"Database roles\", "
          "MIGRATION.md): its password is generated, kept and rotated by RDS in Secrets Manager and never "
          "copied anywhere; the apps never use it")
    d.decisions.insert(0, Decision("mapping", "rds", "PostgreSQL → Amazon RDS for PostgreSQL (aws_db_instance)"
                                   + (" — forced by x-c2p.aws.engine, without TimescaleDB" if forced_from_timescaledb else "")))
    warnings = list(resource.warnings)
    chosen_here = not any(k in d.options for k in ("engine_version", "version"))
    warnings += [w for w in (version_warning if chosen_here else None, _eol(resource, major)) if w]
    if forced_from_timescaledb:
        d.used.add("engine")
        warnings.insert(0, f"{resource.name}: FORCED TO RDS WITHOUT TIMESCALEDB (x-c2p.aws.engine: rds). RDS and Aurora "
                        "do not offer the timescaledb extension. What breaks: " + "; ".join(TIMESCALE_BREAKS)
                        + ". Remove the override to get Tiger Cloud, which runs TimescaleDB.")
    lacking = [] if forced_from_timescaledb else ext.missing(resource, ext.RDS_EXTENSIONS)
    if lacking:  # only when x-c2p aws.engine: rds (TARGET.choose refuses it otherwise)
        warnings.insert(0, f"{resource.name}: FORCED TO RDS (x-c2p aws.engine: rds) WITHOUT THE EXTENSION(S) "
                        f"{', '.join(lacking)} ({ext.RDS_SOURCE}): the app fails where it creates or uses them")
    warnings += d.unknown_options(NOT_APPLICABLE)
    return dataclasses.replace(
        resource, mapping="rds", engine="postgres", settings=d.settings,
        decisions=tuple(resource.decisions) + tuple(d.decisions), warnings=tuple(warnings),
        facts=dataclasses.replace(resource.facts, extensions=tuple(e for e in resource.facts.extensions if e != "timescaledb")),
    )
