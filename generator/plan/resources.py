"""A stateful service as a target-neutral Resource, before the target decides how to run it."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.model import ServiceInfo
from generator.plan.model import Database, Decision, Resource


def _version_decisions(info: ServiceInfo) -> tuple[Decision, ...]:
    source = "override" if "version" in info.options or any(e.source == "override" for e in info.evidence) else "compose"
    image = info.image or "the image"
    return tuple(
        Decision(key=f"version.{engine}", value=version, reason=f"from {image}", source=source)
        for engine, version in sorted(info.versions.items())
    )


def base_resource(info: ServiceInfo) -> Resource:
    facts = info.facts
    dbs = tuple(Database(name=d["name"], owner=d["owner"]) for d in facts.get("databases", ()))
    return Resource(
        name=info.name,
        kind=info.kind,
        mapping="",
        engine=str(facts.get("engine", info.kind)),
        versions=MappingProxyType(dict(sorted(info.versions.items()))),
        image=info.image,
        port=facts.get("port"),
        databases=dbs,
        extensions=tuple(facts.get("extensions", ())),
        init_scripts=tuple(facts.get("init_scripts", ())),
        persistence=facts.get("persistence"),
        maxmemory_policy=facts.get("maxmemory_policy"),
        compose_auth=bool(facts.get("auth")) if info.kind == "redis" else False,
        dev_mode=bool(facts.get("dev_mode", False)),
        data_volume=facts.get("data_volume"),
        decisions=_version_decisions(info),
        warnings=tuple(info.warnings),
    )
