"""Redis and Valkey (official, Bitnami, redis-stack): version, persistence, auth."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, Kind, env_value, first_version, flag_value
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.errors import C2PError
from generator.model import Service
from generator.numbers import ascii_uint

DATA_PATHS = ("/data", "/bitnami/redis/data", "/bitnami/valkey/data", "/bitnami/redis", "/bitnami/valkey")


def _engine(signals: Signals) -> str:
    ref = signals.built_from or signals.image
    if (ref and "valkey" in ref.name) or "valkey-server" in signals.command_text:
        return "valkey"
    return "redis"


def persistence(signals: Signals) -> str:
    """aof | rdb | aof+rdb | none, from the server flags (Bitnami: REDIS_AOF_ENABLED, default yes)."""
    argv = signals.argv
    aof = (flag_value(argv, "--appendonly") or "").lower() == "yes"
    bitnami_aof = env_value(signals, "REDIS_AOF_ENABLED", "VALKEY_AOF_ENABLED")
    if bitnami_aof is not None:
        aof = aof or bitnami_aof.lower() == "yes"
    elif signals.image is not None and signals.image.namespace == "bitnami":
        aof = True
    save = flag_value(argv, "--save")
    rdb = save is None or save.strip() not in ("", '""', "''")
    explicit_rdb = save is not None and rdb
    if aof:
        return "aof+rdb" if explicit_rdb else "aof"
    return "rdb" if rdb else "none"


def redis_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    engine = _engine(signals)
    ref = signals.built_from or signals.image
    versions = {}
    version = first_version(ref.tag if ref else None)
    warnings = []
    if version:
        versions[engine] = version
    else:
        warnings.append(f"{service.name}: the image tag does not pin a {engine} version; the target's default is used")
    password = flag_value(signals.argv, "--requirepass") or env_value(
        signals, "REDIS_PASSWORD", "VALKEY_PASSWORD", "REDIS_PASSWORD_FILE", "VALKEY_PASSWORD_FILE"
    )
    data = kind_data_mount(signals.mounts, DATA_PATHS)
    facts = {
        "engine": engine,
        "persistence": persistence(signals),
        "auth": password is not None,
        "maxmemory_policy": flag_value(signals.argv, "--maxmemory-policy"),
        "data_volume": mount_label(data, ctx.working_dir) if data else None,
        "port": _port(service, signals, ctx),
    }
    return Facts(versions=MappingProxyType(versions), facts=MappingProxyType(facts), warnings=tuple(warnings))


def _port(service: Service, signals: Signals, ctx: Context) -> int:
    """`--port N` (6379 without one). Redis refuses to start on anything but 0-65535 in ASCII digits;
    so does c2p, in one line, instead of a crash on int('abc')."""
    flag = flag_value(signals.argv, "--port")
    if flag is None:
        return 6379
    port = ascii_uint(flag)
    if port is None or port > 65535:
        raise C2PError(f"services.{service.name}: redis-server --port {flag!r} is not a port number (0-65535)",
                       ctx.where(service.name))
    return port


KIND = Kind(
    name="redis",
    label="Redis / Valkey",
    images=r"redis|valkey|redis-stack(-server)?|keydb",
    commands=r"(^|\s|/)(redis|valkey|keydb)-server(\s|$)",
    clients=r"(^|\s|/)(redis|valkey)-cli(\s|$)",
    healthchecks=r"(redis|valkey)-cli\b",
    env=r"(REDIS|VALKEY)_(AOF_ENABLED|DISABLE_COMMANDS|IO_THREADS\w*|REPLICATION_MODE|MASTER_\w+)|ALLOW_EMPTY_PASSWORD",
    ports=(6379,),
    data_paths=DATA_PATHS,
    default_port=6379,
    core=True,
    url_schemes=("redis", "rediss", "valkey", "valkeys", "redis+sentinel"),
    targets=MappingProxyType({
        "aws": "ElastiCache (aws_elasticache_replication_group, engine valkey), failover, TLS + auth",
        "k8s": "OT redis-operator: RedisReplication + RedisSentinel (automatic failover), TLS + auth",
        "gcp": "Memorystore (planned)",
        "azure": "Azure Managed Redis (planned)",
    }),
    facts=redis_facts,
)
