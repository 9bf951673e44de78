"""Every realworld fixture classifies as its kinds.json says (reviewed by eye: a database image is never
`app`; exporters, admin UIs and clients are never a database; jobs on server images are marked jobs)."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.classify.image import parse_image
from generator.classify.model import APP
from tests.realworld.cases import CASES, expected_kinds, load

DB_WORDS = ("postgres", "postgresql", "mysql", "mariadb", "mongo", "redis", "valkey", "timescaledb", "clickhouse",
            "elasticsearch", "rabbitmq", "minio", "memcached", "kafka", "cp-kafka", "opensearch")
TOOL_IMAGES = ("postgres-exporter", "redis_exporter", "redis-commander", "pgadmin4", "mongo-express", "kafka-ui",
               "redisinsight", "phpmyadmin", "adminer", "mc")


@pytest.mark.parametrize("case", CASES)
def test_realworld_kinds_are_as_reviewed(case):
    want = expected_kinds(case)
    assert want, f"{case} has no kinds.json"
    c = classify(load(case))
    assert {n: i.kind for n, i in c.services.items()} == want["services"]
    assert sorted(n for n, i in c.services.items() if i.job and i.stateful) == want.get("stateful_jobs", [])


@pytest.mark.parametrize("case", CASES)
def test_no_database_image_is_an_app_and_no_tool_is_a_database(case):
    for name, info in classify(load(case)).services.items():
        ref = parse_image(info.image)
        if ref is None:
            continue
        if ref.name in DB_WORDS:
            assert info.kind != APP, f"{name} ({info.image}) is a database image called app"
        if ref.name in TOOL_IMAGES:
            assert not info.stateful or info.kind == "unknown-stateful", f"{name} ({info.image}) is called {info.kind}"
