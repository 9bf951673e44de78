"""MySQL / MariaDB → Amazon RDS: the settings, each with its reason (plan stage).

The same secure defaults as the PostgreSQL RDS mapping (service-mapping §2.1, §6): Multi-AZ, gp3 with storage
autoscaling, encryption with the project key, the master password managed by RDS in Secrets Manager, Performance
Insights, Enhanced Monitoring, 14 days of backups, deletion protection, TLS required (require_secure_transport) and
verified against the RDS CA bundle, and an app user of its own that is never the master.
"""

from __future__ import annotations

import re

from generator.plan.model import Decision, Resource, databases
from generator.plan.recorder import Recorder
from generator.targets.aws.common import int_between, is_bool, matches, tf_id
from generator.targets.aws.mappings.rds_mysql import versions

NAME = "rds-mysql"
# AWS's CA bundle for every region's RDS certificates (RDS User Guide, "Using SSL/TLS to encrypt a connection to a DB
# instance": "Certificate bundles for all AWS Regions"); the same file and path as the PostgreSQL mapping.
RDS_CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"
RDS_CA_FILE = "/etc/ssl/certs/rds-global-bundle.pem"
MASTER = "dbadmin"
# Names the app user cannot take: RDS's own accounts (rdsadmin, rdsrepladmin; rdsproxyadmin is reserved from MySQL
# 9.7: RDS User Guide, "MySQL 9.7 support on Amazon RDS"), the engines' system accounts, and the conventional
# superusers compose used (an app that logged in as root gets a user of its own here).
RESERVED_USERS = {"root", "admin", "rdsadmin", "rdsrepladmin", "rdsproxyadmin", "mysql.sys", "mysql.session",
                  "mysql.infoschema", "mariadb.sys", "mysql", MASTER}
# Database Insights / Performance Insights is not offered on these classes for RDS for MySQL and MariaDB (RDS User
# Guide, "Amazon RDS DB engine, Region, and instance class support for Database Insights").
NO_INSIGHTS = ("db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small")
NOT_APPLICABLE = {
    "replicas": "read replicas are not generated; Multi-AZ gives the standby (set ha: false to turn it off)",
    "tier": "RDS sizes are instance classes: use size or instance_class",
}
APP_USER_WHY = ("the apps log in as this user, not as the master, with a password Terraform generates "
                "(random_password) and keeps in its own Secrets Manager secret: it does not rotate, so the apps' "
                "settings stay valid when RDS rotates the master secret (every 7 days by default). Chosen over IAM "
                "database authentication (15-minute tokens the app's code would have to request). README.md "
                "\"Database roles\" creates it once, as the master: `REQUIRE SSL`, with every privilege an app uses on its "
                "database and none on the server (RDS gives no one SUPER)")


def _instance_class(value: object) -> str | None:
    problem = matches(r"db\.[a-z0-9]+\.[a-z0-9]+", "an RDS instance class")(value)
    if problem:
        return problem
    if value in NO_INSIGHTS:
        return (f"{value!r} has no Performance Insights / Database Insights on RDS for MySQL and MariaDB (RDS User "
                "Guide, \"… instance class support for Database Insights\"); use db.t4g.medium or larger")
    return None


def _db_name(name: str) -> tuple[str, str | None]:
    """RDS's DBName for MySQL/MariaDB: 1-64 letters, digits or underscores, starting with a letter (RDS API
    CreateDBInstance, DBName). A compose name outside that is renamed, and said."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", name):
        return name, None
    fixed = re.sub(r"[^A-Za-z0-9_]", "_", name)
    fixed = (fixed if re.match(r"[A-Za-z]", fixed) else "db_" + fixed)[:64]
    return fixed, fixed


def sql_string(value: str) -> str:
    """A MySQL/MariaDB string literal (backslash escapes on, the servers' default sql_mode)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def sql_dq(value: str) -> str:
    """A MySQL/MariaDB string literal in double quotes (a string unless sql_mode has ANSI_QUOTES, which neither
    server's default has): it fits inside a single-quoted shell word without escapes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '""') + '"'


def sql_ident(value: str) -> str:
    """A MySQL/MariaDB identifier, backquoted."""
    return "`" + value.replace("`", "``") + "`"


def decide(resource: Resource, rec: Recorder) -> Resource:
    engine = resource.kind  # mysql | mariadb: RDS's engine names are the same
    title = versions.TITLE[engine]
    var = f"{tf_id(resource.name)}_engine_version"
    rec.fact("tls", True)
    rec.fact("engine", engine)
    rec.fact("engine_title", title)
    rec.fact("port", 3306)
    rec.fact("ca_url", RDS_CA_BUNDLE_URL)
    rec.set("ssl_mode", "VERIFY_IDENTITY", "TLS with the server certificate and host name checked against AWS's RDS "
            "CA bundle (`REQUIRED` would accept any certificate, so a man in the middle would get the password)")
    rec.set("ca_file", RDS_CA_FILE, f"the RDS CA bundle ({RDS_CA_BUNDLE_URL}) at this path in the app's image "
            "(README.md, \"TLS\"); the apps' connection settings name it", "ca_file",
            matches(r"/[^\0]*", "an absolute path"))
    choice = versions.pick(engine, resource.versions.get(engine))
    offered = versions.OFFERED[engine]
    major = str(rec.set("engine_version", choice.major, versions.reason(engine, choice) + "; minor versions upgrade "
                        "automatically", ("engine_version", "version"),
                        matches("|".join(re.escape(m) for m in offered), f"a {title} major version RDS offers "
                                f"({', '.join(offered)})"),
                        convert=lambda v: versions.major_of(engine, str(v)) or str(v)))
    rec.fact("parameter_group_family", f"{engine}{major}")
    rec.set("instance_class", "db.m7g.large", "general-purpose Graviton, 2 vCPU / 8 GiB; db.t4g.* burstable classes "
            "are for non-production (and the micro/small ones have no Performance Insights)",
            ("instance_class", "size"), _instance_class)
    rec.set("allocated_storage", 50, "50 GiB gp3 to start (3,000 IOPS and 125 MiB/s baseline below 400 GiB)",
            ("allocated_storage", "storage_gb"), int_between(20, 65536))
    rec.set("max_allocated_storage", 500, "storage autoscaling up to 500 GiB instead of running out of disk",
            "max_allocated_storage", int_between(21, 65536))
    rec.set("storage_type", "gp3", "gp3: cheaper than io1/io2, IOPS and throughput independent of size")
    rec.set("multi_az", True, "a synchronous standby in another AZ with automatic failover", ("multi_az", "ha"), is_bool)
    rec.set("backup_retention_days", 14, "14 days of automated backups and point-in-time recovery (the binary log "
            "RDS keeps for it is on while backups are)", "backup_retention_days", int_between(1, 35))
    rec.set("performance_insights_retention_days", 7, "Performance Insights on (CloudWatch Database Insights, "
            "Standard mode); 7 days is the free tier")
    rec.set("monitoring_interval", 60, "Enhanced Monitoring every 60 s (OS metrics), with its IAM role")
    rec.set("deletion_protection", True, "a `destroy` cannot drop the database by accident")
    rec.set("require_secure_transport", True, "the parameter group sets require_secure_transport = 1: the server "
            "refuses every connection without TLS (RDS User Guide, \"Requiring SSL/TLS for all connections to a "
            f"{title} DB instance\")")
    rec.set("log_bin_trust_function_creators", True, "the parameter group sets log_bin_trust_function_creators = 1: "
            "with backups on, the binary log is on, and without SUPER (which RDS gives no one) creating a stored "
            "function or trigger fails (error 1419) — the restore of MIGRATION.md and the apps' migrations need it")
    rec.set("log_exports", ["error", "slowquery"], "the error log and the slow query log (queries over 1 s: "
            "slow_query_log = 1, long_query_time = 1, log_output = FILE) go to CloudWatch Logs. Not `general` (every "
            "statement, a cost and a place for data to leak) and not `audit`, which needs an option group with "
            "MARIADB_AUDIT_PLUGIN pinned to one major version: add one when you need an audit trail")
    rec.set("manage_master_user_password", True, "RDS generates the master password and keeps it in Secrets "
            "Manager: it is never in the Terraform configuration")
    db = databases(resource)[0] if databases(resource) else None
    unnamed = db is not None and not db.name  # compose reads it from a file (MYSQL_DATABASE_FILE): c2p cannot know it
    wanted = db.name if db and db.name else "app"
    name, renamed = _db_name(wanted)
    why = ("compose reads the database name from a file (MYSQL_DATABASE_FILE), which c2p does not read; `app` is "
           "created: set x-c2p aws.database to compose's name to keep it" if unnamed else
           ("the database the app used in compose" if not db.compose_name else "the dedicated database the plan "
            "chose (decision database.owner)") if db else "compose did not name a database; `app` is created")
    if renamed:
        why += f"; RDS's DBName takes only letters, digits and underscores, so `{wanted}` becomes `{name}`"
    rec.set("database", name, why, "database", matches(r"[A-Za-z][A-Za-z0-9_]{0,63}", "a database name RDS accepts "
            "(letters, digits, underscores; 1-64, starting with a letter)"))
    user = db.owner if db and db.owner and db.owner.lower() not in RESERVED_USERS and len(db.owner) <= 32 else "app"
    rec.set("app_user", user, (("the user the app used in compose" if not db.compose_owner else "the dedicated user "
            "the plan chose for apps that used root (decision database.owner)") if db and user == db.owner else
            "RDS or the engine reserves the compose user name (or none was given), so the apps' user is `app`")
            + ": " + APP_USER_WHY)
    rec.set("username", MASTER if user != MASTER else MASTER + "2", "the RDS master user, for operators only "
            "(README.md \"Database roles\", MIGRATION.md): its password is generated, kept and rotated by RDS in "
            "Secrets Manager and never copied anywhere; the apps never use it")
    # SQL the README and MIGRATION.md steps print inside quoted heredocs (built here, escaped for SQL)
    rec.fact("app_user_sql", sql_string(user))
    rec.fact("database_sql", sql_ident(name))
    source_owner = db.source_owner if db and db.source_owner else None
    kept_out = sorted({user, MASTER, "root", "mysql.sys", "mysql.session", "mysql.infoschema", "mariadb.sys",
                       "healthcheck", "rdsadmin"} | ({source_owner} if source_owner else set()))
    rec.fact("users_kept_out_sql", ", ".join(sql_dq(u) for u in kept_out))
    rec.fact("source_database", db.source_name if db and db.source_name else name)
    rec.fact("source_user", source_owner or "root")
    chosen_here = not any(k in rec.options for k in ("engine_version", "version"))
    rec.warnings += versions.warnings(resource.name, engine, choice if chosen_here else
                                      versions.Choice(major, "same", major), var)
    return rec.apply(resource, NAME, engine=engine, not_applicable=NOT_APPLICABLE,
                     decision=Decision("mapping", NAME, f"{title} → Amazon RDS for {title} (aws_db_instance engine "
                                       f"\"{engine}\")"))
