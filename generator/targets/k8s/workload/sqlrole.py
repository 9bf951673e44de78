"""Compose's init scripts run as the app's owner on CloudNativePG, as the postgres image ran them as POSTGRES_USER.

CloudNativePG 1.30 runs each postInitApplicationSQLRefs file over its superuser connection, in the app database,
as one simple-protocol Exec after `SET search_path TO "$user", public` (pkg/management/postgres/initdb.go,
ConfigureNewInstance → executeSQLRefs → executeQueries; the connection comes from a pool, so a role a file sets
outlives it). Objects a file creates would belong to `postgres` and the app could not write or alter them
(review 2026-12-k8s-output #4). So c2p brackets each copied script with `SET ROLE <owner>;` … `RESET ROLE;`.

The image's POSTGRES_USER was a superuser; the CloudNativePG owner is not. Statements only a superuser may run
(roles, databases, untrusted extensions, ALTER SYSTEM, C functions, server-side COPY, ownership changes, …) run
as superuser: the script switches back (`RESET ROLE;`) just before them and to the owner after them. A script that
sets its own role (SET ROLE / SET SESSION AUTHORIZATION) runs as written. Extensions c2p lists in
postInitApplicationSQL are created before the scripts, as superuser, so a script's `CREATE EXTENSION IF NOT EXISTS`
of one is a no-op for the owner (PostgreSQL checks existence before privileges, commands/extension.c).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Extensions PostgreSQL ≥ 13 marks `trusted = true` in contrib (a database owner with CREATE may create them):
# https://www.postgresql.org/docs/current/contrib.html ("trusted" extensions).
TRUSTED = frozenset({
    "btree_gin", "btree_gist", "citext", "cube", "dict_int", "fuzzystrmatch", "hstore", "intarray", "isn", "lo",
    "ltree", "pgcrypto", "pg_trgm", "plpgsql", "seg", "tablefunc", "tcn", "tsm_system_rows", "tsm_system_time",
    "unaccent", "uuid-ossp",
})

_SUPERUSER = [re.compile(p) for p in (
    r"^(create|alter|drop) (role|group)\b",
    r"^(create|alter|drop) user\b(?! mapping)",
    r"^(grant|revoke) (?!.*\bon\b)",              # role membership (GRANT role TO role), not a privilege ON …
    r"^(create|alter|drop) database\b",
    r"^alter system\b",
    r"^(create|alter|drop) tablespace\b",
    r"^create (or replace )?(trusted )?(procedural )?language\b",
    r"^create event trigger\b",
    r"^create foreign data wrapper\b",
    r"^(create|alter) subscription\b",
    r"^create publication\b.*\bfor all tables\b",
    r"^load\b",
    r"^security label\b",
    r"^copy\b.*\b(from|to) (program\b|')",          # server-side files: pg_read/write_server_files or superuser
    r"^create (or replace )?(function|procedure)\b.*\blanguage '?(c|internal)\b",
    r"\bowner to\b",
    r"^create schema\b.*\bauthorization\b",
    r"^(alter|comment on|drop) extension\b",
)]
_OWN_ROLE = re.compile(r"^(set (session )?(role|session authorization)|reset (role|session authorization))\b")
_EXTENSION = re.compile(r'^create extension (if not exists )?"?([\w-]+)"?')


@dataclass(frozen=True)
class Statement:
    text: str  # exactly as in the script, from just after the previous top-level ';' to its own ';' (included)
    head: str  # comments and quoted text removed, lower case, whitespace folded: what the rules read


def split(script: str) -> tuple[list[Statement], str]:
    """The top-level statements (quotes, dollar quotes, comments and parentheses respected, as psql splits) and
    what follows the last ';'."""
    out: list[Statement] = []
    start, head, depth, i, n = 0, [], 0, 0, len(script)
    while i < n:
        c = script[i]
        if script.startswith("--", i):
            j = script.find("\n", i)
            i = n if j < 0 else j
            head.append(" ")
            continue
        if script.startswith("/*", i):
            level, j = 1, i + 2
            while j < n and level:
                if script.startswith("/*", j):
                    level, j = level + 1, j + 2
                elif script.startswith("*/", j):
                    level, j = level - 1, j + 2
                else:
                    j += 1
            i = j
            head.append(" ")
            continue
        if c in "'\"":
            escapes = c == "'" and i > 0 and script[i - 1] in "eE" and not (i > 1 and (script[i - 2].isalnum() or script[i - 2] == "_"))
            j = i + 1
            while j < n:
                if escapes and script[j] == "\\":
                    j += 2
                elif script[j] == c and script.startswith(c * 2, j):
                    j += 2
                elif script[j] == c:
                    break
                else:
                    j += 1
            head.append(" " + script[i:j + 1] + " " if c == '"' else " '' ")
            i = j + 1
            continue
        m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", script[i:i + 64]) if c == "$" else None
        if m and not (i and (script[i - 1].isalnum() or script[i - 1] == "_")):
            j = script.find(m.group(0), i + len(m.group(0)))
            i = n if j < 0 else j + len(m.group(0))
            head.append(" $$ ")
            continue
        depth += c == "("
        depth -= c == ")" and depth > 0
        i += 1
        if c == ";" and depth == 0:
            out.append(Statement(script[start:i], " ".join("".join(head).lower().split())))
            start, head = i, []
        else:
            head.append(c)
    return out, script[start:]


def _needs_superuser(head: str, created: frozenset[str]) -> bool:
    ext = _EXTENSION.match(head)
    if ext:
        name = ext.group(2)
        return not (name in TRUSTED or (ext.group(1) and name in created))
    return any(p.search(head) for p in _SUPERUSER)


@dataclass(frozen=True)
class AsOwner:
    text: str  # the script as the ConfigMap holds it
    runs_as: str  # owner | superuser | both | as-written
    superuser: tuple[str, ...] = ()  # the statements that run as superuser (their first words)


def ident(name: str) -> str:
    """A PostgreSQL identifier, always double-quoted (a quote inside doubled): any role name, never code."""
    return '"' + name.replace('"', '""') + '"'


def as_owner(script: str, owner: str, created: frozenset[str] = frozenset()) -> AsOwner:
    """The script bracketed so that what it creates belongs to `owner`; superuser-only statements stay superuser.
    `created`: extensions created before the scripts (postInitApplicationSQL)."""
    statements, tail = split(script)
    tail_head = split(tail + "\n;")[0][0].head.rstrip("; ")
    heads = [s.head for s in statements] + ([tail_head] if tail_head else [])
    if any(_OWN_ROLE.match(h) for h in heads):
        return AsOwner(script, "as-written")
    su = [_needs_superuser(h, created) for h in heads]
    words = tuple(" ".join(h.split()[:3]) for h, s in zip(heads, su) if s)
    if all(su):
        return AsOwner(script, "superuser", words)
    if any(su) and any("begin atomic" in h for h in heads):
        return AsOwner(script, "superuser", words)  # SQL-standard bodies hold ';': never split inside one
    set_owner, reset = f"SET ROLE {ident(owner)};", "RESET ROLE;"
    parts = ["-- c2p: run as the app's owner, as the postgres image ran it as POSTGRES_USER; CloudNativePG runs this "
             "file as superuser\n"]
    role = "superuser"
    for stmt, needs in zip(statements, su):
        want = "superuser" if needs else "owner"
        if want != role:
            parts.append(("\n" if len(parts) > 1 else "") + (reset if needs else set_owner)
                         + ("" if stmt.text.startswith("\n") else "\n"))
            role = want
        parts.append(stmt.text)
    if tail_head:
        want = "superuser" if su[-1] else "owner"
        if want != role:
            parts.append("\n" + (reset if su[-1] else set_owner) + "\n")
            role = want
        parts.append(tail + "\n;")  # the last statement had no ';'
    else:
        parts.append(tail)  # whitespace and comments after the last statement
    if role == "owner":
        parts.append(("" if parts[-1].endswith("\n") else "\n") + reset + "\n")
    return AsOwner("".join(parts), "both" if any(su) else "owner", words)
