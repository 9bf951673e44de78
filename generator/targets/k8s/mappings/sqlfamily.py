"""What the MariaDB (mariadb-operator) and MySQL (Percona XtraDB Cluster operator) mappings share on Kubernetes:
the app's database and owner from compose, TLS for the consumers, the owner's password Secret, the backup bucket
inputs, and the dump runbook of MIGRATION.md (`mysqldump`/`mariadb-dump` from compose, DEFINER clauses rewritten to
the owner, loaded as root inside the target's primary pod).

The consumer contract (plan/clients for the mysql family): outputs host/port/username/password/database, settings
`tls`, `ca_file` (the release CA, tls.py) and `ssl_mode` (VERIFY_IDENTITY: the client checks the server certificate
and its name; both operators serve the certificate c2p issues from the release CA with every Service name in it).
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.targets.k8s import tls

PORT = 3306
SSL_MODE = "VERIFY_IDENTITY"
PASSWORD_KEY = "password"
BUCKET = "CHANGE-ME-backup-bucket"  # the same FILL IN as the CloudNativePG object store (cnpg mapping)
BACKUP_KEYS = ("ACCESS_KEY_ID", "ACCESS_SECRET_KEY")  # the keys the cnpg mapping's <cluster>-backup-s3 Secret has
# Accounts the server itself owns: an app that logged in as one of them gets a dedicated owner (the password Secret
# and the User/Grant below would otherwise redefine the operator's own account).
RESERVED_USERS = frozenset({"root", "mysql", "mariadb.sys", "mysql.sys", "mysql.session", "mysql.infoschema",
                            "monitor", "operator", "xtrabackup", "clustercheck", "replication", "proxyadmin"})


def series(version: str | None) -> str | None:
    """`11.4.2` → `11.4`, `8` → `8`, `latest`/None → None."""
    m = re.match(r"^(\d+)(?:\.(\d+))?", str(version or ""))
    if not m:
        return None
    return m.group(1) + (f".{m.group(2)}" if m.group(2) else "")


def key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def tls_settings(s, server: str) -> None:
    """tls/ca_file/ssl_mode: always on; the user cannot turn them off (a plain-text database is not a production
    setting; the option would be reported as not used)."""
    s.set("tls", True, f"{server} serves TLS with a certificate from the release CA (cert-manager, manifests/tls/) and "
          "refuses plain connections (require_secure_transport=ON)")
    s.set("ca_file", tls.CA_FILE, "clients verify the server against the release CA, whose public certificate is "
          "mounted from its ConfigMap (never a Secret with a key)")
    s.set("ssl_mode", SSL_MODE, "clients check the server's certificate and its name against the release CA "
          "(ca_file); REQUIRED would accept any server that speaks TLS")
    s.fact("trust_bundle", tls.TRUST_FILE)  # for clients that trust only the system store (PHP's mysqlnd, Go): tls.py


def app_database(resource: Resource, s) -> tuple[str, str]:
    """The app's database and its owner (the account the apps log in as), from compose's MYSQL_/MARIADB_ variables."""
    db = resource.facts.databases[0] if resource.facts.databases else None
    database = s.pick("database", db.name if db else "app",
                      "the database compose created (MYSQL_DATABASE / MARIADB_DATABASE)" if db
                      else "compose created no database: 'app'", source="compose" if db else "default")
    owner = db.owner if db else "app"
    why = ("the account the apps logged in as in compose (MYSQL_USER / MARIADB_USER)" if db
           else "compose created no app account: 'app'")
    if owner in RESERVED_USERS:
        why = (f"the apps logged in as '{owner}' in compose, an account the server and its operator own: they get "
               "their own account 'app', owner of the database and nothing else")
        owner = "app"
    owner = s.pick("owner", owner, why, source="compose" if db else "default")
    if len(db.name if db else "") > 64 or len(owner) > 80:
        s.warnings.append(f"{resource.name}: database or user name longer than MySQL allows (64 / 80 characters)")
    return database, owner


def password_secret(name: str) -> dict[str, str]:
    return {"name": f"{name}-app", "key": PASSWORD_KEY}


def backup_settings(s, name: str, what: str) -> dict[str, Any]:
    days = s.pick("backup_retention_days", 30, "30 days of backups, as the other databases of this release",
                  option="backup_retention_days", check=lambda v: None if int(v) >= 1 else "at least 1 day")
    return s.pick("backup", {
        "schedule": "0 3 * * *",
        "retention_days": int(days),
        "bucket": BUCKET,
        "prefix": name,
        "region": "us-east-1",
        "endpoint": "s3.amazonaws.com",
        "credentials_secret": f"{name}-backup-s3",
    }, f"daily {what} at 03:00 to S3, kept {days} days; bucket, region and credentials are yours to fill in "
       "(README, \"Backups\")", option=None)


# ---------------------------------------------------------------------------------------------------- migration

def ident(name: str) -> str:
    """A MySQL identifier, backquoted (a backquote inside doubled): any name, never code."""
    return "`" + name.replace("`", "``") + "`"


def definer_sed(owner: str) -> str:
    """The sed script that rewrites every DEFINER clause of a dump (views, triggers, routines, events; in the plain
    and the versioned-comment forms `DEFINER=`root`@`%`` / `/*!50013 DEFINER=… SQL SECURITY DEFINER */`) to the app's
    owner `owner`@`%`, the account the User CR creates: the objects run with the owner's rights in production, not
    with compose's root, which does not exist there. One shell word when printed (| sh); the owner name is escaped
    for a sed replacement (\\ & # newline cannot occur: MySQL names have no newline). An extended regex (sed -E), applied
    only where a statement names the definer (`CREATE DEFINER=…`, `/*!50013 DEFINER=…`): table data — INSERT lines
    and, as mariadb-dump 10.11+ writes them, their rows one per line starting with `(` — stays as it is."""
    who = ident(owner).replace("\\", "\\\\").replace("&", "\\&").replace("#", "\\#")
    return "/^(INSERT INTO |\\()/!s#(^CREATE |/\\*!5[0-9]{4} )DEFINER=`[^`]*`@`[^`]*`#\\1DEFINER=" + who + "@`%`#g"


def dump_flags(kind: str) -> list[str]:
    """mysqldump/mariadb-dump options of MIGRATION.md: one consistent InnoDB snapshot without locking the tables
    (--single-transaction), the routines, triggers and events with the tables, no LOCK TABLES statements in the
    dump (--skip-add-locks; Percona XtraDB Cluster refuses explicit table locks under pxc_strict_mode=ENFORCING), and
    for MySQL no GTID_PURGED / SQL_LOG_BIN=0 lines (--set-gtid-purged=OFF: the load must replicate to every node)."""
    flags = ["--single-transaction", "--routines", "--triggers", "--events", "--skip-add-locks", "--hex-blob",
             "--default-character-set=utf8mb4"]
    if kind == "mysql":
        flags += ["--set-gtid-purged=OFF", "--no-tablespaces"]
    return flags


def dump_script(kind: str) -> str:
    """The compose container's dump command (`sh -c` script; $1 the database, $2 the app's account): as root when the
    container has root's password (MARIADB_/MYSQL_ROOT_PASSWORD or its _FILE), else — compose generated it
    (*_RANDOM_ROOT_PASSWORD) — as the app's account with its password (MARIADB_/MYSQL_PASSWORD or _FILE), which owns
    everything in its database. The password goes from the container's own environment into MYSQL_PWD: never on a
    command line, never in the output."""
    prog = '"$(command -v mariadb-dump || echo mysqldump)"' if kind == "mariadb" else "mysqldump"
    return f'{COMPOSE_LOGIN} exec {prog} -u"$u" {" ".join(dump_flags(kind))} "$1"'


# The start of every `sh -c` script MIGRATION.md runs in the compose container ($2: the app's account): `u` and
# MYSQL_PWD become root and its password when the container has it, else the app's account and its password.
COMPOSE_LOGIN = (
    'r="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"; rf="${MARIADB_ROOT_PASSWORD_FILE:-${MYSQL_ROOT_PASSWORD_FILE:-}}"; '
    'a="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"; af="${MARIADB_PASSWORD_FILE:-${MYSQL_PASSWORD_FILE:-}}"; '
    '[ -n "$r" ] || [ -z "$rf" ] || r=$(cat "$rf"); [ -n "$a" ] || [ -z "$af" ] || a=$(cat "$af"); '
    'if [ -n "$r" ]; then u=root; MYSQL_PWD="$r"; else u="$2"; MYSQL_PWD="$a"; fi; export MYSQL_PWD;')


def load_script(client: str, password_var: str) -> str:
    """Inside the target's pod: the dump on stdin into database $1 as root over the local socket."""
    return f'export MYSQL_PWD="${password_var}"; exec {client} -uroot "$1"'


def check_script(client: str, password_var: str) -> str:
    return (f'export MYSQL_PWD="${password_var}"; exec {client} -uroot -N -e "SELECT CONCAT(COUNT(*), \' tables in '
            f'\', DATABASE()) FROM information_schema.tables WHERE table_schema = DATABASE()" "$1"')


def migration_context(resource: Resource, client: str, password_var: str) -> dict[str, Any]:
    """What the MIGRATION.md templates of both mappings print: the dump from compose and the load into the pod."""
    st = resource.settings
    db = resource.facts.databases[0] if resource.facts.databases else None
    return {
        "source_db": db.source_name if db else st["database"],
        "source_owner": db.source_owner if db else st["owner"],
        "file": f"{resource.name}.sql", "load_file": f"{resource.name}.load.sql",
        "dump_script": dump_script(resource.kind), "definer_sed": definer_sed(st["owner"]),
        "load_script": load_script(client, password_var), "check_script": check_script(client, password_var),
    }


def decision_rows(resource: Resource) -> list[tuple[str, str, str, str]]:
    from generator.targets.k8s.docs_install import fmt  # as the other mappings' settings tables print values

    return [(d.key, fmt(d.value), d.reason, d.source) for d in resource.decisions]


def render_doc(folder: str, name: str, **context: Any) -> str:
    """<folder>/templates/<name> (Markdown, helm delimiters), rendered as every mapping's templates are
    (targets/k8s/mapping.py `render`)."""
    from pathlib import Path

    from generator.targets.k8s import mapping

    return mapping.render(Path(folder), name, **context)


def file_rows(rows: list[tuple[str, str]]) -> Any:
    """README's "What was generated" rows (Markdown built here from c2p's own text and the service's file paths)."""
    from generator.render.escape import Raw

    return Raw("".join(f"| `{path}` | {what} |\n" for path, what in rows))


# appended to the app chart's "Secrets only by secretKeyRef." point, by both mappings
APPS_NOTE_TEXT = (
    " A MySQL/MariaDB URL (`DATABASE_URL=mysql://…`) is composed in the pod by Kubernetes from the database's\n"
    "  `<name>-app` Secret (`$(VAR)` expansion of `password`): keep that password URL-safe (the install step makes it hex).")


def _apps_note():
    from generator.render.escape import Raw

    return Raw(APPS_NOTE_TEXT)


APPS_NOTE = _apps_note()


class SqlMapping:
    """What the MySQL-family k8s mappings share (mariadb/, mysql/): no Vault API, no init SQL of CloudNativePG's kind,
    the operator's own certificates, and the outputs of the consumer contract — the app's account and database, its
    password from the Secret the user creates (never a value)."""

    access_namespaces: Mapping[str, str] = {}
    serves_vault_api = False
    cert_manager_for = None  # its own webhook and certificates need no cert-manager; the release CA does (tls.py)
    public_ca_for = None
    init_sql = False

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        st = resource.settings
        sec = st["password_secret"]
        return {"host": Output(st["host"]), "port": Output(str(st["port"])), "database": Output(st["database"]),
                "username": Output(st["owner"]),
                "password": Output(shown="<password>", secret=(sec["name"], sec["key"]))}

    # its docs module (files/readme/migration, the install steps and the guide): imported when the docs are rendered
    docs_module = ""

    def _docs(self):
        import importlib

        return importlib.import_module(self.docs_module)

    def wait_for(self, resource: Resource, job: bool = False) -> tuple[str, int]:
        return resource.settings["host"], PORT

    def install_steps(self, resources: Sequence[Resource]) -> tuple[str, ...]:
        return self._docs().install_keys()

    def guide(self, plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
        return self._docs().guide(plan, resources)

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        return self._docs().docs(plan, resource)
