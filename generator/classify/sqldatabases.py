"""The databases of a MySQL-family server that creates none itself, from the apps that use it.

An official mysql/mariadb container given only MYSQL_ROOT_PASSWORD creates no database and no user; the apps log in
as root and create their own (Ghost's knex migrations create `database__connection__database`, WordPress's
installer needs WORDPRESS_DB_NAME to exist…). The plan still needs those databases and their owners, so they come
from the consumers: each app's database variable (or its URL's path) with its user (root when it names none). The
plan gives an app that used root a dedicated owner (plan/resources.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType
from typing import Mapping
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.classify.kinds import family_of
from generator.classify.model import ServiceInfo, Use
from generator.classify.secrets import MASK


def _from_url(value: str) -> tuple[str | None, str | None]:
    """(database, user) named by a MySQL URL (jdbc: forms take the user from the query too)."""
    try:
        parts = urlsplit(re.sub(r"^jdbc:", "", value, flags=re.IGNORECASE))
        user = unquote(parts.username) if parts.username else None
    except ValueError:
        return None, None
    query = {k.lower(): v for k, v in parse_qsl(parts.query)}
    db = unquote(parts.path.lstrip("/").split("/")[0]) if parts.path else ""
    return db or None, user or query.get("user")


def _named(uses: tuple[Use, ...], superuser: str) -> list[dict]:
    found: dict[tuple[str, str], dict] = {}
    by_consumer: dict[str, list[Use]] = {}
    for use in uses:
        by_consumer.setdefault(use.service, []).append(use)
    for consumer in sorted(by_consumer):
        mine = by_consumer[consumer]
        for url in (u for u in mine if u.role == "url" and u.value):
            db, user = _from_url(url.value)
            if db and MASK not in db:
                owner = user if user and MASK not in user else superuser
                found.setdefault((db, owner), {"name": db, "owner": owner})
        dbs = [u.value for u in mine if u.role == "database" and u.value and MASK not in u.value]
        users = [u.value for u in mine if u.role == "user" and u.value and MASK not in u.value]
        for db in dbs:
            owner = users[0] if users else superuser
            found.setdefault((db, owner), {"name": db, "owner": owner})
    return [found[k] for k in sorted(found)]


def complete_databases(services: Mapping[str, ServiceInfo]) -> dict[str, ServiceInfo]:
    """`services` with each MySQL-family server that creates no database given the ones its apps name."""
    out = dict(services)
    for name, info in services.items():
        if family_of(info.kind) != "mysql" or info.facts.get("databases") != []:
            continue
        uses = tuple(u for s in services.values() for u in s.consumes if u.target == name)
        named = _named(uses, str(info.facts.get("superuser") or "root"))
        if named:
            facts = dict(info.facts, databases=named, databases_from="consumers")
            out[name] = replace(info, facts=MappingProxyType(facts))
    return out
