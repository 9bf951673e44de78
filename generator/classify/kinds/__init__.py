"""The one list of kinds c2p recognises. Order matters only for ties: specialisations come first.

Adding a kind: a module here exposing KIND (see base.Kind), and one line in KINDS.
"""

from __future__ import annotations

from generator.classify.kinds import (
    clickhouse,
    elasticsearch,
    kafka,
    mariadb,
    memcached,
    minio,
    mongodb,
    mysql,
    opensearch,
    postgres,
    rabbitmq,
    redis,
    timescaledb,
    vault,
)
from generator.classify.kinds.base import Kind

KINDS: tuple[Kind, ...] = (
    timescaledb.KIND,
    postgres.KIND,
    redis.KIND,
    vault.KIND,
    mariadb.KIND,
    mysql.KIND,
    mongodb.KIND,
    rabbitmq.KIND,
    kafka.KIND,
    minio.KIND,
    opensearch.KIND,
    elasticsearch.KIND,
    memcached.KIND,
    clickhouse.KIND,
)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}


def family_of(name: str) -> str:
    """timescaledb → postgres; a kind without a family is its own."""
    kind = BY_NAME.get(name)
    return kind.family or kind.name if kind else name
