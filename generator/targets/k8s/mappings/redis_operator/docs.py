"""README.md and MIGRATION.md parts of a redis-operator service (contract: targets/k8s/mapping.py, "Docs"); the text
is in templates/*.md.j2 beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from generator.plan.model import Plan, Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.docs_install import item as base_item, markdown, shared
from generator.targets.k8s.mappings.redis_operator import redis

HERE = Path(__file__).parent


def item(resource: Resource) -> dict[str, Any]:
    st = resource.settings
    version = redis.version_text(resource)
    policy = st.get("maxmemory_policy")
    return {
        **base_item(resource),
        "config_map": redis.config_map(resource),
        "replicas_behind": int(st["replicas"]) - 1,
        "config_text": ", ".join(f"`{line}`" for line in st["config"]),
        "version_text": version,
        "version_sentence": version[:1].upper() + version[1:],
        "aof": "aof" in st["persistence"],
        "save_pairs": [tuple(p) for p in zip(*[iter(str(st.get("save") or "").split())] * 2)],
        "policy_text": f"`{policy}` as in compose" if policy else
        "`noeviction` (Redis's default; compose set none): writes fail when it is full",
    }


def docs(plan: Plan, resource: Resource) -> Mapping[str, Any]:
    ctx = {**shared(plan), "x": item(resource)}
    return {part: markdown(HERE, f"{part}.md.j2", **ctx) for part in ("files", "readme", "migration")}


def guide(plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
    ctx = {**shared(plan), "items": [item(r) for r in resources]}
    return {
        "repos": [("ot-helm", V.REDIS_OPERATOR_REPO)],
        "pinned": [f"OT-CONTAINER-KIT redis-operator {V.REDIS_OPERATOR} (chart ot-helm/redis-operator "
                   f"{V.REDIS_OPERATOR_CHART})"],
        "install": [("redis", markdown(HERE, "install.md.j2", **ctx))],
        "apps_note": "",
        "after": "",
    }
