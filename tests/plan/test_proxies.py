"""outline's https-portal shares the app's env_file (DATABASE_URL, REDIS_URL): a reverse proxy that neither depends
on nor links the database gets none of its credentials (plan/proxies.py); the app keeps them."""

from __future__ import annotations

from generator.classify import classify
from generator.plan.build import build
from tests.classify.build import project, svc

SHARED = {"DATABASE_URL": "postgres://user:pw@postgres:5432/outline", "REDIS_URL": "redis://redis:6379"}


def _plan(proxy_image="steveltn/https-portal:1", **kw):
    p = project(svc("outline", "outlinewiki/outline:0.76.1", env=dict(SHARED)),
                svc("https-portal", proxy_image, env={**SHARED, "DOMAINS": "docs.example.com -> http://outline:3000"}, **kw),
                svc("postgres", "postgres:16", env={"POSTGRES_USER": "user", "POSTGRES_PASSWORD": "pw",
                                                    "POSTGRES_DB": "outline"}),
                svc("redis", "redis:7.4"), name="outline")
    return build(p, classify(p), "k8s")


def _env(plan, app):
    return {v.name: v for v in next(a for a in plan.apps if a.name == app).env}


def test_a_proxy_gets_no_database_credentials_from_a_shared_env_file():
    plan = _plan()
    proxy = _env(plan, "https-portal")
    for var in SHARED:
        assert proxy[var].override.action == "remove" and "https-portal" in proxy[var].override.reason
    assert not any(v.secret or (v.override and v.override.secret) for v in proxy.values())
    assert _env(plan, "outline")["DATABASE_URL"].override.action == "set"
    for res in ("postgres", "redis"):
        assert plan.resource(res).settings["access"]["consumers"] == ["outline"]


def test_an_app_image_keeps_its_uses():
    proxy = _env(_plan("ghcr.io/acme/worker:1"), "https-portal")
    assert proxy["DATABASE_URL"].override.action == "set"


def test_a_proxy_drops_the_apps_shared_secrets_but_keeps_its_own():
    """outline's docker.env also gives https-portal SECRET_KEY and UTILS_SECRET: the proxy does not read them, so
    they are removed from it and it leaves the sharing group; a secret only the proxy has (a DNS-challenge token)
    stays its own."""
    def plan_with(proxy_env):
        p = project(svc("outline", "outlinewiki/outline:0.76.1", env={"SECRET_KEY": "k1", "UTILS_SECRET": "u1"}),
                    svc("worker", "outlinewiki/outline:0.76.1", env={"SECRET_KEY": "k1"}),
                    svc("https-portal", "steveltn/https-portal:1", env=proxy_env), name="outline")
        return build(p, classify(p), "k8s")
    plan = plan_with({"SECRET_KEY": "k1", "UTILS_SECRET": "u1", "CF_DNS_API_TOKEN": "t"})
    proxy = _env(plan, "https-portal")
    assert proxy["SECRET_KEY"].override.action == "remove" and proxy["UTILS_SECRET"].override.action == "remove"
    assert proxy["CF_DNS_API_TOKEN"].secret and proxy["CF_DNS_API_TOKEN"].override is None
    assert _env(plan, "outline")["SECRET_KEY"].shared == ("outline", "worker")
    assert _env(plan, "outline")["UTILS_SECRET"].shared == ()
