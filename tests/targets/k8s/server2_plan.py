"""A server2-like Plan built by hand (independent of the loader/classifier), run through the k8s decide()."""

from __future__ import annotations

from generator.model import Dependency, Healthcheck, Port, Resources
from generator.plan.model import App, Database, EnvOverride, EnvVar, Plan, RedisFacts, Resource, SqlFacts, VaultFacts
from generator.targets.k8s import TARGET

DB_URL = "postgresql://{username}:{password}@{host}:{port}/{database}?sslmode=require"


def _resources(options=None):
    options = options or {}
    raw = (
        Resource(name="timescaledb", kind="timescaledb", mapping="", engine="timescaledb",
                 versions={"postgres": "16", "timescaledb": "2.17.2"}, image="timescale/timescaledb:2.17.2-pg16", port=5432,
                 facts=SqlFacts(databases=(Database("server2", "server2"),), extensions=("timescaledb",), init_scripts=("./db/init",)), data_volume="timescale-data"),
        Resource(name="redis", kind="redis", mapping="", engine="redis", versions={"redis": "7.4"},
                 image="redis:7.4-alpine", port=6379, facts=RedisFacts(persistence="aof"), data_volume="redis-data"),
        Resource(name="vault", kind="vault", mapping="", engine="vault", versions={"vault": "1.18"},
                 image="hashicorp/vault:1.18", port=8200, facts=VaultFacts(dev_mode=True)),
    )
    return tuple(TARGET.decide(r, options.get(r.name, {})) for r in raw)


def _env(db_only=False):
    db = EnvVar("DATABASE_URL", override=EnvOverride(
        var="DATABASE_URL", action="set", resource="timescaledb", role="url", template=DB_URL, secret=True,
        reason="rebuilt for the CloudNativePG cluster with TLS", dev_value="postgres://server2:***@timescaledb:5432/server2?sslmode=disable"))
    if db_only:
        return (db,)
    return (
        db,
        EnvVar("REDIS_URL", override=EnvOverride(
            var="REDIS_URL", action="set", resource="redis", role="url",
            template="rediss://{username}:{password}@{host}:{port}/0", secret=True, reason="TLS and auth on",
            dev_value="redis://redis:6379/0")),
        EnvVar("VAULT_ADDR", override=EnvOverride(
            var="VAULT_ADDR", action="set", resource="vault", role="addr", template="{addr}", secret=False,
            reason="the Vault cluster's active node, TLS", dev_value="http://vault:8200")),
        EnvVar("VAULT_TOKEN", override=EnvOverride(
            var="VAULT_TOKEN", action="remove", resource="vault", role="token", template=None, secret=True,
            reason="dev root token: the app logs in with the Kubernetes auth method instead", dev_value="***")),
        EnvVar("LOG_LEVEL", value="info"),
        EnvVar("API_KEY", secret=True),
    )


def server2_plan(options=None) -> Plan:
    deps = (Dependency("timescaledb", "service_healthy"), Dependency("redis"), Dependency("vault", "service_healthy"))
    apps = (
        App(name="server2", image="ghcr.io/example/server2:latest", ports=(Port(8080, "8080"),),
            healthcheck=Healthcheck(test=("CMD", "wget", "-qO-", "http://localhost:8080/healthz"), interval="10s", timeout="3s", retries=5),
            resources=Resources(cpus_limit=1.0, memory_limit=512 * 1024 * 1024),
            env=_env() + (EnvVar("HTTP_PORT", value="8080"),), depends_on=deps),
        App(name="worker", image="ghcr.io/example/server2:latest", command=("server2", "worker", "--queues", "default,reports"),
            env=_env() + (EnvVar("WORKER_CONCURRENCY", value="4"),), depends_on=deps),
        App(name="migrate", image="ghcr.io/example/server2:latest", command=("server2", "migrate", "up"), job=True,
            env=_env(db_only=True), depends_on=(Dependency("timescaledb", "service_healthy"),), profiles=("tools",)),
    )
    return Plan(project="server2", target="k8s", sources=("docker-compose.v2.yml",), resources=_resources(options), apps=apps)
