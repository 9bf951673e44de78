"""build_plan against a fake target: resources, apps, env overrides, skipped services, the schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.classify import classify
from generator.paths import schema_path
from generator.plan.model import OUTPUTS, to_dict
from generator.plan.view import show, summary
from tests.classify.build import project, server2, svc
from tests.plan.fake_target import FakeTarget, build_with


def _env(plan, app):
    return {v.name: v for v in next(a for a in plan.apps if a.name == app).env}


@pytest.fixture(scope="module")
def plan():
    p = server2()
    return build_with(p, classify(p))


def test_schema_accepts_the_plan(plan):
    schema = json.loads(schema_path("plan").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(to_dict(plan))


def test_resources_and_apps(plan):
    assert [(r.name, r.kind, r.mapping) for r in plan.resources] == [
        ("redis", "redis", "fake-cache"), ("timescaledb", "timescaledb", "fake-tsdb"), ("vault", "vault", "fake-vault")]
    tsdb = plan.resource("timescaledb")
    assert tsdb.facts.extensions == ("timescaledb",) and tsdb.facts.databases[0].name == "server2"
    assert tsdb.facts.init_scripts == ("./db/init",) and tsdb.data_volume == "timescale-data"
    assert plan.resource("vault").facts.dev_mode and plan.resource("redis").facts.persistence == "aof"
    assert [a.name for a in plan.apps] == ["migrate", "server2", "worker"]
    assert next(a for a in plan.apps if a.name == "migrate").job


def test_env_overrides(plan):
    env = _env(plan, "server2")
    db = env["DATABASE_URL"].override
    assert db.template == "postgresql://{username}:{password}@{host}:{port}/{database}?sslmode=require"
    assert db.secret and db.resource == "timescaledb" and env["DATABASE_URL"].value is None
    assert db.dev_value == "postgres://server2:***@timescaledb:5432/server2?sslmode=disable"
    # server2 runs its own binary (no Python evidence): no redis-py-only query parameters (go-redis refuses them)
    assert env["REDIS_URL"].override.template == "rediss://:{password}@{host}:{port}/0"
    assert "go-redis" in env["REDIS_URL"].override.reason
    assert env["VAULT_ADDR"].override.template == "{addr}"
    assert env["VAULT_NAMESPACE"].override.template == "{namespace}"
    token = env["VAULT_TOKEN"].override
    assert token.action == "remove" and token.template is None and "auth" in token.reason
    assert env["LOG_LEVEL"].value == "info" and env["LOG_LEVEL"].override is None


def test_templates_only_use_outputs(plan):
    import re

    for app in plan.apps:
        for var in app.env:
            ov = var.override
            if ov and ov.template:
                kind = plan.resource(ov.resource).kind
                assert set(re.findall(r"\{(\w+)\}", ov.template)) <= set(OUTPUTS[kind]), ov


def test_no_compose_secret_reaches_the_plan(plan):
    text = show(plan, "json") + show(plan, "text") + summary(plan)
    assert "devpassword" not in text and "dev-root-token" not in text


def test_redis_without_tls_or_auth_and_no_namespace():
    p = server2()
    plan = build_with(p, classify(p), FakeTarget(tls=False, auth=False, namespace=None))
    env = _env(plan, "worker")
    assert env["REDIS_URL"].override.template == "redis://{host}:{port}/0"
    assert "VAULT_NAMESPACE" not in env


def test_redis_acl_user():
    p = server2()
    plan = build_with(p, classify(p), FakeTarget(username="app"))
    assert _env(plan, "worker")["REDIS_URL"].override.template == "rediss://{username}:{password}@{host}:{port}/0"


def test_unsupported_unknown_and_skipped_services():
    p = project(
        svc("mq", "rabbitmq:3"),
        svc("files", "acme/filestore:1", volumes=("files:/srv/files",)),
        svc("cache", "redis:7", raw={"x-c2p": {"skip": True}}),
        svc("api", "acme/api:1", env={"AMQP_URL": "amqp://guest:guest@mq:5672/", "API_TOKEN": "abc123"}),
    )
    plan = build_with(p, classify(p))
    skipped = {s.name: (s.kind, s.reason) for s in plan.skipped}
    assert skipped["mq"] == ("rabbitmq", "fake does not map rabbitmq")
    assert skipped["files"][0] == "unknown-stateful" and "files" in skipped["files"][1]
    assert skipped["cache"][1].startswith("skipped by x-c2p")
    assert plan.resources == ()
    env = _env(plan, "api")
    assert env["AMQP_URL"].secret and env["AMQP_URL"].value is None
    assert env["API_TOKEN"].secret and env["API_TOKEN"].value is None
    assert any("AMQP_URL points at mq" in w for w in plan.warnings)
    assert "guest:guest" not in show(plan, "json") and "abc123" not in show(plan, "json")


def test_options_reach_decide():
    p = project(svc("db", "postgres:16", raw={"x-c2p": {"aws": {"size": "db.r6g.large", "ha": True}}}),
                extensions={"x-c2p": {"aws": {"region": "eu-west-1"}}})
    fake = FakeTarget()
    from generator.plan.build import build

    plan = build(p, classify(p), "aws", get_target=lambda name: fake)
    assert fake.seen[0][1] == {"region": "eu-west-1", "size": "db.r6g.large", "ha": True}
    assert [(d.key, d.value, d.source) for d in plan.decisions] == [("aws.region", "eu-west-1", "override")]


def test_separate_pg_vars_and_jdbc():
    p = project(
        svc("db", "postgres:16", env={"POSTGRES_PASSWORD": "s3cret!", "POSTGRES_DB": "shop"}),
        svc("api", "acme/api:1", env={"PGHOST": "db", "PGPORT": "5432", "PGUSER": "postgres",
                                      "PGPASSWORD": "s3cret!", "PGDATABASE": "shop", "PGSSLMODE": "disable",
                                      "JDBC_URL": "jdbc:postgresql://db:5432/shop?user=postgres&password=s3cret!&ApplicationName=api"}),
    )
    plan = build_with(p, classify(p))
    env = _env(plan, "api")
    got = {k: v.override.template for k, v in env.items()}
    assert got == {"PGHOST": "{host}", "PGPORT": "{port}", "PGUSER": "{username}", "PGPASSWORD": "{password}",
                   "PGDATABASE": "{database}", "PGSSLMODE": "require",
                   "JDBC_URL": "jdbc:postgresql://{host}:{port}/{database}?ApplicationName=api&user={username}&password={password}&sslmode=require"}
    assert env["PGPASSWORD"].secret and not env["PGHOST"].secret
    assert "s3cret!" not in show(plan, "json")


def test_url_keeps_non_dev_params():
    p = project(svc("db", "postgres:16"),
                svc("api", "acme/api:1", env={"DATABASE_URL": "postgresql+asyncpg://u:p@db/app?sslmode=disable&connect_timeout=5"}))
    env = _env(build_with(p, classify(p)), "api")
    assert env["DATABASE_URL"].override.template == (
        "postgresql+asyncpg://{username}:{password}@{host}:{port}/{database}?connect_timeout=5&sslmode=require")


def test_a_provider_service_is_skipped_with_its_reason():
    from types import MappingProxyType

    p = project(svc("llm", None, raw={"provider": MappingProxyType({"type": "model"})}), svc("api", "acme/api:1"))
    plan = build_with(p, classify(p), FakeTarget())
    assert [a.name for a in plan.apps] == ["api"]
    assert [(s.name, "provider" in s.reason) for s in plan.skipped] == [("llm", True)]


def test_a_consumer_logging_in_as_another_role_is_warned():
    """Supabase: each service logs in as its own role; the plan wires them to the one owner and says so."""
    p = project(svc("db", "postgres:16", env={"POSTGRES_PASSWORD": "pw"}),
                svc("auth", "supabase/gotrue:2", env={"DB_URL": "postgres://auth_admin:pw@db:5432/postgres"}),
                svc("api", "acme/api:1", env={"DATABASE_URL": "postgres://postgres:pw@db:5432/postgres"}))
    plan = build_with(p, classify(p), FakeTarget())
    assert any("auth_admin" in w and "DB_URL" in w for w in plan.warnings)
    assert not any(w.startswith("api:") for w in plan.warnings)
