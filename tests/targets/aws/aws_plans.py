"""Plans built by hand for the aws target's tests (independent of the loader, classify and plan builder)."""

from __future__ import annotations

from generator.plan.model import App, Database, EnvOverride, EnvVar, Plan, RedisFacts, Resource, SqlFacts, VaultFacts

PG_URL = "postgresql://{username}:{password}@{host}:{port}/{database}?sslmode=require"
REDIS_URL = "rediss://:{password}@{host}:{port}/0"
DEV_PASSWORD = "devpassword"
DEV_TOKEN = "dev-root-token"


def _app_env(with_redis_vault: bool = True) -> tuple[EnvVar, ...]:
    env = [
        EnvVar("DATABASE_URL", override=EnvOverride(
            "DATABASE_URL", "set", "timescaledb", "url", PG_URL, True,
            "rebuilt for the managed database, TLS required (sslmode=disable dropped)",
            dev_value="postgres://server2:***@timescaledb:5432/server2?sslmode=disable")),
        EnvVar("LOG_LEVEL", "info"),
    ]
    if with_redis_vault:
        env += [
            EnvVar("REDIS_URL", override=EnvOverride(
                "REDIS_URL", "set", "redis", "url", REDIS_URL, True, "TLS (rediss://) with the auth token",
                dev_value="redis://redis:6379/0")),
            EnvVar("VAULT_ADDR", override=EnvOverride(
                "VAULT_ADDR", "set", "vault", "addr", "{addr}", False, "the cluster's private endpoint",
                dev_value="http://vault:8200")),
            EnvVar("VAULT_NAMESPACE", override=EnvOverride(
                "VAULT_NAMESPACE", "set", "vault", "namespace", "{namespace}", False,
                "HCP Vault's top-level namespace")),
            EnvVar("VAULT_TOKEN", secret=True, override=EnvOverride(
                "VAULT_TOKEN", "remove", "vault", "token", None, True,
                "dev root token: the app logs in with an auth method instead", dev_value="***")),
        ]
    return tuple(env)


def server2_resources() -> tuple[Resource, ...]:
    return (
        Resource("redis", "redis", "", "redis", versions={"redis": "7.4"}, image="redis:7.4-alpine", port=6379,
                 facts=RedisFacts(persistence="aof"), data_volume="redis-data"),
        Resource("timescaledb", "timescaledb", "", "timescaledb", versions={"postgres": "16", "timescaledb": "2.17.2"},
                 image="timescale/timescaledb:2.17.2-pg16", port=5432, facts=SqlFacts(databases=(Database("server2", "server2"),), extensions=("timescaledb",)), data_volume="timescale-data"),
        Resource("vault", "vault", "", "vault", versions={"vault": "1.18"}, image="hashicorp/vault:1.18", port=8200,
                 facts=VaultFacts(dev_mode=True), data_volume="vault-data"),
    )


def server2_plan(options: dict | None = None) -> Plan:
    from generator.targets.aws import TARGET

    options = options or {}
    resources = tuple(TARGET.decide(r, options.get(r.name, {})) for r in server2_resources())
    apps = (
        App("migrate", "ghcr.io/example/server2:latest", job=True, profiles=("tools",), env=_app_env(False)[:1]),
        App("server2", "ghcr.io/example/server2:latest", env=_app_env() + (EnvVar("HTTP_PORT", "8080"),)),
        App("worker", "ghcr.io/example/server2:latest", env=_app_env() + (EnvVar("WORKER_CONCURRENCY", "4"),)),
    )
    return Plan("server2", "aws", ("docker-compose.v2.yml",), resources=resources, apps=apps)


def postgres_plan(options: dict | None = None) -> Plan:
    """A plain PostgreSQL + an unsupported kind (mongodb), to cover RDS and the refusal path."""
    from generator.targets.aws import TARGET

    pg = TARGET.decide(Resource("db", "postgres", "", "postgres", versions={"postgres": "16"}, port=5432,
                                facts=SqlFacts(databases=(Database("shop", "shop"),))), (options or {}).get("db", {}))
    my = TARGET.decide(Resource("legacy-db", "mongodb", "", "mongodb", port=27017), {})
    app = App("web", "example/web", env=(
        EnvVar("DATABASE_URL", override=EnvOverride("DATABASE_URL", "set", "db", "url", PG_URL, True, "RDS, TLS")),
        EnvVar("MONGO_URL", secret=True, override=EnvOverride(
            "MONGO_URL", "set", "legacy-db", "url", "mongodb://{username}:{password}@{host}/x", True, "unmapped")),
        EnvVar("DB_PASSWORD", secret=True),
    ))
    return Plan("shop", "aws", ("compose.yaml",), resources=(pg, my), apps=(app,))
