"""Facts of the MySQL family (MySQL, Percona, MariaDB): version, the database and user the image's entrypoint creates,
init scripts, the data volume, the port.

The official images create, on an empty data directory, MYSQL_DATABASE and MYSQL_USER (granted ALL on that database)
— MariaDB's as MARIADB_DATABASE / MARIADB_USER, falling back to the MYSQL_* names — each also readable from a file
through the `_FILE` form (docker-library/mysql docker-entrypoint.sh `file_env`; MariaDB/mariadb-docker
docker-entrypoint.sh `_mariadb_file_env`). Bitnami's images read the same names (and MYSQL_ROOT_USER / MARIADB_ROOT_USER).
The superuser is `root`; production never hands it to the apps (plan/resources.py gives them a dedicated owner).

Facts (plain keys, read by plan/resources.py): engine, databases [{name, owner}] (names always known: a database or user
named through a `_FILE` form gives no entry, and database_files {database, user: the file paths; database_name,
user_name: the half compose gave literally} says so — c2p reads no secret files), users, superuser, init_scripts,
password, data_volume, port, floating. A server that creates no database (only MYSQL_ROOT_PASSWORD: Ghost's compose) gets its databases from
the apps that use it (classify/sqldatabases.py).
"""

from __future__ import annotations

import re
from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, FactsFn, first_version, flag_value
from generator.classify.signals import Signals
from generator.classify.volumes import kind_data_mount, mount_label
from generator.errors import C2PError
from generator.lifecycle import floating, floating_text
from generator.model import Service

INITDB = "/docker-entrypoint-initdb.d"
SUPERUSER = "root"
LABEL = {"mysql": "MySQL", "mariadb": "MariaDB"}
_SERVER = {"mysql": "mysqld", "mariadb": "mariadbd"}


def _names(engine: str, what: str) -> tuple[str, ...]:
    """MariaDB's image reads MARIADB_<what> first, then MYSQL_<what>; MySQL's only MYSQL_<what>."""
    return (f"MARIADB_{what}", f"MYSQL_{what}") if engine == "mariadb" else (f"MYSQL_{what}",)


def _given(signals: Signals, names: tuple[str, ...]) -> tuple[str | None, str | None, str | None]:
    """(literal value, file path, the variable that gave it) for the first of `names` set (or its _FILE form)."""
    for name in names:
        value = signals.env.get(name)
        if value not in (None, ""):
            return value, None, name
        path = signals.env.get(name + "_FILE")
        if path not in (None, ""):
            return None, path, name + "_FILE"
    return None, None, None


def _check(value: str | None, what: str, service: Service, ctx: Context, engine: str) -> None:
    if value is not None and any(not ch.isprintable() for ch in value):
        raise C2PError(f"services.{service.name}: the {LABEL[engine]} {what} name {value[:40]!r}{'…' if len(value) > 40 else ''} "
                       "holds a line break or control character; the runbooks and manifests name it on one line, so "
                       "rename it", ctx.where(service.name))


def _version(engine: str, service: Service, signals: Signals) -> tuple[str | None, dict | None, list[str]]:
    ref = signals.built_from or signals.image  # a built service's version is its FROM's
    tag = ref.tag if ref else None
    version = first_version(tag, 2)
    moving = floating(ref, engine) if not version or "." not in version else None
    warnings = []
    if moving:  # `mysql`, `mysql:8`, `mariadb:lts`: what that tag runs today (lifecycle.py), not a default
        version = moving.version
        warnings.append(f"{service.name}: {floating_text(ref.short(), version, moving.checked)}: production runs "
                        f"{LABEL[engine]} {version}. Pin `{ref.path}:{version}` in compose so both stay on one version "
                        f"when the tag moves on, and check what compose runs now (`docker compose exec {service.name} "
                        f"{_SERVER[engine]} --version`): a dump restores into the same or a newer version, not an older one")
        return version, {"tag": ref.short(), "version": version, "checked": moving.checked, "source": moving.source}, warnings
    if version and "." not in version:
        warnings.append(f"{service.name}: the image tag {tag} names only the {LABEL[engine]} major {version}, not which "
                        f"release of it compose runs; set x-c2p version (major.minor) to choose one")
    elif not version:
        warnings.append(f"{service.name}: the image tag does not pin a {LABEL[engine]} version ({tag or 'latest'}); "
                        "set x-c2p version (major.minor) to choose one")
    return version, None, warnings


def _password(signals: Signals, engine: str) -> str:
    """How compose sets the root password: literal | file | random | empty | none."""
    value, path, _ = _given(signals, _names(engine, "ROOT_PASSWORD"))
    if value:
        return "literal"
    if path:
        return "file"
    if any(signals.env.get(n) for n in _names(engine, "RANDOM_ROOT_PASSWORD")):
        return "random"
    empty = ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "ALLOW_EMPTY_PASSWORD")
    return "empty" if any(signals.env.get(n) for n in empty) else "none"


def sql_facts(engine: str, data_paths: tuple[str, ...]) -> FactsFn:
    def facts(service: Service, signals: Signals, ctx: Context) -> Facts:
        version, moving, warnings = _version(engine, service, signals)
        root = signals.env.get(_names(engine, "ROOT_USER")[0]) or signals.env.get("MYSQL_ROOT_USER") or SUPERUSER
        db, db_file, db_var = _given(signals, _names(engine, "DATABASE"))
        user, user_file, user_var = _given(signals, _names(engine, "USER"))
        _check(db, "database", service, ctx, engine)
        _check(user, "user", service, ctx, engine)
        databases, files = [], {}
        if db and not user_file:
            # the entrypoint grants MYSQL_USER ALL on MYSQL_DATABASE; without a user only root reaches it
            databases.append({"name": db, "owner": user or root})
        elif db or db_file:  # a name c2p does not read: no database entry, the files named instead
            files = {k: v for k, v in (("database", db_file), ("user", user_file)) if v}
            if db:
                files["database_name"] = db
            if user:
                files["user_name"] = user
        for var, path in ((db_var, db_file), (user_var, user_file)):
            if path:
                what = "database" if var == db_var else "user"
                warnings.append(f"{service.name}: {var} reads the {what} name from {path}, a file c2p does not read "
                                f"(secret files stay out of the output): the production {what} must have the name that "
                                "file holds, or the apps reading it will not find it")
        init = sorted(mount_label(m, ctx.working_dir) for m in signals.mounts
                      if m.target.rstrip("/") == INITDB or m.target.startswith(INITDB + "/"))
        data = kind_data_mount(signals.mounts, data_paths)
        port = flag_value(signals.argv, "--port")
        found = {
            "engine": engine,
            "databases": databases,
            "users": [u for u in (user,) if u],
            "superuser": root,
            "init_scripts": init,
            "password": _password(signals, engine),
            "data_volume": mount_label(data, ctx.working_dir) if data else None,
            "port": int(port) if port and re.fullmatch(r"[0-9]{1,5}", port) and 0 < int(port) < 65536 else 3306,
        }
        if files:
            found["database_files"] = files
        if found["password"] == "empty":
            warnings.append(f"{service.name}: an empty {LABEL[engine]} root password is development-only")
        if moving:
            found["floating"] = {engine: moving}
        versions = {engine: version} if version else {}
        return Facts(versions=MappingProxyType(versions), facts=MappingProxyType(found), warnings=tuple(warnings))

    return facts
