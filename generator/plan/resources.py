"""A stateful service as a target-neutral Resource, before the target decides how to run it."""

from __future__ import annotations

import re
from types import MappingProxyType

from generator.classify.kinds import family_of
from generator.classify.model import ServiceInfo
from generator.lifecycle import floating_text
from generator.plan.model import FACTS_OF, Database, Decision, KindFacts, RedisFacts, Resource, SqlFacts, VaultFacts
from generator.plan.sqlowner import dedicated_owners as sql_dedicated_owners


def _version_decisions(info: ServiceInfo) -> tuple[Decision, ...]:
    source = "override" if "version" in info.options or any(e.source == "override" for e in info.evidence) else "compose"
    image = info.image or "the image"
    moving = info.facts.get("floating") or {}  # classify: the version a floating tag runs today (generator/lifecycle.py)

    def reason(engine: str, version: str) -> str:
        f = moving.get(engine)
        if not f or f["version"] != version:
            return f"from {image}"
        return (f"{floating_text(f['tag'], version, f['checked'])} ({f['source']}); pin `{f['tag'].split(':')[0]}:{version}` in compose so "
                "it cannot drift to a newer version than production")
    return tuple(
        Decision(key=f"version.{engine}", value=version, reason=reason(engine, version), source=source)
        for engine, version in sorted(info.versions.items())
    )


SUPERUSER = "postgres"  # the postgres image's default POSTGRES_USER, a superuser; CloudNativePG's superuser too


def pg_ident(text: str) -> str | None:
    """A plain PostgreSQL identifier from a compose name (lower case, [a-z0-9_], a letter first, ≤ 63), or None."""
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:63]
    return name if re.fullmatch(r"[a-z][a-z0-9_]*", name or "") and name != SUPERUSER else None


def dedicated_owner(db: Database, project: str, service: str) -> tuple[Database, Decision | None]:
    """An app that logged in as `postgres` gets a dedicated owner role (and database, when it used `postgres` too),
    named after the compose project, else the service: production never hands the apps the superuser (CloudNativePG
    disables it and nulls its password; RDS and Tiger Cloud have none to give). Target-neutral: every target's
    owner and database come from here."""
    if db.owner != SUPERUSER:
        return db, None
    owner = pg_ident(project) or pg_ident(service) or "app"
    name = owner if db.name == SUPERUSER else db.name
    chosen = Database(name=name, owner=owner, compose_name=db.name if name != db.name else None,
                      compose_owner=db.owner)
    reason = (f"compose's apps logged in as {SUPERUSER}, the superuser: production gives them a dedicated owner role "
              f"{owner!r}" + (f" and database {name!r} (named after {'the project' if owner == pg_ident(project) else 'the service'})"
                              if name != db.name else "") + "; MIGRATION.md restores compose's data into it")
    return chosen, Decision(key="database.owner", value=owner, reason=reason, source="default")


def base_resource(info: ServiceInfo, project: str = "") -> Resource:
    facts = info.facts
    dbs = tuple(Database(name=d["name"], owner=d["owner"]) for d in facts.get("databases", ()))
    decisions = _version_decisions(info)
    if dbs and family_of(info.kind) == "mysql":  # MySQL/MariaDB: root → a dedicated owner (plan/sqlowner.py)
        dbs, whys = sql_dedicated_owners(dbs, project, info.name, str(facts.get("superuser") or "root"))
        decisions += whys
    elif dbs:
        first, why = dedicated_owner(dbs[0], project, info.name)
        dbs = (first,) + dbs[1:]
        decisions += (why,) if why else ()
    return Resource(
        name=info.name,
        kind=info.kind,
        mapping="",
        engine=str(facts.get("engine", info.kind)),
        versions=MappingProxyType(dict(sorted(info.versions.items()))),
        image=info.image,
        port=facts.get("port"),
        facts=kind_facts(info.kind, facts, dbs),
        data_volume=facts.get("data_volume"),
        decisions=decisions,
        warnings=tuple(info.warnings),
    )


def kind_facts(kind: str, facts, dbs: tuple[Database, ...]) -> KindFacts:
    """The typed facts of one kind, from classify's plain facts map (None for a kind with none)."""
    if FACTS_OF.get(kind) is SqlFacts:
        return SqlFacts(databases=dbs, extensions=tuple(facts.get("extensions", ())),
                        init_scripts=tuple(facts.get("init_scripts", ())))
    if kind == "redis":
        save = facts.get("save_points")
        return RedisFacts(persistence=facts.get("persistence"), maxmemory_policy=facts.get("maxmemory_policy"),
                          save_points=None if save is None else tuple(tuple(p) for p in save),
                          appendfsync=facts.get("appendfsync"), compose_auth=bool(facts.get("auth")))
    if kind == "vault":
        return VaultFacts(dev_mode=bool(facts.get("dev_mode", False)))
    return None
