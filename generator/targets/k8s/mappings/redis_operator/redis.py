"""Render stage for Redis/Valkey: redis-operator manifests under manifests/<service>/.

configmap.yaml (the persistence lines), redisreplication.yaml (primary + replicas), redissentinel.yaml (failover).
Apply them in that order; MIGRATION.md seeds the data between the replication and the Sentinel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.plan.model import Plan, Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.mapping import render as render_beside
from generator.targets.k8s.mappings.redis_operator.redis_decide import CONFIG_KEY

HERE = Path(__file__).parent
FILES = ("configmap", "redisreplication", "redissentinel")
# Checkov findings the plain manifests keep on purpose (it has no checks for the operator's CRs), with the reason.
CHECKOV_SKIPS = {
    "CKV_K8S_21": "the namespace is chosen at apply time (kubectl -n); the manifests never hardcode one, like the CloudNativePG ones",
}


def context(resource: Resource) -> dict[str, Any]:
    st = resource.settings
    name = st["name"]
    return {
        "service": resource.name,
        "engine": resource.engine,
        "name": name,
        "config_map": config_map(resource),
        "config_key": CONFIG_KEY,
        "s": st,
        # The operator labels replication pods app=<name>,role=replication and Sentinel pods app=<name>-sentinel,role=sentinel.
        "sentinel_app": f"{name}-sentinel",
        "required_spread": st["anti_affinity"] == "required",
        "checkov_skips": [f"{check}={reason}" for check, reason in sorted(CHECKOV_SKIPS.items())],
    }


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    c = context(resource)
    return {
        f"manifests/{resource.name}/{f}.yaml": render_beside(HERE, f"{f}.yaml.j2", c=c, project=plan.project)
        for f in FILES
    }


# Objects named after a RedisReplication/RedisSentinel pair: the operator's Services (-master follows the
# primary, REDIS_URL points at it), c2p's ConfigMap, and the Secrets the README has you create.
SUFFIXES = ("", "-master", "-replica", "-headless", "-additional", "-sentinel", "-sentinel-headless",
            "-sentinel-additional", "-additional-config", "-auth", "-tls")


def generated_names(name: str) -> tuple[str, ...]:
    """Every object name a Redis named `name` brings into the namespace."""
    return tuple(f"{name}{suffix}" for suffix in SUFFIXES)


def config_map(resource: Resource) -> str:
    return f"{resource.settings['name']}-additional-config"


def host(resource: Resource) -> str:
    """The Service that always selects the current primary (the operator keeps its redis-role labels up to date)."""
    return resource.settings["host"]


def version_text(resource: Resource) -> str:
    """One true sentence on the target image's version against the one compose ran (README and MIGRATION.md)."""
    st = resource.settings
    engine, version, image = resource.engine.capitalize(), st.get("compose_version"), st["image"]
    match = st.get("version_match", "unknown")
    if match == "override":
        return f"`{image}` is the image you set (x-c2p k8s.image); compose ran {engine} {version or 'from an unpinned tag'}"
    if match == "unknown":
        return (f"compose's image `{resource.image or '(none)'}` pins no {engine} version, so which version it runs "
                "is whatever was pulled last (check with `docker compose exec "
                f"{resource.name} redis-server --version`); the target runs `{image}`")
    if match == "same":
        return f"`{image}` runs the same {engine} minor version as compose's tag ({version})"
    if match == "major":
        return (f"compose's tag names only {engine} {version}, which floats to that major's last minor; `{image}` runs "
                f"it ({'.'.join(map(str, V.REDIS_LAST_MINOR[int(version)]))}), the newest verified tag of {engine} {version}")
    if match == "floating":
        return (f"compose's tag names only {engine} {version}, which floats to its newest release; `{image}` is the "
                f"newest verified tag of {engine} {version}: check what compose runs (`docker compose exec {resource.name} "
                "redis-server --version`) and set x-c2p k8s.image if it is newer")
    if match == "newer":
        return f"`{image}` is newer than the {engine} {version} compose ran (the nearest verified tag at or above it)"
    return f"`{image}` is OLDER than the {engine} {version} compose ran"
