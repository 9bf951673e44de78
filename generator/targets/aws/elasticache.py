"""Redis / Valkey → Amazon ElastiCache (`aws_elasticache_replication_group`, cluster mode disabled).

Secure defaults and argument names: service-mapping §4.1 (AWS provider v6: `auth_token_update_strategy`
has no default and must be set together with `auth_token`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from generator.plan.model import Decision, Resource
from generator.targets.aws.common import Decider, int_between, matches, one_of

DEFAULTS = {"valkey": ("8.1", "default.valkey8"), "redis": ("7.1", "default.redis7")}
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


def decide(resource: Resource, options: Mapping[str, Any]) -> Resource:
    d = Decider(resource.name, options)
    d.fact("tls", True)
    d.fact("auth", True)
    d.fact("username", None)
    engine = d.set("engine", "valkey", "Valkey is the open-source Redis fork AWS maintains: cheaper than Redis OSS on "
                   "ElastiCache and newer (Redis OSS stops at 7.1); Redis clients work unchanged", "engine",
                   one_of("valkey", "redis"))
    version, family = DEFAULTS[engine]
    d.set("engine_version", version, f"current {engine} line on ElastiCache", "engine_version",
          matches(r"\d+\.\d+", "a major.minor version"))
    d.fact("parameter_group_name", family if d.settings["engine_version"] == version else
           f"default.{engine}{d.settings['engine_version'].split('.')[0]}")
    d.set("node_type", "cache.m7g.large", "general-purpose Graviton node, 6.4 GiB; cache.t4g.* is for non-production",
          "node_type", matches(r"cache\.[a-z0-9]+\.[a-z0-9]+", "an ElastiCache node type"))
    d.set("num_cache_clusters", 2, "primary + 1 replica: the minimum for automatic failover and Multi-AZ",
          "num_cache_clusters", int_between(2, 6))
    d.set("automatic_failover", True, "the replica is promoted when the primary fails")
    d.set("multi_az", True, "primary and replica in different availability zones")
    d.set("at_rest_encryption", True, "encryption at rest (AWS-managed key unless var.kms_key_arn is set)")
    d.set("transit_encryption_mode", "required", "TLS in transit, plaintext refused: clients use rediss://")
    d.set("auth_token_update_strategy", "ROTATE", "required by AWS provider v6 with auth_token; ROTATE lets a new "
          "token be rolled out while the old one still works")
    days = d.set("snapshot_retention_days", 7, "daily snapshots kept 7 days (0 would disable backups)",
                 "snapshot_retention_days", int_between(1, 35))
    d.set("port", 6379, "the Redis port the app already uses")
    persistence = resource.persistence or "none"
    d.decisions.append(Decision("persistence", persistence, PERSISTENCE.get(persistence, PERSISTENCE["none"]).format(days=days)))
    d.decisions.insert(0, Decision("mapping", "elasticache", f"Redis/Valkey → ElastiCache replication group ({engine})"))
    warnings = list(resource.warnings)
    if persistence.startswith("aof"):
        warnings.append(f"{resource.name}: AOF has no ElastiCache equivalent: a Multi-AZ replica and daily snapshots "
                        f"kept {days} days replace it")
    redis_v = resource.versions.get("redis") or ""
    if engine == "valkey" and redis_v and _newer_than_72(redis_v):
        warnings.append(f"{resource.name}: compose runs Redis {redis_v}; Valkey forked from Redis 7.2, so an RDB "
                        "written by a newer Redis may not load: seed with a fresh export and test it (MIGRATION.md)")
    warnings += d.unknown_options(known_extra=())
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
