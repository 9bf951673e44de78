"""PostgreSQL (and the images that are PostgreSQL with extensions: pgvector, PostGIS, Bitnami, CNPG)."""

from __future__ import annotations

import re
from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, Kind, env_value
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.errors import C2PError
from generator.lifecycle import floating, floating_text
from generator.model import Service

DATA_PATHS = ("/var/lib/postgresql/data", "/bitnami/postgresql", "/home/postgres/pgdata", "/var/lib/pgsql/data")
INITDB = "/docker-entrypoint-initdb.d"
_EXTENSION_IMAGES = {"pgvector": "vector", "postgis": "postgis", "crunchy-postgres-gis": "postgis"}


def pg_major(tag: str | None) -> str | None:
    """`16`, `16.4-alpine`, `16-3.4` (postgis), `pg16`, `0.7.0-pg16`, `2.17.2-pg16`, `9.6` → the major."""
    if not tag:
        return None
    m = re.search(r"(?:^|[-_])pg([0-9]{1,9})(?![0-9])", tag)
    if m:
        return m.group(1)
    m = re.match(r"^([0-9]{1,9})(?![0-9])(?:\.([0-9]+))?", tag)  # int() below: ASCII, bounded
    if not m:
        return None
    major = int(m.group(1))
    if major >= 10:
        return str(major)
    return f"{major}.{m.group(2)}" if m.group(2) and major == 9 else None


def _image_tag(signals: Signals) -> tuple[str | None, str | None]:
    ref = signals.built_from or signals.image  # a built service's version is its FROM's
    return (ref.name, ref.tag) if ref else (None, None)


def _preload(signals: Signals) -> tuple[str, ...]:
    for word in signals.argv:
        m = re.search(r"shared_preload_libraries=['\"]?([\w,\s]+)", word)
        if m:
            return tuple(x.strip() for x in m.group(1).split(",") if x.strip())
    return ()


def postgres_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    name, tag = _image_tag(signals)
    versions = {}
    major = pg_major(tag)
    warnings = []
    ref = signals.built_from or signals.image
    moving = None if major else floating(ref, "postgres")
    if moving:  # `postgres`, `postgres:alpine`: the major that tag runs today, not a default (a dump restores upward only)
        major = moving.version
        warnings.append(f"{service.name}: {floating_text(ref.short(), moving.version, moving.checked)}: production runs PostgreSQL {major}. "
                        f"Pin `{ref.path}:{major}` in compose so both stay on one major when `latest` moves on, and check "
                        f"what compose runs now (`docker compose exec {service.name} postgres --version`): a pull older "
                        f"than {moving.checked} may run an older major (fine: a dump restores into a newer one), a newer "
                        "pull a newer major, which does not restore into this one (then set x-c2p version)")
    if major:
        versions["postgres"] = major
    else:
        warnings.append(f"{service.name}: the image tag does not pin a PostgreSQL major version ({tag or 'latest'}); "
                        "set x-c2p version to choose one")
    user = env_value(signals, "POSTGRES_USER", "POSTGRESQL_USERNAME", "POSTGRESQL_USER") or "postgres"
    database = env_value(signals, "POSTGRES_DB", "POSTGRESQL_DATABASE") or user
    for what, value in (("user", user), ("database", database)):
        if any(not ch.isprintable() for ch in value):
            raise C2PError(f"services.{service.name}: the PostgreSQL {what} name {value[:40]!r}{'…' if len(value) > 40 else ''} holds a line break or "
                           "control character; the runbooks and manifests name it on one line, so rename it",
                           ctx.where(service.name))
    extensions = sorted({_EXTENSION_IMAGES[name]} if name in _EXTENSION_IMAGES else set())
    extensions = sorted(set(extensions) | {x for x in _preload(signals) if x != "pg_stat_statements"})
    init = sorted(
        mount_label(m, ctx.working_dir)
        for m in signals.mounts
        if m.target.rstrip("/") == INITDB or m.target.startswith(INITDB + "/")
    )
    data = kind_data_mount(signals.mounts, DATA_PATHS + tuple(v for v in [env_value(signals, "PGDATA")] if v))
    facts = {
        "databases": [{"name": database, "owner": user}],
        "users": [user],
        "init_scripts": init,
        "extensions": extensions,
        "password": "literal" if env_value(signals, "POSTGRES_PASSWORD", "POSTGRESQL_PASSWORD") else
        ("file" if env_value(signals, "POSTGRES_PASSWORD_FILE") else "none"),
        "data_volume": mount_label(data, ctx.working_dir) if data else None,
        "port": 5432,
    }
    if moving:
        facts["floating"] = {"postgres": {"tag": ref.short(), "version": moving.version, "checked": moving.checked,
                                          "source": moving.source}}
    if env_value(signals, "POSTGRES_HOST_AUTH_METHOD") == "trust":
        warnings.append(f"{service.name}: POSTGRES_HOST_AUTH_METHOD=trust (no password) is development-only")
    return Facts(versions=MappingProxyType(versions), facts=MappingProxyType(facts), warnings=tuple(warnings))


KIND = Kind(
    name="postgres",
    label="PostgreSQL",
    images=r"postgres(ql)?(-repmgr)?|pgvector|postgis|crunchy-postgres(-gis)?|supabase-postgres",
    commands=r"(^|\s|/)(postgres|postmaster)(\s+-c\s|\s*$)",
    clients=r"(^|\s|/)(psql|pg_dump|pg_restore|pgbench)(\s|$)",
    healthchecks=r"pg_isready|psql\b",
    env=r"POSTGRES_(PASSWORD|PASSWORD_FILE|INITDB_ARGS|INITDB_WALDIR|HOST_AUTH_METHOD)|PGDATA|POSTGRESQL_(PASSWORD|POSTGRES_PASSWORD|DATABASE)",
    ports=(5432,),
    data_paths=DATA_PATHS,
    default_port=5432,
    core=True,
    url_schemes=("postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg", "postgresql+psycopg2",
                 "postgres+asyncpg", "jdbc:postgresql", "pgsql"),
    targets=MappingProxyType({
        "gcp": "Cloud SQL (planned)",
        "azure": "Flexible Server (planned)",
    }),
    facts=postgres_facts,
)
