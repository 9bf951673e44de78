"""TimescaleDB → Tiger Cloud (timescale/timescale provider, `timescale_service`).

RDS and Aurora do not offer the timescaledb extension (service-mapping §0 #1, §3.1), so Tiger Cloud is
the managed home for a TimescaleDB service on AWS. Argument names: service-mapping §3.2 (provider v2.13).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.errors import C2PError
from generator.lifecycle import eol_warning
from generator.plan.model import Decision, Resource
from generator.plan.recorder import Recorder
from generator.targets.aws.common import PROVIDERS, int_between, is_bool, matches, one_of

# The OS trust bundle (public CAs) as a file, which every PostgreSQL driver can read; `sslrootcert=system`
# is libpq 16+ only (PostgreSQL 16 release notes) and lib/pq, older pgx and node-postgres take it as a file name.
OS_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
RHEL_CA_BUNDLE = "/etc/pki/tls/certs/ca-bundle.crt"
RESERVED_ROLES = {"tsdbadmin", "postgres", "tsdbexplorer", "admin", "root"}
MILLI_CPU = (500, 1000, 2000, 4000, 8000, 16000, 32000, 48000, 64000)
MEMORY_GB = (2, 4, 8, 16, 32, 64, 128, 192, 256)
NOT_APPLICABLE = {
    "size": "Tiger Cloud sizes are milli_cpu and memory_gb",
    "storage_gb": "Tiger Cloud storage grows automatically (storage_gb is deprecated in the provider)",
    "version": "Tiger Cloud has no version argument; it runs its current PostgreSQL/TimescaleDB",
    "backup_retention_days": "Tiger Cloud manages backups and point-in-time recovery itself",
    "tier": "Tiger Cloud has no tier; set milli_cpu and memory_gb",
}


def _replicas(value: Any) -> Any:
    return (1 if value else 0) if isinstance(value, bool) else value


def decide(resource: Resource, d: Recorder) -> Resource:
    d.fact("tls", True)
    d.set("sslmode", "verify-full", "TLS with the server certificate and host name checked: Tiger Cloud's default "
          "`require` accepts any certificate (a man in the middle would get the password)")
    d.set("ca_file", OS_CA_BUNDLE, "Tiger Cloud's certificates are issued by public CAs (Google Trust Services or "
          "ZeroSSL, docs.tigerdata.com \"Connect with a stricter SSL mode\"), whose roots are in the OS trust bundle, "
          f"{OS_CA_BUNDLE} on Debian/Ubuntu (package ca-certificates), Alpine and distroless images; every driver reads "
          "a file (sslrootcert=system would need libpq 16+ and breaks lib/pq, older pgx and node-postgres). Images "
          "of the Red Hat family (RHEL/UBI, Amazon Linux, Fedora) keep it at " + RHEL_CA_BUNDLE + ": set "
          "x-c2p.aws.ca_file. A new service serves a self-signed certificate for its first ~30 minutes, until the "
          "signed one arrives", "ca_file", matches(r"/[A-Za-z0-9._+/-]+", "an absolute file path in the app's image"))
    d.fact("username", "tsdbadmin")
    d.fact("database", "tsdb")
    d.fact("provider", {"source": PROVIDERS["timescale"][0], "version": PROVIDERS["timescale"][1]})
    cpu = d.set("milli_cpu", 2000, "2 vCPU is a production starting point (the provider default, 500, is a "
                "shared-CPU trial size); resize later without downtime on Tiger Cloud", "milli_cpu", one_of(*MILLI_CPU))
    mem = d.set("memory_gb", cpu // 250, "Tiger Cloud pairs memory with CPU at 4 GB per vCPU "
                "(memory_gb = milli_cpu / 250)", "memory_gb", one_of(*MEMORY_GB))
    if mem * 250 != cpu:
        raise C2PError(f"x-c2p.aws of service '{resource.name}': Tiger Cloud needs memory_gb = milli_cpu / 250 "
                       f"(got milli_cpu {cpu}, memory_gb {mem})")
    replicas = d.set("ha_replicas", 1, "one HA replica in another availability zone with automatic failover "
                     "(`ha_replicas`; the older `enable_ha_replica` is deprecated)", ("ha_replicas", "replicas", "ha"),
                     int_between(0, 2), convert=_replicas)
    d.set("sync_replicas", 0, "asynchronous replication; synchronous replicas need ha_replicas = 2",
          "sync_replicas", int_between(0, 1 if replicas == 2 else 0))
    d.set("connection_pooler_enabled", True, "PgBouncer pooler endpoint available for many short connections; "
          "DATABASE_URL still uses the direct endpoint (migrations need session features)",
          "connection_pooler", is_bool)
    d.set("environment_tag", "PROD", "marks the service as production in Tiger Cloud (default is DEV)")
    peering = d.set("vpc_peering", True, "the service is attached to a Tiger Cloud VPC peered with var.vpc_id, so "
                    "the app reaches it privately, without the public endpoint (x-c2p.aws.vpc_peering: false keeps it "
                    "public, reachable from the internet with TLS and the password)", "vpc_peering", is_bool)
    if peering:
        d.set("vpc_cidr", "10.250.0.0/24", "CIDR of the Tiger Cloud VPC; must not overlap the app VPC",
              "vpc_cidr", matches(r"\d+\.\d+\.\d+\.\d+/\d+", "an IPv4 CIDR"))
    pg = resource.versions.get("postgres")
    tsdb = resource.versions.get("timescaledb")
    eol = eol_warning(resource.name, pg or "", "Tiger Cloud runs its current PostgreSQL (\"latest PostgreSQL\", Tiger "
                      "Data docs, Supported platforms), a newer major: the dump restores into it, so test the app against "
                      "that major before the move (README.md, MIGRATION.md)", kept=False)
    have = ", ".join(x for x in (f"PostgreSQL {pg}" if pg else "", f"TimescaleDB {tsdb}" if tsdb else "") if x)
    d.decisions.append(Decision(
        "engine_version", None,
        "Tiger Cloud runs its current PostgreSQL and TimescaleDB; there is no version argument. "
        + (f"Compose runs {have}: a dump restores only into the same TimescaleDB version (MIGRATION.md compares "
           "them first)." if have else "A dump restores only into the same TimescaleDB version (MIGRATION.md "
           "compares them first)."),
    ))
    d.decisions.insert(0, Decision(
        "mapping", "tiger-cloud",
        "TimescaleDB → Tiger Cloud (timescale_service): RDS and Aurora do not offer the timescaledb extension",
    ))
    owner = resource.facts.databases[0].owner if resource.facts.databases else None
    role = owner if owner and owner.lower() not in RESERVED_ROLES else "app"
    d.set("app_role", role, ("the role the app used in compose" if role == owner else "compose's user name is "
          "reserved here (or none was given), so the apps' role is `app`") + ": the apps log in as this role, not "
          "as tsdbadmin (Tiger Cloud's admin), with a password Terraform generates (random_password) and keeps in its "
          "own Secrets Manager secret. README.md \"Database roles\" creates it once, as tsdbadmin; MIGRATION.md "
          "makes it the owner of the restored tables")
    warnings = list(resource.warnings) + ([eol] if eol else [])
    if not peering:
        warnings.append(f"{resource.name}: PUBLIC DATABASE: x-c2p.aws.vpc_peering: false leaves the Tiger Cloud "
                        "service reachable from the internet (TLS and the password are all that protect it); remove "
                        "the override to attach it to a peered VPC")
    if resource.facts.databases and any(db.name != "tsdb" for db in resource.facts.databases):
        names = ", ".join(db.name for db in resource.facts.databases)
        warnings.append(f"{resource.name}: Tiger Cloud services have one database, tsdb; the compose database(s) "
                        f"{names} are restored into tsdb (see MIGRATION.md)")
    warnings += d.unknown_options(NOT_APPLICABLE)
    return dataclasses.replace(
        resource, mapping="tiger-cloud", engine="timescaledb", settings=d.settings,
        decisions=tuple(resource.decisions) + tuple(d.decisions), warnings=tuple(warnings),
    )
