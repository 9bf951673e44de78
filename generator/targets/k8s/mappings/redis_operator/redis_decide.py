"""Plan stage for Redis/Valkey on Kubernetes: the OT-CONTAINER-KIT redis-operator, a RedisReplication (primary +
replicas, one volume each) watched by a RedisSentinel that fails over automatically.

Why this operator and not the valkey-io chart (no Sentinel in 0.11.0), Bitnami (frozen images) or Spotahome
(unmaintained): README "Why the redis-operator". The app keeps a plain REDIS_URL: the operator relabels the pods
after a failover (`redis-role=master|slave`) and its `<name>-master` Service selects `redis-role=master`.
"""

from __future__ import annotations

import re
from typing import Any

from generator.plan.model import Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import tls as TLS, versions as V
from generator.targets.k8s.mappings.redis_operator.redis_image import minor, redis_images, valkey_image, version_match
from generator.targets.k8s.common import k8s_name

PORT = 6379
SENTINEL_PORT = 26379
MASTER_GROUP = "myMaster"  # the CRD default of redisSentinelConfig.masterGroupName
CONFIG_KEY = "redis-additional.conf"  # the file name the operator includes last (EXTERNAL_CONFIG_FILE)


def _lines(value: Any) -> list[str]:
    """x-c2p options are scalars: extra config lines come as one string, separated by ';' or newlines."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[;\n]", str(value or ""))
    return [str(x).strip() for x in items if str(x).strip()]


def redis_arg(value: str) -> str:
    """One argument of a redis.conf line, read back by Redis (sdssplitargs) as exactly `value`: a plain word as is,
    anything else double-quoted with \\, \" and every control character escaped, so it cannot start another line."""
    if re.fullmatch(r"[A-Za-z0-9_.:/+-]+", value):
        return value
    out = []
    for ch in value:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# redis-server's compiled-in save schedule when no `save` is configured (the official image ships no redis.conf):
# "3600 1 300 100 60 10000" since Redis 6.2 (redis/redis#9644 changed it from "900 1 300 10 60 10000"); Valkey forked
# from 7.2 and keeps it.
DEFAULT_SAVE = ((3600, 1), (300, 100), (60, 10000))
DEFAULT_SAVE_BEFORE_6_2 = ((900, 1), (300, 10), (60, 10000))


def default_save(engine: str, version: str | None) -> tuple[tuple[int, int], ...]:
    """The schedule the compose server ran without --save: its version's default (unknown version: today's)."""
    have = minor(version)
    return DEFAULT_SAVE_BEFORE_6_2 if engine == "redis" and have is not None and have < (6, 2) else DEFAULT_SAVE


def config_lines(persistence: str, policy: str | None, extra: list[str], save: str = "3600 1 300 100 60 10000",
                 appendfsync: str | None = None) -> list[str]:
    """redis.conf lines the operator includes after its own (so they win): persistence and eviction as compose had them.
    `save`: the RDB points compose ran, "<seconds> <changes> …" (its --save, or its version's default; "" = off),
    `appendfsync` compose's (None:
    Redis's default everysec). `extra` are the user's own x-c2p extra_config lines (redis.conf text by design);
    compose's values are arguments."""
    lines = [f"maxmemory-policy {redis_arg(policy)}"] if policy else []
    if "aof" in persistence:
        lines += ["appendonly yes", f"appendfsync {redis_arg(appendfsync or 'everysec')}"]
    else:
        lines += ["appendonly no"]
    # `save ""` first clears the operator's own save points (900 1 / 300 10 / 60 10000, which its agent writes with
    # `appendonly yes` whenever the pod has storage), then exactly compose's points.
    lines += ['save ""']
    if save:
        lines += [f"save {save}"]
    return lines + list(extra)


def decide_redis(resource: Resource, s: Recorder) -> Resource:
    name = s.pick("name", k8s_name(resource.name), "RedisReplication and RedisSentinel named after the compose service", option="name")
    s.pick("operator", {"version": V.REDIS_OPERATOR, "chart": V.REDIS_OPERATOR_CHART},
           f"OT-CONTAINER-KIT redis-operator {V.REDIS_OPERATOR} (chart ot-helm/redis-operator {V.REDIS_OPERATOR_CHART}), pinned: "
           "Sentinel failover for a replicated Redis, maintained (the valkey-io chart has no Sentinel yet, Bitnami's images "
           "are frozen, Spotahome's operator is unmaintained)")
    version = resource.versions.get(resource.engine) or resource.versions.get("redis")
    if resource.engine == "valkey":
        image, sentinel_image, why, warn = valkey_image(version)
    else:
        image, sentinel_image, why, warn = redis_images(version)
    image = s.pick("image", image, f"{why}; compose ran {resource.engine} {version or '(unknown version)'}", option="image")
    s.pick("sentinel_image", sentinel_image, "the operator's Sentinel image (speaks the Redis protocol to either engine)",
           option="sentinel_image")
    if warn and "image" not in s.options:
        s.warnings.append(f"{resource.name}: {warn}")
    s.fixed("compose_version", version)
    s.fixed("version_match", version_match(resource.engine, version, image, s.options))
    replicas = s.pick("replicas", 3, "one primary + two replicas (asynchronous replication), each with its own volume", option="replicas")
    sentinels = s.pick("sentinels", 3, "three Sentinels: a majority (2) must agree the primary is down before one is promoted",
                       option="sentinels")
    s.fixed("quorum", int(sentinels) // 2 + 1)
    s.pick("down_after_ms", 5000, "a primary unreachable for 5 s is failed over (the CRD's default)", option="down_after_ms")
    s.pick("failover_timeout_ms", 10000, "the CRD's default failover timeout", option="failover_timeout_ms")
    s.pick("failover", True, f"automatic: Sentinel promotes a replica; the operator relabels the pods so Service {name}-master "
           "follows the new primary and the app keeps a plain REDIS_URL")
    s.fixed("master_group", MASTER_GROUP)
    if int(replicas) < 2:
        s.warnings.append(f"{resource.name}: {replicas} Redis pod(s): there is no replica to fail over to; use replicas ≥ 2.")
    if int(sentinels) < 3:
        s.warnings.append(f"{resource.name}: {sentinels} Sentinel(s) cannot outvote a partitioned one; use sentinels ≥ 3.")
    mode = resource.facts.persistence or "rdb"
    persistence = s.pick("persistence", mode,
                         f"compose ran with {resource.facts.persistence or 'rdb (Redis default)'} persistence: the same mode in the "
                         f"ConfigMap {name}-additional-config", source="compose")
    if persistence == "none":
        save = s.pick("save", "", "compose kept nothing on disk (no AOF, --save \"\")", source="compose")
    elif resource.facts.save_points is not None:
        save = s.pick("save", " ".join(f"{sec} {n}" for sec, n in resource.facts.save_points),
                      "compose's --save points, carried exactly (`save \"\"` clears the operator's own first)"
                      if resource.facts.save_points else "compose turned RDB snapshots off (--save \"\")", source="compose")
    else:
        save = s.pick("save", " ".join(f"{sec} {n}" for sec, n in default_save(resource.engine, version)),
                      f"compose passed no --save: the schedule {resource.engine} {version or '(unpinned tag)'} runs by "
                      "default, written out so the operator's own points do not replace it", source="compose")
    fsync = s.fixed("appendfsync", (resource.facts.appendfsync or "everysec") if "aof" in persistence else None)
    if resource.facts.maxmemory_policy:
        policy = s.pick("maxmemory_policy", resource.facts.maxmemory_policy, "as compose ran it (--maxmemory-policy)",
                        option="maxmemory_policy", source="compose")
    else:
        policy = s.pick("maxmemory_policy", None, "Redis's default (noeviction): at maxmemory, writes fail instead of evicting; "
                        "set x-c2p k8s.maxmemory_policy (e.g. allkeys-lru) for a cache", option="maxmemory_policy")
    extra = s.pick("extra_config", "", "extra redis.conf lines, separated by ';' (x-c2p k8s.extra_config, e.g. \"hz 20; lazyfree-lazy-eviction yes\")",
                   option="extra_config")
    s.fixed("config", config_lines(persistence, policy, _lines(extra), save, fsync))
    s.pick("storage", "8Gi", "a volume per pod for the AOF/RDB files", option="storage")
    s.pick("storage_class", None, "the cluster's default storage class", option="storage_class")
    s.pick("keep_volumes", True, "storage.keepAfterDelete: deleting the RedisReplication keeps its volumes (the operator "
           "deletes them otherwise)", option="keep_volumes")
    s.pick("auth", True, f"password auth (requirepass/masterauth) from the Secret {name}-auth you generate at install (README)")
    s.pick("username", "default", "Redis's default user, the one requirepass sets")
    s.pick("password_secret", {"name": f"{name}-auth", "key": "password"},
           "the operator reads the password from this Secret (kubernetesConfig.redisSecret); Sentinel uses it too")
    plain = [c.split(":", 1)[0] for c in resource.plain_clients]
    if plain:
        # The operator serves TLS or plain TCP on one port, never both (internal/agent/bootstrap/redis/config.go
        # v0.26.0: TLS_MODE=true writes `port 0` + `tls-port`), so an app that cannot take TLS needs a plain instance.
        tls = s.pick("tls", False, f"plain TCP: {', '.join(plain)} cannot take TLS to Redis; the NetworkPolicy still "
                     "admits only this Redis's consumers", option="tls")
        for why in resource.plain_clients:
            s.warnings.append(f"{resource.name}: no TLS{' (set by x-c2p, so the app cannot connect)' if tls else ''}: "
                              f"{why}. Its traffic (password included) crosses the pod network in clear text; the "
                              "NetworkPolicy admits only this Redis's consumers")
    else:
        tls = s.pick("tls", True, f"TLS on port {PORT} (and between primary, replicas and Sentinels) with the certificate "
                     f"in Secret {name}-tls; REDIS_URL uses rediss://", option="tls")
    s.fixed("tls_secret", f"{name}-tls" if tls else None)
    if tls:
        s.pick("ca_file", TLS.CA_FILE, f"the release CA (cert-manager, manifests/tls/) signs the certificate in Secret {name}-tls; "
               "clients verify it with the CA's public certificate, mounted from its ConfigMap")
        s.fixed("trust_bundle", TLS.TRUST_FILE)  # for clients that trust only the system store (tls.py)
    s.pick("resources", {"requests": {"cpu": "100m", "memory": "512Mi"}, "limits": {"memory": "512Mi"}},
           "memory request = limit")
    s.pick("maxmemory_percent", 75, "maxmemory = 75 % of the memory limit (computed by the operator): room for the fork of an "
           "AOF rewrite or RDB save; without it Redis grows until the kubelet kills it", option="maxmemory_percent")
    s.pick("sentinel_resources", {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "64Mi"}},
           "Sentinel is tiny")
    spread = s.pick("anti_affinity", "required", "never two Redis pods (or two Sentinels) on one node", option="anti_affinity")
    if spread not in ("required", "preferred"):
        s.warnings.append(f"{resource.name}: unknown anti_affinity '{spread}' (known: required, preferred); using required.")
        s.values["anti_affinity"] = "required"
    s.pick("topology_key", "kubernetes.io/hostname", "spread by node; use topology.kubernetes.io/zone when the cluster spans ≥ 3 zones")
    s.fixed("host", f"{name}-master")
    s.fixed("port", PORT)
    s.fixed("sentinel_port", SENTINEL_PORT)
    return s.apply(resource, "redis-operator")
