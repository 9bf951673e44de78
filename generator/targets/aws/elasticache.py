"""Redis / Valkey → Amazon ElastiCache (`aws_elasticache_replication_group`, cluster mode disabled).

Secure defaults and argument names: service-mapping §4.1 (AWS provider v6: `auth_token_update_strategy`
has no default and must be set together with `auth_token`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from generator.plan.model import Decision, Resource
from generator.targets.aws.common import Decider, int_between, matches, one_of

DEFAULTS = {"valkey": "8.1", "redis": "7.1"}
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
    version = DEFAULTS[engine]
    d.set("engine_version", version, f"current {engine} line on ElastiCache", ("engine_version", "version"),
          matches(r"\d+\.\d+", "a major.minor version"), convert=str)
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
    d.set("transit_encryption_mode", "required", "TLS in transit, plaintext refused: clients use rediss://")
    d.set("auth_token_update_strategy", "ROTATE", "required by AWS provider v6 with auth_token; ROTATE lets a new "
          "token be rolled out while the old one still works")
    days = d.set("snapshot_retention_days", 7, "daily snapshots kept 7 days (0 would disable backups)",
                 ("snapshot_retention_days", "backup_retention_days"), int_between(1, 35))
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
