"""Redis / Valkey → Amazon ElastiCache (`aws_elasticache_replication_group`, cluster mode disabled).

Secure defaults and argument names: service-mapping §4.1 (AWS provider v6: `auth_token_update_strategy`
has no default and must be set together with `auth_token`).
"""

from __future__ import annotations

import dataclasses
from generator.plan.model import Decision, Resource
from generator.plan.recorder import Recorder
from generator.targets.aws.common import aws_name, int_between, matches, one_of, tf_id

DEFAULTS = {"valkey": "8.1", "redis": "7.1"}
# ElastiCache engine versions (docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html, service-mapping
# §4.1 [S25]): Valkey 7.2, 8.0, 8.1, 8.2, 9.0, 9.1; Redis OSS up to 7.1. 8.1 is not the newest Valkey: it is the
# version whose parameter group family (valkey8) the aws review checked.
WHY_VERSION = {
    "valkey": "Valkey 8.1 with parameter group family valkey8 (checked); ElastiCache also offers Valkey 8.2, 9.0 and "
              "9.1 (engine-versions.html): set x-c2p aws.engine_version for one of them",
    "redis": "Redis OSS 7.1, the newest Redis OSS ElastiCache offers",
}
PERSISTENCE = {
    "aof": "compose turns on AOF (appendonly yes); ElastiCache has no AOF. What replaces it: a replica in another "
           "AZ with automatic failover, plus daily snapshots kept {days} days (data written since the last "
           "snapshot is lost only if every node fails). Amazon MemoryDB offers a durable transaction log if the "
           "data must survive that too",
    "aof+rdb": "compose uses AOF and RDB snapshots; ElastiCache has no AOF: a Multi-AZ replica plus daily snapshots "
               "kept {days} days replace it (Amazon MemoryDB if every write must be durable)",
    "rdb": "compose takes RDB snapshots; ElastiCache takes daily snapshots kept {days} days",
    "none": "compose keeps no persistence (a cache); snapshots are still kept {days} days so a restart is warm",
}


# maxmemory-policy values the valkey8 / redis7 parameter families accept (ElastiCache User Guide, "Valkey and
# Redis OSS parameters": maxmemory-policy, modifiable, default volatile-lru).
POLICIES = ("volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random", "allkeys-random",
            "volatile-ttl", "noeviction")


def decide(resource: Resource, d: Recorder) -> Resource:
    d.fact("tls", True)
    d.fact("auth", True)
    d.fact("username", None)
    engine = d.set("engine", "valkey", "Valkey is the open-source Redis fork AWS maintains: cheaper than Redis OSS on "
                   "ElastiCache and newer (Redis OSS stops at 7.1); Redis clients work unchanged", "engine",
                   one_of("valkey", "redis"))
    version = str(d.set("engine_version", DEFAULTS[engine], WHY_VERSION[engine], ("engine_version", "version"),
                        matches(r"\d+\.\d+", "a major.minor version"), convert=str))
    d.set("node_type", "cache.m7g.large", "general-purpose Graviton node, 6.4 GiB; cache.t4g.* is for non-production",
          ("node_type", "size"), matches(r"cache\.[a-z0-9]+\.[a-z0-9]+", "an ElastiCache node type"))
    ha = d.options.get("ha", True) is not False
    if "ha" in d.options:
        d.used.add("ha")
    nodes = d.set("num_cache_clusters", 2 if ha else 1, "primary + 1 replica: the minimum for automatic failover and "
                  "Multi-AZ" if ha else "one node: high availability turned off by x-c2p aws.ha",
                  ("num_cache_clusters", "replicas"), int_between(2 if ha else 1, 6),
                  convert=lambda v: v + 1 if "num_cache_clusters" not in d.options and isinstance(v, int) else v)
    d.set("automatic_failover", nodes >= 2, "the replica is promoted when the primary fails" if nodes >= 2 else
          "a single node cannot fail over")
    d.set("multi_az", nodes >= 2, "primary and replica in different availability zones" if nodes >= 2 else
          "a single node lives in one availability zone")
    d.set("at_rest_encryption", True, "encryption at rest (AWS-managed key unless var.kms_key_arn is set)")
    plain, tls_warnings = [c.split(":", 1)[0] for c in resource.plain_clients], []
    if plain:
        # An app with no TLS setting for Redis (plan/clients.py no_tls) could not connect to a TLS-only group:
        # "preferred" accepts TLS and plaintext on the same port, the auth token still required on both (ElastiCache
        # User Guide, "Enabling in-transit encryption": preferred allows encrypted and unencrypted connections).
        d.set("transit_encryption_mode", "preferred", f"TLS and plaintext both accepted: {', '.join(plain)} cannot take "
              "TLS to Redis; the other apps still use rediss://; set required once no plaintext client is left")
        for why in resource.plain_clients:
            tls_warnings.append(f"{resource.name}: transit_encryption_mode = \"preferred\", not \"required\": {why}. Its "
                              "traffic (auth token included) crosses the VPC in clear text; only the app security group "
                              "is admitted")
    else:
        d.set("transit_encryption_mode", "required", "TLS in transit, plaintext refused: clients use rediss://")
    d.decisions.append(Decision("auth_token", "generated", "64 random characters generated by Terraform "
                                f"(random_password), kept in Secrets Manager as <name_prefix>/{aws_name(resource.name)[:16].strip('-')}"
                                f"/auth-token (output {tf_id(resource.name)}_auth_token_secret_arn) "
                                "and given to the apps only inside REDIS_URL; the compose password is not reused"))
    d.set("auth_token_update_strategy", "ROTATE", "required by AWS provider v6 with auth_token (var.<name>_auth_token_"
          "update_strategy). ROTATE adds a new token and keeps the old one valid, so a rotation is not complete until "
          "an apply with SET, after the apps have the new token (README.md, Rotating the auth token)")
    days = d.set("snapshot_retention_days", 7, "daily snapshots kept 7 days (0 would disable backups)",
                 ("snapshot_retention_days", "backup_retention_days"), int_between(1, 35))
    d.set("port", 6379, "the Redis port the app already uses")
    policy = resource.facts.maxmemory_policy
    warnings_policy = []
    if policy and policy not in POLICIES:
        warnings_policy.append(f"{resource.name}: compose's --maxmemory-policy {policy!r} is not one ElastiCache "
                               "accepts; Redis's default noeviction is kept instead")
        policy = None
    d.set("maxmemory_policy", policy or "noeviction",
          "as compose ran it (--maxmemory-policy), in the group's own parameter group: ElastiCache's default group "
          "would evict with volatile-lru" if policy else
          "Redis's default, which compose ran with: at maxmemory, writes fail instead of evicting (ElastiCache's "
          "default group would evict keys with a TTL, volatile-lru); set x-c2p aws.maxmemory_policy, e.g. "
          "allkeys-lru for a cache", "maxmemory_policy", one_of(*POLICIES))
    if policy and "maxmemory_policy" not in d.options:
        d.decisions[-1] = dataclasses.replace(d.decisions[-1], source="compose")
    persistence = resource.facts.persistence or "none"
    d.decisions.append(Decision("persistence", persistence, PERSISTENCE.get(persistence, PERSISTENCE["none"]).format(days=days)))
    d.decisions.insert(0, Decision("mapping", "elasticache", f"Redis/Valkey → ElastiCache replication group ({engine})"))
    warnings = list(resource.warnings) + tls_warnings + warnings_policy
    if persistence.startswith("aof"):
        warnings.append(f"{resource.name}: AOF has no ElastiCache equivalent: a Multi-AZ replica and daily snapshots "
                        f"kept {days} days replace it")
    redis_v = resource.versions.get("redis") or ""
    # MIGRATION.md's note on the RDB format: Valkey forked from Redis 7.2 and loads RDBs up to that format
    newer = (f"compose runs Redis {redis_v}, whose RDB may use a newer format that Valkey cannot load."
             if redis_v and _newer_than_72(redis_v) else None)
    unknown = "the compose image does not say which Redis it runs; an RDB from a Redis newer than 7.2 may not load."
    d.fact("rdb_format_note", None if engine != "valkey" or resource.engine == "valkey" else
           (newer if redis_v else unknown))
    compose_v = resource.versions.get(engine) or ""
    if resource.engine == engine and compose_v and _key(compose_v) > _key(version):
        warnings.append(f"{resource.name}: compose runs {engine} {compose_v}, newer than engine_version {version}: an "
                        f"RDB written by a newer {engine} may not load into an older one; set x-c2p aws.engine_version "
                        f"to {compose_v} or newer (MIGRATION.md)")
    if engine == "valkey" and redis_v and _newer_than_72(redis_v):
        warnings.append(f"{resource.name}: compose runs Redis {redis_v}; Valkey forked from Redis 7.2, so an RDB "
                        "written by a newer Redis may not load: seed with a fresh export and test it (MIGRATION.md)")
    if nodes < 2:
        warnings.append(f"{resource.name}: a single ElastiCache node (x-c2p aws.ha: false) has no failover: a node "
                        "failure loses the data since the last snapshot and stops the app's Redis until it is replaced")
    warnings += d.unknown_options({"tier": "ElastiCache sizes are node types: use size or node_type",
                                   "storage_gb": "ElastiCache memory comes with the node type"})
    return dataclasses.replace(
        resource, mapping="elasticache", engine=engine, settings=d.settings,
        decisions=tuple(resource.decisions) + tuple(d.decisions), warnings=tuple(warnings),
    )


def _newer_than_72(version: str) -> bool:
    try:
        parts = [int(p) for p in version.split(".")[:2]]
    except ValueError:
        return False
    return tuple(parts + [0])[:2] > (7, 2)


def _key(version: str) -> tuple[int, int]:
    parts = [int(p) for p in version.split(".")[:2] if p.isdigit()]
    return tuple(parts + [0, 0])[:2]
