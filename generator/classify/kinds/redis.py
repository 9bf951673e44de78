"""Redis and Valkey (official, Bitnami, redis-stack): version, persistence, auth."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.kinds import redis_conf
from generator.classify.kinds.base import Context, Facts, Kind, env_value, first_version, flag_value
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.errors import C2PError
from generator.lifecycle import floating, floating_text
from generator.model import Service
from generator.numbers import ascii_uint

DATA_PATHS = ("/data", "/bitnami/redis/data", "/bitnami/valkey/data", "/bitnami/redis", "/bitnami/valkey")


def _engine(signals: Signals) -> str:
    ref = signals.built_from or signals.image
    if (ref and "valkey" in ref.name) or "valkey-server" in signals.command_text:
        return "valkey"
    return "redis"


def save_points(argv: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
    """compose's RDB save points from `--save` flags, as redis-server reads its command line (each `--option` starts
    a config line, the words after it are its arguments): the first `save` line replaces the compiled-in schedule,
    later ones add to it, `save ""` clears it (config.c setConfigSaveOption). None: no --save, the server's default;
    (): snapshots off. `--save 60 1`, `--save "60 1 300 10"` and repeated flags all count."""
    points: list[tuple[int, int]] | None = None
    for i, word in enumerate(argv):
        if word != "--save" and not word.startswith("--save="):
            continue
        args = [word.split("=", 1)[1]] if "=" in word else []
        for nxt in argv[i + 1:] if "=" not in word else ():
            if nxt.startswith("--"):
                break
            args.append(nxt)
        words = [w for a in args for w in a.split() if w not in ('""', "''")]
        if not words:
            points = []
            continue
        if len(words) % 2 or not all(w.isascii() and w.isdigit() for w in words):
            return None  # Redis refuses it; c2p keeps the server default rather than guess
        points = (points or []) + [(int(words[j]), int(words[j + 1])) for j in range(0, len(words), 2)]
    return None if points is None else tuple(points)


def last_flag(argv: tuple[str, ...], flag: str) -> str | None:
    """The value of the last `flag` (redis-server reads its config top to bottom: a later line wins)."""
    found = None
    for i, word in enumerate(argv):
        if word == flag and i + 1 < len(argv):
            found = argv[i + 1]
        elif word.startswith(flag + "="):
            found = word.split("=", 1)[1]
    return found


def persistence(signals: Signals, argv: tuple[str, ...] | None = None, unread: bool = False) -> str:
    """aof | rdb | aof+rdb | none, from the server flags (Bitnami: REDIS_AOF_ENABLED, default yes). `argv`: the
    config file's directives followed by the command line; `unread`: a config file c2p could not read, so AOF (the
    safer guess: it loses at most a second of writes, not the time since the last snapshot)."""
    argv = signals.argv if argv is None else argv
    aof = unread or (last_flag(argv, "--appendonly") or "").lower() == "yes"
    bitnami_aof = env_value(signals, "REDIS_AOF_ENABLED", "VALKEY_AOF_ENABLED")
    if bitnami_aof is not None:
        aof = aof or bitnami_aof.lower() == "yes"
    elif signals.image is not None and signals.image.namespace == "bitnami":
        aof = True
    points = save_points(argv)
    rdb = points is None or bool(points)
    explicit_rdb = bool(points)
    if aof:
        return "aof+rdb" if explicit_rdb else "aof"
    return "rdb" if rdb else "none"


def redis_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    engine = _engine(signals)
    ref = signals.built_from or signals.image
    versions = {}
    version = first_version(ref.tag if ref else None)
    warnings = []
    moving = None if version or engine != "redis" else floating(ref, "redis")
    if moving:  # `redis`, `redis:alpine`: the release that tag runs today (an older server cannot read a newer RDB)
        version = moving.version
        warnings.append(f"{service.name}: {floating_text(ref.short(), moving.version, moving.checked)}: compose runs Redis {version} or newer. "
                        f"Pin `{ref.path}:{version}` in compose so local and production stay on one version")
    if version:
        versions[engine] = version
    else:
        warnings.append(f"{service.name}: the image tag does not pin a {engine} version; the target's default is used")
    password = flag_value(signals.argv, "--requirepass") or env_value(
        signals, "REDIS_PASSWORD", "VALKEY_PASSWORD", "REDIS_PASSWORD_FILE", "VALKEY_PASSWORD_FILE"
    )
    conf, file_flags, file_password, unread = redis_conf.read(signals.argv, signals.mounts, ctx.working_dir)
    if unread:
        warnings.append(f"{service.name}: redis-server runs with the config file {unread}: c2p cannot see its "
                        "persistence settings, so it plans AOF (appendonly yes), which loses the least on a crash; "
                        "if the file turns persistence off or sets a password, say so with x-c2p")
    argv = signals.argv
    if conf is not None and file_flags:  # the command line's options after the file's lines: they win (config.c)
        argv = file_flags + argv[argv.index(conf) + 1:]
    data = kind_data_mount(signals.mounts, DATA_PATHS)
    facts = {
        "engine": engine,
        "persistence": persistence(signals, argv, unread=bool(unread)),
        "auth": password is not None or file_password,  # the file's requirepass: a password, never its value
        "maxmemory_policy": last_flag(argv, "--maxmemory-policy"),
        "save_points": save_points(argv),
        "appendfsync": last_flag(argv, "--appendfsync"),
        "data_volume": mount_label(data, ctx.working_dir) if data else None,
        "port": _port(service, signals, ctx),
    }
    if moving:
        facts["floating"] = {"redis": {"tag": ref.short(), "version": moving.version, "checked": moving.checked,
                                       "source": moving.source}}
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
        "gcp": "Memorystore (planned)",
        "azure": "Azure Managed Redis (planned)",
    }),
    facts=redis_facts,
)
