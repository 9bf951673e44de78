"""Compose variables that switch TLS (or its verification) off for a database the app reaches over TLS in production.

A development compose file often says `PGSSLMODE=disable`, `DATABASE_SSL=false` or `REDIS_TLS=false` next to a URL.
Production requires TLS: c2p builds the URL with `sslmode=verify-full` / `rediss://`, but such a variable, read by
the same client, would win over it (libpq reads PGSSLMODE only when the connection string has no sslmode, but
pg-connection-string and Outline read PGSSLMODE/DATABASE_SSL as their own switch). So each one is set to the value
c2p chose, the change visible in the env docs ("compose had: disable"); a process-wide verification switch
(NODE_TLS_REJECT_UNAUTHORIZED=0, nodejs.org/api/cli.html) is removed.

Variables a consumer group already names (classify/consumers.py: `DB_SSLMODE` next to `DB_HOST`) are rewritten by
plan/envmap.override_for; this module handles the rest.
"""

from __future__ import annotations

import re
from typing import Mapping

from generator.plan.envmap import engine_family
from generator.plan.model import EnvOverride, EnvVar, Resource
from generator.plan.urls import pg_sslmode

_PG = r"(PG|POSTGRES|POSTGRESQL|DB|DATABASE)"
_SWITCH = r"(SSL|TLS|USE_SSL|USE_TLS|SSL_ENABLED|TLS_ENABLED|ENABLE_SSL|ENABLE_TLS)"
_OFF = {"false": "true", "0": "1", "no": "yes", "off": "on", "False": "True", "FALSE": "TRUE"}
_WEAK_MODES = ("disable", "allow", "prefer")

# (name pattern, family, kind): kind "mode" = an sslmode, "switch" = a boolean, "verify" = reject-unauthorized
_RULES = (
    (rf"^(\w+_)?{_PG}_?SSL_?MODE$", "postgres", "mode"),
    (rf"^(\w+_)?{_PG}_{_SWITCH}$", "postgres", "switch"),
    (rf"^(\w+_)?{_PG}_(SSL|TLS)_REJECT_UNAUTHORI[SZ]ED$", "postgres", "verify"),
    (rf"^(\w+_)?REDIS_{_SWITCH}$", "redis", "switch"),
    (r"^(\w+_)?REDIS_(SSL|TLS)_REJECT_UNAUTHORI[SZ]ED$", "redis", "verify"),
    # MySQL/MariaDB (plan/mysqlenv.py): the same switches under the MySQL names, and the generic DB_/DATABASE_ ones
    # when the app's TLS database is a MySQL one
    (rf"^(\w+_)?(MYSQL|MARIADB|DB|DATABASE)_{_SWITCH}$", "mysql", "switch"),
    (r"^(\w+_)?(MYSQL|MARIADB|DB|DATABASE)_(SSL|TLS)_REJECT_UNAUTHORI[SZ]ED$", "mysql", "verify"),
)


def _override(name: str, res: Resource, action: str, value: str | None, was: str, reason: str) -> EnvVar:
    role = "sslmode" if engine_family(res.kind) == "postgres" else "tls"
    return EnvVar(name=name, override=EnvOverride(
        var=name, action=action, resource=res.name, role=role, template=value, secret=False, reason=reason,
        dev_value=was))


def tls_off(env: Mapping[str, str | None], uses: set[str], consumed: list[Resource]) -> tuple[dict[str, EnvVar], list[str]]:
    """(var → EnvVar put in place of compose's, warnings) for the TLS-off variables of one app (uses: the vars a
    consumer group already wires; consumed: the resources the app uses)."""
    out, warnings = {}, []
    tls = {f: [r for r in consumed if engine_family(r.kind) == f and r.settings.get("ca_file" if f == "postgres" else "tls")]
           for f in ("postgres", "redis", "mysql")}
    for name, value in sorted(env.items()):
        raw = (value or "").strip()
        if name in uses or not raw:
            continue
        if name == "NODE_TLS_REJECT_UNAUTHORIZED" and raw == "0" and (tls["postgres"] or tls["redis"] or tls["mysql"]):
            res = (tls["postgres"] + tls["redis"] + tls["mysql"])[0]
            out[name] = _override(name, res, "remove", None, raw,
                                  "Removed: it turns off certificate verification for every TLS connection of the "
                                  "process (nodejs.org/api/cli.html); production's databases present certificates "
                                  "the app verifies with the release CA.")
            continue
        for pattern, family, kind in _RULES:
            if not re.match(pattern, name):
                continue
            found = tls[family]
            weak = (raw.lower() in _WEAK_MODES if kind == "mode" else raw in _OFF if kind == "switch"
                    else raw.lower() in ("false", "0"))
            if not found:
                continue  # DB_SSL: the PostgreSQL rule when the app's TLS database is PostgreSQL, else the MySQL one
            if not weak:
                break
            if len({r.name for r in found}) > 1:
                warnings.append(f"{name}={raw} switches TLS off, but the app uses {', '.join(r.name for r in found)}: "
                                "set it by hand to the value each connection needs")
                break
            res = found[0]
            new = pg_sslmode(res.settings) if kind == "mode" else _OFF[raw] if kind == "switch" else "true"
            where = f"the production {res.name} ({res.mapping})"
            out[name] = _override(name, res, "set", new, raw,
                                  f"Set by c2p: compose's {name}={raw} switched TLS (or its verification) off, and the "
                                  f"client would read it over the URL's setting; {where} requires TLS.")
            break
    return out, warnings
