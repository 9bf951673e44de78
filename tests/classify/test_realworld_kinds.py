"""Classification defects found on real-world compose files (tests/fixtures/realworld), one test each."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.classify.recognise import recognise
from generator.classify.signals import gather
from generator.classify.volumes import is_data_mount
from generator.model import Mount
from tests.classify.build import project, svc


def test_mysql_with_the_mysql_root_password_is_mysql_not_mariadb():
    """MYSQL_ROOT_PASSWORD is read by both images: it must not make mysql:8.0 a MariaDB (Ghost's compose)."""
    s = svc("db", "mysql:8.0", env={"MYSQL_ROOT_PASSWORD": "x"}, volumes=("db:/var/lib/mysql",))
    assert recognise(gather(s)).kind == "mysql"
    s = svc("db", "mariadb:10.11", env={"MYSQL_ROOT_PASSWORD": "x"}, volumes=("db:/var/lib/mysql",))
    assert recognise(gather(s)).kind == "mariadb"


@pytest.mark.parametrize("image,kind", [
    ("goharbor/redis-photon:v2.10.2", "redis"),
    ("zulip/zulip-postgresql:14", "postgres"),
    ("ghcr.io/posthog/kafka-container:v2.8.2", "kafka"),
    ("bitnami/redis-cluster:7.2", "redis"),
    ("bitnami/mariadb-galera:11.2", "mariadb"),
])
def test_an_image_named_after_a_kind_is_that_kind(image, kind):
    verdict = recognise(gather(svc("x", image)))
    assert verdict.kind == kind, verdict


@pytest.mark.parametrize("image", [
    "bitnami/redis-sentinel:7.2", "clickhouse/clickhouse-keeper:24.3", "opensearchproject/opensearch-dashboards:2",
    "confluentinc/cp-kafka-connect:7.5.0", "supabase/postgres-meta:v0.80.0", "prodrigestivill/postgres-backup-local",
    "bitnami/elasticsearch-exporter:1", "percona/mongodb_exporter:0.40", "obsidiandynamics/kafdrop",
    "sosedoff/pgweb", "mongo-express:1.0", "ghcr.io/joeferner/redis-commander:latest", "dpage/pgadmin4:8.5",
])
def test_a_tool_named_after_a_kind_is_not_that_kind(image):
    assert recognise(gather(svc("x", image))).kind is None


def test_a_vendor_image_tag_is_not_taken_as_the_kind_version():
    c = classify(project(svc("redis", "goharbor/redis-photon:v2.10.2")))
    info = c.service("redis")
    assert info.kind == "redis" and "redis" not in info.versions
    assert any("x-c2p version" in w for w in info.warnings)


@pytest.mark.parametrize("image,command", [
    ("postgres:15", ["/bin/sh", "-c", "psql postgresql://u:pw@db/x -f /s.sql"]),
    ("redis:7", ["redis-cli", "-h", "redis", "ping"]),
    ("mongo:7", ["sh", "-c", "mongosh --host mongo --eval 'rs.initiate()'"]),
    ("docker.elastic.co/elasticsearch/elasticsearch:8.13.4", ["bash", "-c", "bin/elasticsearch-certutil ca --pem"]),
    ("confluentinc/cp-kafka:7.5.0", ["bash", "-c", "kafka-topics --bootstrap-server broker:29092 --create --topic t"]),
    ("hashicorp/vault:1.16", ["sh", "-c", "vault operator init > /keys"]),
])
def test_a_job_on_a_server_image_keeps_its_kind_but_is_not_provisioned(image, command):
    from generator.plan.build import build
    from tests.plan.fake_target import FakeTarget

    p = project(svc("setup", image, command=command), svc("app", "acme/app:1"))
    c = classify(p)
    info = c.service("setup")
    assert info.kind != "app" and info.job, info  # a database image is never called app
    assert any("job" in x for x in info.conflicts)
    plan = build(p, c, "k8s", get_target=lambda _: FakeTarget())
    assert "setup" not in {r.name for r in plan.resources}
    assert any(s.name == "setup" and "job" in s.reason for s in plan.skipped)


@pytest.mark.parametrize("image,command", [
    ("redis:alpine", ["sh", "-euc", "echo \"requirepass '$$P'\" > /etc/redis.conf\nexec redis-server /etc/redis.conf"]),
    ("memcached:alpine", ["sh", "-euc", "echo 'mech_list: plain' > /c\nexec memcached -S"]),
    ("minio/minio:RELEASE.2022-06-25T15-50-16Z", ["sh", "-c", "mkdir -p /data/x && minio server /data"]),
    ("postgres:16", ["sh", "-c", "docker-entrypoint.sh postgres & sleep 5; wait"]),
    ("redis:7", ["--save", "60", "1", "--loglevel", "warning"]),
    ("confluentinc/cp-kafka:7.5.0", ["bash", "-c", "((sleep 15 && kafka-topics --create --topic t)&) && /etc/confluent/docker/run"]),
    ("wurstmeister/kafka:2.13-2.8.1", ["sh", "-c", "sleep 5; start-kafka.sh"]),
    ("mariadb:10.11", ["--transaction-isolation=READ-COMMITTED", "--log-bin=binlog"]),
])
def test_a_server_started_from_a_script_or_flags_is_still_the_server(image, command):
    c = classify(project(svc("db", image, command=command)))
    assert not c.service("db").job and c.service("db").stateful


def test_a_host_folder_named_data_holds_data_wherever_it_is_mounted(tmp_path):
    """GitLab: $GITLAB_HOME/data:/var/opt/gitlab; init scripts and config from a `database` folder do not, nor
    does a source folder mounted for live reload (it exists: a missing one is data, the test below)."""
    assert is_data_mount(Mount(type="bind", source="/srv/gitlab/data", target="/var/opt/gitlab"))
    assert is_data_mount(Mount(type="bind", source="/p/postgres-data", target="/pg"))
    assert not is_data_mount(Mount(type="bind", source="/p/setup/database/", target="/docker-entrypoint-initdb.d/"))
    assert not is_data_mount(Mount(type="bind", source="/p/data", target="/etc/app"))
    (tmp_path / "src").mkdir()
    assert not is_data_mount(Mount(type="bind", source=str(tmp_path / "src"), target="/app"))


def test_a_writable_bind_of_a_missing_folder_is_data(tmp_path):
    """mastodon's ./public/system does not exist before `docker compose up`: all it can hold is what the app writes
    (uploads), so on aws it goes to EFS and on k8s to a claim; an existing code folder, a config target or a
    read-only mount stays what it was."""
    missing = str(tmp_path / "public" / "system")
    assert is_data_mount(Mount(type="bind", source=missing, target="/mastodon/public/system"))
    assert not is_data_mount(Mount(type="bind", source=missing, target="/etc/app"))
    assert not is_data_mount(Mount(type="bind", source=missing, target="/mastodon/public/system", read_only=True))
    assert not is_data_mount(Mount(type="bind", source=missing, target="/var/log/app"))
    (tmp_path / "public" / "system").mkdir(parents=True)
    assert not is_data_mount(Mount(type="bind", source=missing, target="/mastodon/public/system"))


def test_lower_case_double_underscore_vars_are_consumers():
    """Ghost reads database__connection__host; Gitea GITEA__database__HOST."""
    p = project(svc("db", "mysql:8.0"), svc("ghost", "ghost:5", env={
        "database__connection__host": "db", "database__connection__user": "root",
        "database__connection__password": "pw", "database__connection__database": "ghost"}))
    uses = {u.env: u.role for u in classify(p).service("ghost").consumes}
    assert uses == {"database__connection__host": "host", "database__connection__user": "user",
                    "database__connection__password": "password", "database__connection__database": "database"}


def test_built_from_a_postgres_dockerfile_is_postgres(tmp_path):
    (tmp_path / "Dockerfile").write_text("ARG PG_MAJOR=15\nFROM postgres:${PG_MAJOR}-bookworm\nRUN apt-get update\n")
    c = classify(project(svc("db", None, build=(str(tmp_path),))))
    assert c.service("db").kind == "postgres" and c.service("db").versions["postgres"] == "15"


def test_an_empty_build_arg_leaves_the_dockerfile_default(tmp_path):
    """Sentry: args: BASE_IMAGE: "${CLICKHOUSE_IMAGE:-}" with ARG BASE_IMAGE=altinity/clickhouse-server:…"""
    from dataclasses import replace
    from types import MappingProxyType

    (tmp_path / "Dockerfile").write_text("ARG BASE_IMAGE=altinity/clickhouse-server:23.8\nFROM ${BASE_IMAGE}\n")
    s = svc("clickhouse", "clickhouse-self-hosted-local", build=(str(tmp_path),))
    s = replace(s, build=replace(s.build, args=MappingProxyType({"BASE_IMAGE": ""})))
    assert recognise(gather(s)).kind == "clickhouse"


def test_an_image_named_after_two_kinds_is_neither_by_name():
    verdict = recognise(gather(svc("x", "percona/percona-server-mongodb:7.0")))
    assert verdict.kind is None
    s = svc("x", "percona/percona-server-mongodb:7.0", env={"MONGO_INITDB_ROOT_PASSWORD": "pw"},
            volumes=("d:/data/db",))
    assert recognise(gather(s)).kind == "mongodb"


@pytest.mark.parametrize("image", ["cassandra:4.1", "neo4j:5", "mcr.microsoft.com/mssql/server:2022-latest",
                                   "qdrant/qdrant:v1.9.0", "docker.dragonflydb.io/dragonflydb/dragonfly",
                                   "influxdb:2.7", "bitnami/etcd:3.5", "zookeeper:3.9", "getmeili/meilisearch:v1.8"])
def test_a_database_without_a_kind_is_unknown_stateful_even_without_a_volume(image):
    from generator.plan.build import build
    from tests.plan.fake_target import FakeTarget

    p = project(svc("store", image), svc("api", "acme/api:1"))
    c = classify(p)
    assert c.service("store").kind == "unknown-stateful" and c.service("store").stateful
    plan = build(p, c, "k8s", get_target=lambda _: FakeTarget())
    assert [a.name for a in plan.apps] == ["api"]
    assert [s.name for s in plan.skipped] == ["store"] and "runs" in plan.skipped[0].reason


@pytest.mark.parametrize("image", ["bitnami/cassandra-exporter", "neo4j-admin", "prom/influxdb-exporter", "nginx:1"])
def test_tools_and_apps_are_not_other_databases(image):
    assert classify(project(svc("x", image))).service("x").kind == "app"


@pytest.mark.parametrize("image,versions", [
    ("confluentinc/cp-kafka:7.6.1", {"confluent-platform": "7.6", "kafka": "3.6"}),
    ("confluentinc/cp-server:8.0.0", {"confluent-platform": "8.0", "kafka": "4.0"}),
    ("bitnami/kafka:3.7", {"kafka": "3.7"}),
    ("redpandadata/redpanda:v23.3.5", {"redpanda": "23.3"}),
])
def test_kafka_versions_say_which_product_the_tag_numbers(image, versions):
    assert dict(classify(project(svc("k", image))).service("k").versions) == versions
