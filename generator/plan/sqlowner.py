"""MySQL/MariaDB: an app that logged in as `root` gets a dedicated owner (plan/resources.dedicated_owner is the
PostgreSQL twin). Production never hands the apps the superuser: RDS's master user is c2p's (a rotating managed
secret), the operators keep root for themselves, and root can do everything on every database."""

from __future__ import annotations

import re

from generator.plan.model import Database, Decision

SUPERUSERS = frozenset({"root"})
# schemas the server owns: an app database never takes their name (MySQL refman "The mysql System Schema",
# "sys Schema"; RDS reserves rdsadmin)
SYSTEM_SCHEMAS = frozenset({"mysql", "sys", "information_schema", "performance_schema", "rdsadmin"})
USER_MAX = 32  # MySQL 8.x user names: at most 32 characters (refman "Account Names"); MariaDB allows 80


def sql_ident(text: str, limit: int = USER_MAX) -> str | None:
    """A plain MySQL identifier from a compose name (lower case, [a-z0-9_], a letter first), or None."""
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:limit].rstrip("_")
    ok = re.fullmatch(r"[a-z][a-z0-9_]*", name or "") and name not in SUPERUSERS | SYSTEM_SCHEMAS
    return name if ok else None


def dedicated_owners(dbs: tuple[Database, ...], project: str, service: str,
                     superuser: str = "root") -> tuple[tuple[Database, ...], tuple[Decision, ...]]:
    """Each database compose's apps reached as the superuser gets a dedicated owner named after the project, else the
    service (one owner for all of them); a database named like a system schema is renamed after that owner too."""
    supers = SUPERUSERS | {superuser}
    if not any(d.owner in supers or d.name in SYSTEM_SCHEMAS for d in dbs if d.owner is not None):
        return dbs, ()
    owner = sql_ident(project) or sql_ident(service) or "app"
    out, changed = [], []
    for db in dbs:
        if db.owner is None or (db.owner not in supers and db.name not in SYSTEM_SCHEMAS):
            out.append(db)
            continue
        name = owner if db.name in SYSTEM_SCHEMAS else db.name
        new_owner = owner if db.owner in supers else db.owner
        out.append(Database(name=name, owner=new_owner, compose_name=db.name if name != db.name else None,
                            compose_owner=db.owner if new_owner != db.owner else None))
        changed.append(f"{db.name!r}" + (f" (now {name!r})" if name != db.name else ""))
    origin = "the project" if owner == sql_ident(project) else "the service"
    reason = (f"compose's apps logged in as {superuser}, the superuser: production gives them a dedicated owner "
              f"{owner!r} (named after {origin}) of {', '.join(changed)}, with every privilege on its database and none "
              "on the server; MIGRATION.md restores compose's data into it")
    return tuple(out), (Decision(key="database.owner", value=owner, reason=reason, source="default"),)
