"""Consumers: which env var of which service points at which stateful service, and in which role."""

from __future__ import annotations

from generator.classify import classify
from tests.classify.build import project, svc


def _uses(p, name):
    return {u.env: (u.target, u.role, u.matched_by) for u in classify(p).service(name).consumes}


def test_container_name_alias_and_link():
    p = project(
        svc("db", "postgres:16", container_name="neosync-db"),
        svc("cache", "redis:7", aliases=("redis.internal",)),
        svc("kv", "hashicorp/vault:1.18"),
        svc("api", "acme/api:1", links=("kv:secrets",), env={
            "DB_URL": "postgresql://u:p@neosync-db:5432/app",
            "CACHE": "redis://redis.internal:6379",
            "VAULT_ADDR": "http://secrets:8200",
        }),
    )
    got = _uses(p, "api")
    assert got["DB_URL"] == ("db", "url", "container_name")
    assert got["CACHE"] == ("cache", "url", "network alias")
    assert got["VAULT_ADDR"] == ("kv", "addr", "link")


def test_prefix_siblings_and_roles():
    p = project(
        svc("postgresql", "postgres:13"),
        svc("temporal", "temporalio/auto-setup:1.26", env={
            "POSTGRES_SEEDS": "postgresql", "POSTGRES_USER": "temporal", "POSTGRES_PWD": "temporal",
            "DB_PORT": "5432", "DB": "postgres12"}),
    )
    got = _uses(p, "temporal")
    assert got == {"POSTGRES_SEEDS": ("postgresql", "host", "service name"),
                   "POSTGRES_USER": ("postgresql", "user", "prefix POSTGRES_"),
                   "POSTGRES_PWD": ("postgresql", "password", "prefix POSTGRES_")}


def test_a_value_equal_to_a_service_name_is_not_a_host_unless_the_name_says_so():
    p = project(svc("n8n", "acme/n8n:1", volumes=("n8n_storage:/home/node/.n8n",)),
                svc("postgres", "postgres:16", env={"POSTGRES_DB": "n8n"}),
                svc("worker", "acme/w:1", env={"MODE": "n8n", "N8N_HOST": "n8n", "BROKER": "n8n:5679"}))
    assert _uses(p, "postgres") == {}
    assert set(_uses(p, "worker")) == {"N8N_HOST", "BROKER"}


def test_dev_only_notes_and_masking():
    p = project(
        svc("db", "postgres:16"),
        svc("cache", "redis:7"),
        svc("api", "acme/api:1", env={
            "DATABASE_URL": "postgres://app:hunter22@db/app?sslmode=prefer",
            "REDIS_URL": "redis://default:hunter33@cache:6379/0",
            "PGSSLMODE": "disable", "PGHOST": "db"}),
    )
    uses = {u.env: u for u in classify(p).service("api").consumes}
    assert uses["DATABASE_URL"].dev_only == ("sslmode=prefer", "literal password")
    assert uses["DATABASE_URL"].value == "postgres://app:***@db/app?sslmode=prefer"
    assert uses["REDIS_URL"].value == "redis://default:***@cache:6379/0"
    assert uses["PGSSLMODE"].role == "sslmode" and uses["PGSSLMODE"].dev_only == ("TLS off (disable)",)


def test_roles_are_limited_by_kind_and_ports_must_be_numbers():
    p = project(svc("cache", "redis:7"),
                svc("api", "acme/api:1", env={"REDIS_HOST": "cache", "REDIS_DB": "2", "REDIS_PORT": "${PORT}"}))
    assert set(_uses(p, "api")) == {"REDIS_HOST"}


def test_stateful_services_can_consume_each_other_but_not_themselves():
    p = project(svc("database", "postgres:14"),
                svc("vault", "hashicorp/vault:1.18", env={"VAULT_ADDR": "http://vault:8200", "DATABASE_HOSTNAME": "database"}))
    assert _uses(p, "vault") == {"DATABASE_HOSTNAME": ("database", "host", "service name")}


def test_used_by_and_depends_on():
    p = project(svc("db", "postgres:16"), svc("api", "acme/api:1", env={"DB_HOST": "db"}, depends=("db",)))
    c = classify(p)
    assert [(u.service, u.env) for u in c.used_by("db")] == [("api", "DB_HOST")]
    assert c.service("api").depends_on == ("db",)
