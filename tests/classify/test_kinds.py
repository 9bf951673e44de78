"""Recognition per kind: many image spellings and tags, and look-alikes that must NOT match."""

from __future__ import annotations

import pytest

from generator.classify.image import parse_image
from generator.classify.kinds import BY_NAME, KINDS
from generator.classify.recognise import recognise
from generator.classify.signals import gather
from tests.classify.build import svc

MATCH = [
    ("postgres", "postgres"),
    ("postgres:16", "postgres"),
    ("postgres:16.4-alpine3.20", "postgres"),
    ("docker.io/library/postgres:16", "postgres"),
    ("docker.io/postgres:16-alpine", "postgres"),
    ("postgres@sha256:" + "a" * 64, "postgres"),
    ("postgres:16@sha256:" + "b" * 64, "postgres"),
    ("public.ecr.aws/docker/library/postgres:15", "postgres"),
    ("mirror.gcr.io/library/postgres:17", "postgres"),
    ("registry.example.com:5000/mirror/postgres:16", "postgres"),
    ("bitnami/postgresql:16.2.0-debian-12-r0", "postgres"),
    ("bitnamilegacy/postgresql:15", "postgres"),
    ("pgvector/pgvector:pg16", "postgres"),
    ("ankane/pgvector:v0.5.1", "postgres"),
    ("postgis/postgis:16-3.4", "postgres"),
    ("ghcr.io/cloudnative-pg/postgresql:16.4", "postgres"),
    ("timescale/timescaledb:2.17.2-pg16", "timescaledb"),
    ("timescale/timescaledb:latest-pg17", "timescaledb"),
    ("timescale/timescaledb-ha:pg16", "timescaledb"),
    ("timescale/timescaledb-ha:pg16.4-ts2.16.1", "timescaledb"),
    ("docker.io/timescale/timescaledb-ha:pg14-latest", "timescaledb"),
    ("redis", "redis"),
    ("redis:7.4-alpine", "redis"),
    ("docker.io/library/redis:7.2.4", "redis"),
    ("bitnami/redis:7.2", "redis"),
    ("valkey/valkey:8.0-alpine", "redis"),
    ("docker.io/valkey/valkey:8", "redis"),
    ("redis/redis-stack-server:7.2.0-v10", "redis"),
    ("hashicorp/vault:1.18", "vault"),
    ("vault:1.13.3", "vault"),
    ("docker.io/hashicorp/vault", "vault"),
    ("mysql:8.4", "mysql"),
    ("mariadb:10-focal", "mariadb"),
    ("mongo:4.2.0", "mongodb"),
    ("bitnami/mongodb:7.0", "mongodb"),
    ("rabbitmq:3-management-alpine", "rabbitmq"),
    ("confluentinc/cp-kafka:7.6.0", "kafka"),
    ("bitnami/kafka:3.7", "kafka"),
    ("minio/minio:RELEASE.2024-01-01T00-00-00Z", "minio"),
    ("cgr.dev/chainguard/minio", "minio"),
    ("elasticsearch:7.17.27", "elasticsearch"),
    ("docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "elasticsearch"),
    ("opensearchproject/opensearch:2", "opensearch"),
    ("memcached:1.6-alpine", "memcached"),
    ("clickhouse/clickhouse-server:24.8", "clickhouse"),
    ("docker.io/clickhouse/clickhouse-server:25.12", "clickhouse"),
]

NOT_MATCH = [
    "prometheuscommunity/postgres-exporter:v0.15.0",
    "quay.io/prometheuscommunity/postgres-exporter",
    "wrouesnel/postgres_exporter",
    "bitnami/postgres-exporter",
    "oliver006/redis_exporter",
    "rediscommander/redis-commander:latest",
    "redis/redisinsight:latest",
    "redislabs/redisinsight:1.14.0",
    "dpage/pgadmin4:8",
    "hashicorp/vault-k8s:1.4.2",
    "hashicorp/vault-csi-provider:1.4.0",
    "hashicorp/vault-secrets-operator:0.8",
    "timescale/promscale:latest",
    "edoburu/pgbouncer",
    "mongo-express:1",
    "provectuslabs/kafka-ui",
    "minio/mc",
    "nginx:1.27",
    "ghcr.io/example/server2:latest",
]


@pytest.mark.parametrize("image,kind", MATCH)
def test_image_is_recognised(image, kind):
    verdict = recognise(gather(svc("x", image)))
    assert verdict.kind == kind, (image, verdict)
    assert any(e.source == "image" for e in verdict.evidence)


@pytest.mark.parametrize("image", NOT_MATCH)
def test_lookalikes_are_not_stateful(image):
    assert recognise(gather(svc("x", image))).kind is None


def test_image_parsing_spellings():
    ref = parse_image("docker.io/library/postgres:16@sha256:" + "a" * 64)
    assert (ref.registry, ref.path, ref.tag) == ("docker.io", "postgres", "16")
    ref = parse_image("localhost:5000/team/redis")
    assert (ref.registry, ref.namespace, ref.name, ref.tag) == ("localhost:5000", "team", "redis", None)
    assert parse_image("postgres@sha256:abc").digest == "sha256:abc"


def test_command_recognises_an_unknown_image():
    verdict = recognise(gather(svc("cache", "mycorp/base:1", command=["redis-server", "--appendonly", "yes"])))
    assert verdict.kind == "redis"
    assert verdict.evidence[0].source == "command"


def test_sh_c_command_is_split():
    s = svc("r", "docker.io/valkey/valkey:8.0-alpine", command=["sh", "-c", "valkey-server --appendonly yes --requirepass $$P"])
    assert "valkey-server" in gather(s).argv


def test_env_and_data_path_recognise_a_custom_postgres_image():
    s = svc("db", "ghcr.io/acme/app_db:latest", env={"POSTGRES_PASSWORD": "x", "POSTGRES_DB": "d"},
            volumes=("db_data:/var/lib/postgresql/data",))
    assert recognise(gather(s)).kind == "postgres"


def test_client_env_alone_is_not_a_database():
    """An app that reads POSTGRES_PASSWORD to connect is not a Postgres server."""
    s = svc("app", "ghcr.io/acme/app:1", env={"POSTGRES_PASSWORD": "x", "POSTGRES_SERVER": "db"})
    assert recognise(gather(s)).kind is None


def test_vault_dev_token_env_recognises_a_built_vault():
    s = svc("vault-server", None, env={"VAULT_DEV_ROOT_TOKEN_ID": "root"}, ports=(8200,))
    assert recognise(gather(s)).kind == "vault"


def test_dockerfile_from_line(tmp_path):
    (tmp_path / "Dockerfile").write_text("ARG V=1.18\nFROM hashicorp/vault:${V} AS base\nFROM base\nCOPY x /x\n")
    verdict = recognise(gather(svc("v", "acme/vault-custom:dev", build=(str(tmp_path),))))
    assert verdict.kind == "vault"
    assert any(e.source == "dockerfile" and "hashicorp/vault:1.18" in e.detail for e in verdict.evidence)


def test_timescale_beats_postgres_and_keeps_postgres_evidence():
    s = svc("db", "timescale/timescaledb:2.17.2-pg16", health=("CMD-SHELL", "pg_isready"))
    verdict = recognise(gather(s))
    assert verdict.kind == "timescaledb"
    assert {e.source for e in verdict.evidence} >= {"image", "healthcheck"}


def test_postgres_with_timescale_preload_is_timescaledb():
    s = svc("db", "postgres:16", command=["postgres", "-c", "shared_preload_libraries=timescaledb"])
    assert recognise(gather(s)).kind == "timescaledb"


def test_conflict_is_reported_for_a_client_job_on_a_server_image():
    s = svc("seed", "postgres:15", entrypoint=["/bin/sh", "-c", "psql postgresql://u:pw@db/x -f /s.sql"])
    verdict = recognise(gather(s))
    assert verdict.kind == "postgres"
    assert any("client" in c for c in verdict.conflicts)


def test_conflicting_signals_are_said():
    s = svc("odd", "redis:7", env={"POSTGRES_PASSWORD": "x"}, volumes=("d:/var/lib/postgresql/data",),
            health=("CMD", "pg_isready"))
    verdict = recognise(gather(s))
    assert verdict.kind == "redis"
    assert any("postgres" in c for c in verdict.conflicts)


def test_registry_is_explicit_and_complete():
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names))
    for required in ("timescaledb", "postgres", "redis", "vault", "mysql", "mariadb", "mongodb", "rabbitmq", "kafka",
                     "minio", "elasticsearch", "opensearch", "memcached", "clickhouse"):
        assert required in BY_NAME
    assert {k.name for k in KINDS if k.core} == {"timescaledb", "postgres", "redis", "vault", "mysql", "mariadb"}
    from generator.targets import BUILT, PLANNED

    for kind in KINDS:  # a built target's mapping lives in its registry (tests/test_registry.py), never in the kind
        assert set(kind.targets) <= set(PLANNED), (kind.name, set(kind.targets) & set(BUILT))


@pytest.mark.parametrize("command", [["agent", "-config=/etc/vault/agent.hcl"], ["vault", "proxy", "-config=/p.hcl"]])
def test_vault_agent_sidecar_on_the_vault_image_is_an_app(command):
    assert recognise(gather(svc("vault-agent", "hashicorp/vault:1.18", command=command))).kind is None
