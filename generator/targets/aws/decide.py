"""Plan stage for --target aws: which managed service realises each stateful resource, and its settings."""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from generator.plan.model import Decision, Resource
from generator.targets.aws import extensions as ext

# What AWS would offer for the recognised kinds c2p does not map yet (said in the warning, never generated).
NOT_YET = {
    "mysql": "Amazon RDS for MySQL (aws_db_instance engine = \"mysql\")",
    "mariadb": "Amazon RDS for MariaDB (aws_db_instance engine = \"mariadb\")",
    "mongodb": "Amazon DocumentDB (MongoDB-compatible, not MongoDB itself) or MongoDB Atlas",
    "rabbitmq": "Amazon MQ for RabbitMQ (aws_mq_broker)",
    "kafka": "Amazon MSK (aws_msk_cluster)",
    "minio": "Amazon S3 (aws_s3_bucket), with the app moved to IAM credentials",
    "elasticsearch": "Amazon OpenSearch Service (aws_opensearch_domain) or Elastic Cloud",
    "opensearch": "Amazon OpenSearch Service (aws_opensearch_domain)",
    "memcached": "ElastiCache for Memcached (aws_elasticache_cluster)",
    "clickhouse": "ClickHouse Cloud on AWS (no AWS-native managed ClickHouse)",
}


def decide(resource: Resource, options: Mapping[str, Any]) -> Resource:
    options = dict(options or {})
    kind = resource.kind
    if kind == "timescaledb":
        if options.get("engine") in ("rds", "postgres"):
            from generator.targets.aws import rds

            return rds.decide(resource, options, forced_from_timescaledb=True)
        from generator.targets.aws import tiger

        lacking = ext.missing(resource, ext.TIGER_EXTENSIONS)
        if lacking:
            return refused(resource, ext.refusal(resource, "Tiger Cloud", ext.TIGER_SOURCE, lacking))
        return tiger.decide(resource, options)
    if kind == "postgres":
        from generator.targets.aws import rds

        lacking = ext.missing(resource, ext.RDS_EXTENSIONS)
        if lacking and options.get("engine") != "rds":
            return refused(resource, ext.refusal(resource, "Amazon RDS for PostgreSQL", ext.RDS_SOURCE, lacking))
        mapped = rds.decide(resource, options)
        if lacking:
            return dataclasses.replace(mapped, warnings=(
                f"{resource.name}: FORCED TO RDS (x-c2p aws.engine: rds) WITHOUT THE EXTENSION(S) "
                f"{', '.join(lacking)} ({ext.RDS_SOURCE}): the app fails where it creates or uses them",
            ) + tuple(mapped.warnings))
        return mapped
    if kind == "redis":
        from generator.targets.aws import elasticache

        return elasticache.decide(resource, options)
    if kind == "vault":
        from generator.targets.aws import hcp_vault, secrets_manager

        choice = options.get(secrets_manager.OPTION, "hcp")
        if choice not in secrets_manager.CHOICES:
            from generator.errors import C2PError

            raise C2PError(f"x-c2p aws.vault of service '{resource.name}': {choice!r} is not one of "
                           + ", ".join(repr(c) for c in secrets_manager.CHOICES))
        if secrets_manager.wants_secrets_manager(options):
            return secrets_manager.decide(resource, options)
        return hcp_vault.decide(resource, options)
    return unsupported(resource)


def refused(resource: Resource, reason: str) -> Resource:
    """Recognised and mappable in kind, but needing what the target lacks: left out, with the reason."""
    return dataclasses.replace(
        resource,
        mapping="unsupported",
        decisions=resource.decisions + (Decision("mapping", "unsupported", reason),),
        warnings=(reason,) + tuple(resource.warnings),
    )


def unsupported(resource: Resource) -> Resource:
    offer = NOT_YET.get(resource.kind)
    if offer:
        reason = (f"{resource.name}: kind '{resource.kind}' has no AWS mapping in c2p yet; it was left out, not guessed "
                  f"(the managed option would be {offer}: provision it by hand or keep running it yourself)")
    else:
        reason = (f"{resource.name}: kind '{resource.kind}' has no AWS mapping in c2p; it was left out, not guessed "
                  "(set x-c2p.kind if c2p misread it, or provision it by hand)")
    return dataclasses.replace(
        resource,
        mapping="unsupported",
        decisions=resource.decisions + (Decision("mapping", "unsupported", reason),),
        warnings=(reason,) + tuple(resource.warnings),
    )
