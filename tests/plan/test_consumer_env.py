"""What each app sees (review k8s #2 #3 #7, aws #7): split-style siblings named by the table of well-known apps
(plan/clients.py) or generically, the TLS switch and CA added where compose set none, CA parameters in URLs, the
runtime-specific CA variables, and the dedicated owner for an app that used `postgres`."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest

from generator.classify import classify
from generator.classify.consumers import split_prefix
from generator.plan import clients
from tests.classify.build import project, svc
from tests.plan.fake_target import FakeTarget, build_with

CA = "/etc/c2p/ca/ca.crt"


class CATarget(FakeTarget):
    """The fake cloud whose services are signed by a private CA the clients must be given (settings["ca_file"])."""

    def __init__(self, ca=CA, **kw):
        super().__init__(**kw)
        self.ca = ca

    def decide(self, resource, options):
        res = super().decide(resource, options)
        if self.ca and res.mapping != "unsupported":
            res = replace(res, settings=MappingProxyType({**res.settings, "ca_file": self.ca}))
        return res


REDIS = svc("redis", "redis:7.2")
PG = svc("db", "postgres:16", env={"POSTGRES_USER": "shop", "POSTGRES_PASSWORD": "dev-pw", "POSTGRES_DB": "shop"})


def _plan(*apps, target=None, name="demo"):
    p = project(*apps, REDIS, PG, name=name)
    return build_with(p, classify(p), target or CATarget())


def _env(plan, app):
    return {v.name: v for v in next(a for a in plan.apps if a.name == app).env}


def _tpl(env, var):
    return env[var].override.template if env[var].override else None


@pytest.mark.parametrize("var,prefix", [("AUTHENTIK_REDIS__HOST", "AUTHENTIK_REDIS__"), ("DB_HOST", "DB_"),
                                        ("PGHOST", "PG"), ("REDIS_HOST", "REDIS_"), ("HOST", None)])
def test_split_prefix_keeps_the_separator_style(var, prefix):
    assert split_prefix(var) == prefix


def test_authentik_gets_its_own_names_for_password_tls_and_ca():
    app = svc("server", "ghcr.io/goauthentik/server:2024.2", env={
        "AUTHENTIK_REDIS__HOST": "redis", "AUTHENTIK_POSTGRESQL__HOST": "db", "AUTHENTIK_POSTGRESQL__USER": "shop",
        "AUTHENTIK_POSTGRESQL__PASSWORD": "dev-pw", "AUTHENTIK_POSTGRESQL__NAME": "shop"})
    env = _env(_plan(app), "server")
    assert _tpl(env, "AUTHENTIK_REDIS__PASSWORD") == "{password}" and env["AUTHENTIK_REDIS__PASSWORD"].secret
    assert _tpl(env, "AUTHENTIK_REDIS__TLS") == "true"
    assert _tpl(env, "AUTHENTIK_REDIS__TLS_REQS") == "required"
    assert _tpl(env, "AUTHENTIK_REDIS__TLS_CA_CERT") == CA
    assert _tpl(env, "AUTHENTIK_POSTGRESQL__SSLMODE") == "verify-full"
    assert _tpl(env, "AUTHENTIK_POSTGRESQL__SSLROOTCERT") == CA
    assert "PGSSLMODE" not in env and "REDIS_TLS" not in env  # its own names, not the generic ones
    assert "goauthentik" in env["AUTHENTIK_REDIS__TLS"].override.reason


def test_without_a_ca_the_pg_mode_is_the_resources_and_no_ca_variable_is_added():
    app = svc("server", "ghcr.io/goauthentik/server:2024.2", env={"AUTHENTIK_REDIS__HOST": "redis",
                                                                  "AUTHENTIK_POSTGRESQL__HOST": "db"})
    env = _env(_plan(app, target=CATarget(ca=None)), "server")
    assert _tpl(env, "AUTHENTIK_POSTGRESQL__SSLMODE") == "require"
    assert "AUTHENTIK_REDIS__TLS_CA_CERT" not in env and "AUTHENTIK_POSTGRESQL__SSLROOTCERT" not in env


def test_compose_tls_off_is_turned_on():
    app = svc("web", "ghcr.io/acme/web:1", env={"CACHE_REDIS_HOST": "redis", "CACHE_REDIS_SSL": "false"})
    env = _env(_plan(app), "web")
    assert _tpl(env, "CACHE_REDIS_SSL") == "true" and "CACHE_REDIS_TLS" not in env
    assert _tpl(env, "CACHE_REDIS_PASSWORD") == "{password}"


def test_generic_app_gets_generic_names_said_so():
    app = svc("jobs", "ghcr.io/acme/jobs:1", env={"REDIS_HOST": "redis", "REDIS_PORT": "6379"})
    env = _env(_plan(app), "jobs")
    assert _tpl(env, "REDIS_PASSWORD") == "{password}" and _tpl(env, "REDIS_TLS") == "true"
    assert "c2p does not know this app" in env["REDIS_TLS"].override.reason


def test_no_tls_and_no_auth_adds_nothing():
    app = svc("jobs", "ghcr.io/acme/jobs:1", env={"REDIS_HOST": "redis"})
    env = _env(_plan(app, target=CATarget(ca=None, tls=False, auth=False)), "jobs")
    assert set(env) == {"REDIS_HOST"}


def test_mastodon_redis_takes_a_url_since_its_host_vars_cannot_carry_tls():
    app = svc("web", "ghcr.io/mastodon/mastodon:v4.3", command=("bundle", "exec", "puma"),
              env={"REDIS_HOST": "redis", "REDIS_PORT": "6379", "DB_HOST": "db", "DB_USER": "shop", "DB_PASS": "",
                   "DB_NAME": "shop", "DB_PORT": "5432"})
    plan = _plan(app)
    env = _env(plan, "web")
    assert _tpl(env, "REDIS_URL") == "rediss://:{password}@{host}:{port}"  # Ruby: no ssl_* query
    assert "REDIS_TLS" not in env
    assert _tpl(env, "DB_PASS") == "{password}"  # compose's empty DB_PASS is the app's password variable
    assert _tpl(env, "DB_SSLMODE") == "verify-full" and _tpl(env, "PGSSLROOTCERT") == CA
    assert any("takes no CA file" in w for w in plan.warnings)


def test_nextcloud_cannot_take_redis_tls_and_says_so():
    app = svc("app", "nextcloud:29-apache", env={"REDIS_HOST": "redis"})
    plan = _plan(app)
    env = _env(plan, "app")
    assert _tpl(env, "REDIS_HOST_PASSWORD") == "{password}"
    assert "REDIS_TLS" not in env and "REDIS_HOST_TLS" not in env
    # the target accepts its plain connections (Resource.plain_clients) and says so; no "cannot connect" TODO
    assert any(c.startswith("app: ") and "nextcloud" in c for c in plan.resource("redis").plain_clients)
    assert not any("cannot connect until" in w for w in plan.warnings)


def test_libpq_group_and_generic_pg_group():
    libpq = svc("psql", "ghcr.io/acme/tool:1", env={"PGHOST": "db", "PGUSER": "shop"})
    generic = svc("api", "ghcr.io/acme/api:1", env={"DB_HOST": "db", "DB_USER": "shop"})
    plan = _plan(libpq, generic)
    env = _env(plan, "psql")
    assert (_tpl(env, "PGPASSWORD"), _tpl(env, "PGSSLMODE"), _tpl(env, "PGSSLROOTCERT")) == ("{password}", "verify-full", CA)
    env = _env(plan, "api")
    assert (_tpl(env, "DB_PASSWORD"), _tpl(env, "PGSSLMODE"), _tpl(env, "PGSSLROOTCERT")) == ("{password}", "verify-full", CA)


def test_own_sslmode_variable_is_set_and_libpq_gives_the_ca():
    app = svc("api", "ghcr.io/acme/api:1", env={"STORES_DB_HOST": "db", "STORES_DB_SSLMODE": "disable"})
    env = _env(_plan(app), "api")
    assert _tpl(env, "STORES_DB_SSLMODE") == "verify-full" and "PGSSLMODE" not in env
    assert _tpl(env, "PGSSLROOTCERT") == CA


def test_urls_carry_the_ca_for_their_client():
    py = svc("worker", "ghcr.io/acme/app:1", command=("celery", "-A", "proj", "worker"),
             env={"CELERY_BROKER_URL": "redis://redis:6379/0", "DATABASE_URL": "postgres://shop:dev-pw@db/shop"})
    node = svc("web", "ghcr.io/acme/app:1", command=("node", "server.js"), env={"REDIS_URL": "redis://redis:6379"})
    plan = _plan(py, node)
    env = _env(plan, "worker")
    assert _tpl(env, "CELERY_BROKER_URL").endswith("/0?ssl_cert_reqs=required&ssl_ca_certs=" + CA)
    assert _tpl(env, "DATABASE_URL").endswith("?sslmode=verify-full&sslrootcert=" + CA)
    env = _env(plan, "web")
    assert "?" not in _tpl(env, "REDIS_URL") and _tpl(env, "NODE_EXTRA_CA_CERTS") == CA


def test_celery_url_without_a_private_ca_still_states_ssl_cert_reqs():
    py = svc("worker", "ghcr.io/acme/app:1", command=("celery", "worker"), env={"BROKER_URL": "redis://redis:6379/0"})
    env = _env(_plan(py, target=CATarget(ca=None)), "worker")
    assert _tpl(env, "BROKER_URL").endswith("/0?ssl_cert_reqs=required")


def test_vault_consumers_get_vault_cacert():
    vault = svc("vault", "hashicorp/vault:1.18", command=("server",))
    app = svc("api", "ghcr.io/acme/api:1", env={"VAULT_ADDR": "http://vault:8200"})
    p = project(app, vault)
    env = _env(build_with(p, classify(p), CATarget()), "api")
    assert _tpl(env, "VAULT_CACERT") == CA


@pytest.mark.parametrize("image,argv,env,want", [
    ("ghcr.io/acme/x:1", ("node", "jobs.js"), {}, "node"),
    ("ghcr.io/acme/x:1", ("celery", "-A", "x"), {}, "python"),
    ("ghcr.io/mastodon/mastodon:v4", (), {}, "ruby"),
    ("outlinewiki/outline:0.80", (), {}, "node"),
    ("ghcr.io/acme/x:1", (), {"DJANGO_SETTINGS_MODULE": "x"}, "python"),
    ("ghcr.io/example/server2:latest", ("server2", "worker"), {"LOG_LEVEL": "info"}, None),
])
def test_runtime_from_command_image_env(image, argv, env, want):
    assert clients.runtime(image, argv, env) == want


def test_every_convention_names_a_source_and_a_password_or_why_not():
    for conv in clients.CONVENTIONS:
        assert conv.source and conv.family in ("redis", "postgres")
        assert conv.password or conv.url or conv.no_tls


def test_app_that_used_postgres_gets_a_dedicated_owner_and_database():
    db = svc("db", "postgres:16", env={"POSTGRES_PASSWORD": "dev-pw"})
    app = svc("app", "ghcr.io/acme/app:1", env={"DATABASE_URL": "postgres://postgres:dev-pw@db/postgres"})
    p = project(app, db, name="Catalog-Search")
    plan = build_with(p, classify(p), CATarget())
    (d,) = plan.resource("db").facts.databases
    assert (d.name, d.owner, d.source_name, d.source_owner) == ("catalog_search", "catalog_search", "postgres", "postgres")
    assert any(x.key == "database.owner" and x.value == "catalog_search" for x in plan.resource("db").decisions)
    assert not any("connected to db as" in w for w in plan.warnings)  # compose's postgres is not "another role"


def test_a_named_owner_is_kept():
    plan = _plan(svc("api", "ghcr.io/acme/api:1", env={"DB_HOST": "db"}))
    (d,) = plan.resource("db").facts.databases
    assert (d.name, d.owner, d.compose_name, d.compose_owner) == ("shop", "shop", None, None)


def test_ruby_redis_url_without_a_ca_option_is_said():
    app = svc("sidekiq", "ghcr.io/acme/rails:1", command=("bundle", "exec", "sidekiq"),
              env={"REDIS_URL": "redis://redis:6379/0"})
    plan = _plan(app)
    assert "?" not in _tpl(_env(plan, "sidekiq"), "REDIS_URL")
    assert any("Ruby Redis client" in w and CA in w for w in plan.warnings)


@pytest.mark.parametrize("var,was,want", [("PGSSLMODE", "disable", "verify-full"), ("DATABASE_SSL", "false", "true"),
                                          ("REDIS_TLS_REJECT_UNAUTHORIZED", "false", "true"), ("DB_SSL_MODE", "prefer", "verify-full")])
def test_a_tls_off_variable_next_to_a_url_is_set_to_c2ps_value(var, was, want):
    """Outline's docker.env says PGSSLMODE=disable next to DATABASE_URL: it would win over the URL's sslmode."""
    app = svc("web", "ghcr.io/acme/web:1", env={"DATABASE_URL": "postgres://shop:pw@db:5432/shop",
                                                "REDIS_URL": "redis://redis:6379", var: was})
    env = _env(_plan(app), "web")
    ov = env[var].override
    assert (ov.action, ov.template, ov.dev_value) == ("set", want, was)
    assert was in ov.reason


def test_node_tls_reject_unauthorized_0_is_removed_and_tls_on_is_kept():
    app = svc("web", "ghcr.io/acme/web:1", env={"DATABASE_URL": "postgres://shop:pw@db:5432/shop",
                                                "NODE_TLS_REJECT_UNAUTHORIZED": "0", "PGSSLMODE": "require"})
    env = _env(_plan(app), "web")
    assert env["NODE_TLS_REJECT_UNAUTHORIZED"].override.action == "remove"
    assert env["PGSSLMODE"].override is None  # require does not switch TLS off: compose's value stays


def test_redis_tls_query_only_for_python_clients():
    """ssl_cert_reqs/ssl_ca_certs are redis-py options: a Go (go-redis ParseURL refuses unknown options) or
    unidentified client gets a bare rediss:// URL and a warning naming the CA; a Python app keeps them."""
    go = svc("api", "ghcr.io/acme/api:1", command=("/usr/local/bin/api",), env={"REDIS_URL": "redis://redis:6379/0"})
    py = svc("web", "ghcr.io/acme/web:1", command=("gunicorn", "app:app"), env={"REDIS_URL": "redis://redis:6379/0"})
    plan = _plan(go, py)
    assert _tpl(_env(plan, "api"), "REDIS_URL").endswith(":{port}/0")
    assert any("cannot tell this app's Redis client" in w and CA in w for w in plan.warnings)
    assert _tpl(_env(plan, "web"), "REDIS_URL").endswith("/0?ssl_cert_reqs=required&ssl_ca_certs=" + CA)


MASTODON_ENV = {"REDIS_HOST": "redis", "REDIS_PORT": "6379"}


def test_mastodon_ruby_services_get_redis_driver_ruby_with_tls_streaming_does_not():
    # mastodon 4.3+ reads REDIS_DRIVER; its default, hiredis, raises "SSL not supported by hiredis driver" on rediss://
    web = svc("web", "ghcr.io/mastodon/mastodon:v4.3.2", command=("bundle", "exec", "puma"), env=MASTODON_ENV)
    streaming = svc("streaming", "ghcr.io/mastodon/mastodon:v4.3.2", command=("node", "./streaming"), env=MASTODON_ENV)
    plan = _plan(web, streaming)
    env = _env(plan, "web")
    assert _tpl(env, "REDIS_URL").startswith("rediss://") and _tpl(env, "REDIS_DRIVER") == "ruby"
    assert "hiredis" in env["REDIS_DRIVER"].override.reason and "PR #30717" in env["REDIS_DRIVER"].override.reason
    assert "REDIS_DRIVER" not in _env(plan, "streaming")  # Node: ioredis speaks TLS
    assert not plan.resource("redis").plain_clients


def test_mastodon_redis_url_consumer_gets_redis_driver_too():
    web = svc("web", "ghcr.io/mastodon/mastodon:v4.4.0", command=("bundle", "exec", "sidekiq"),
              env={"REDIS_URL": "redis://redis:6379/0"})
    env = _env(_plan(web), "web")
    assert _tpl(env, "REDIS_URL").startswith("rediss://") and _tpl(env, "REDIS_DRIVER") == "ruby"


def test_mastodon_before_4_3_cannot_take_redis_tls_so_the_target_must_accept_plain():
    # 4.2 hard-codes driver: :hiredis (app/lib/redis_configuration.rb): no env setting gives it TLS
    web = svc("web", "ghcr.io/mastodon/mastodon:v4.2.8", command=("bundle", "exec", "puma"), env=MASTODON_ENV)
    streaming = svc("streaming", "ghcr.io/mastodon/mastodon:v4.2.8", command=("node", "./streaming"), env=MASTODON_ENV)
    plan = _plan(web, streaming)
    plain = plan.resource("redis").plain_clients
    assert [c.split(":")[0] for c in plain] == ["web"] and "before 4.3" in plain[0]
    env = _env(plan, "web")
    assert "REDIS_DRIVER" not in env and "REDIS_URL" not in env  # no rediss:// it cannot open
    assert _tpl(env, "REDIS_PASSWORD") == "{password}"
