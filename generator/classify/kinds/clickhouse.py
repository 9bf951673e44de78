"""ClickHouse: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/var/lib/clickhouse", "/bitnami/clickhouse")

KIND = Kind(
    name="clickhouse",
    label="ClickHouse",
    images=r"clickhouse-server|clickhouse",
    commands=r"clickhouse(-server|\s+server)(\s|$)",
    clients=None,
    healthchecks=r"clickhouse(-client|\s+client)\b",
    env=r"CLICKHOUSE_(USER|PASSWORD|DB|DEFAULT_ACCESS_MANAGEMENT|SKIP_USER_SETUP)",
    ports=(8123, 9000),
    data_paths=DATA_PATHS,
    default_port=8123,
    url_schemes=("clickhouse", "clickhouse+native"),
    facts=generic_facts("clickhouse", DATA_PATHS, 8123),
)
