"""Compose's /docker-entrypoint-initdb.d scripts → CloudNativePG's bootstrap.initdb.postInitApplicationSQLRefs.

The official postgres image runs every `*.sql` there once, in name order, in POSTGRES_DB; CloudNativePG runs
the SQL of the ConfigMaps and Secrets listed under postInitApplicationSQLRefs once, as superuser, in the app
database (Secrets first, then ConfigMaps, each in list order). So c2p reads the `.sql` files at generate
time (hostfiles: size, text and secret checks) into one ConfigMap, in the image's order, each bracketed to run as
the app's owner (sqlrole.py: what it creates belongs to the owner, as it belonged to POSTGRES_USER). A script that looks
like a secret (by name, a key, a secret of the compose file, or a `PASSWORD '…'` literal) is never copied:
the user creates a Secret from it and the Cluster lists it under secretRefs. Shell scripts and compressed
SQL have no CloudNativePG equivalent and are refused with a TODO.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from types import MappingProxyType

from generator.classify.secrets import project_secrets
from generator.classify.volumes import mount_label
from generator.model import ComposeProject
from generator.plan.model import Decision, Resource
from generator.targets.k8s.mapping import mapping_of
from generator.targets.k8s.workload import hostfiles, sqlrole

INITDB = "/docker-entrypoint-initdb.d"
_PASSWORD_LITERAL = re.compile(r"\bPASSWORD\s+(E?'|\$\w*\$)", re.IGNORECASE)


def _scripts(res: Resource, project: ComposeProject) -> list[tuple[str, str, str]]:
    """(name as the image sees it, host path, label) of every init mount, in the image's run order."""
    svc = project.services[res.name]
    found = []
    for m in svc.volumes:
        target = m.target.rstrip("/")
        if m.type != "bind" or not (target == INITDB or target.startswith(INITDB + "/")) or not m.source:
            continue
        label = mount_label(m, project.working_dir)
        if not os.path.exists(m.source):
            found.append(("", m.source, label))  # missing at generate time: reported by carry()
        elif target == INITDB and os.path.isdir(m.source):
            found += [(f, os.path.join(m.source, f), f"{label}/{f}") for f in sorted(os.listdir(m.source))
                      if os.path.isfile(os.path.join(m.source, f))]
        else:
            found.append((target[len(INITDB):].strip("/") or os.path.basename(m.source), m.source, label))
    return sorted(found)


def carry(res: Resource, project: ComposeProject) -> Resource:
    """The resource with settings.init_sql decided from its compose init scripts (a mapping that takes them: `init_sql`, CloudNativePG)."""
    mapping = mapping_of(res)
    if mapping is None or not mapping.init_sql or not res.facts.init_scripts or res.name not in project.services:
        return res
    cluster = res.settings["cluster"]
    secrets = project_secrets(project)
    files, secret_keys, todo, notes = [], [], [], []
    taken: set[str] = set()
    owner = str(res.settings.get("owner", "app"))
    created = frozenset(res.settings.get("extensions") or ())  # postInitApplicationSQL creates them first
    for name, path, label in _scripts(res, project):
        if not name:
            todo.append(f"{label} does not exist at generate time: nothing to copy; put its .sql files there and "
                        "generate again, or create the ConfigMap by hand")
            continue
        if name.endswith((".sh", ".sql.gz", ".sql.xz", ".sql.zst")):
            todo.append(f"{label}: CloudNativePG runs only plain SQL at bootstrap: turn it into SQL, a Job or a migration")
            continue
        if not name.endswith(".sql"):
            notes.append(f"{label}: the postgres image ignores it too (not .sql/.sh)")
            continue
        key = hostfiles.config_key(name, taken)
        if hostfiles.outside(path, project.working_dir):
            todo.append(f"{label} is outside the project: create the ConfigMap {cluster}-init-sql by hand")
            continue
        read = hostfiles.read_source(path, label, secrets, project=project.working_dir)
        text = read.files[0].content if read.status == "files" else ""
        if read.status == "secret" or _PASSWORD_LITERAL.search(text):
            secret_keys.append({"key": key, "file": label})
        elif read.status == "files":
            run = sqlrole.as_owner(text, owner, created)
            files.append({"key": key, "file": label, "content": run.text, "runs_as": run.runs_as,
                          "superuser": list(run.superuser)})
        else:
            todo.append(read.reason)
    order_note = None
    if secret_keys and files and min(f["key"] for f in files) < max(f["key"] for f in secret_keys):
        # CloudNativePG runs every Secret before every ConfigMap: mixing would reorder the scripts
        secret_keys = sorted(secret_keys + [{"key": f["key"], "file": f["file"]} for f in files], key=lambda f: f["key"])
        files = []
        order_note = ("a script that looks like a secret runs after others, and CloudNativePG runs Secrets before "
                      "ConfigMaps: to keep the image's order every script goes into the Secret you create")
    settings = dict(res.settings)
    settings["init_sql"] = {
        "configmap": f"{cluster}-init-sql" if files else None,
        "files": files,
        "secret": f"{cluster}-init-sql-secret" if secret_keys else None,
        "secret_keys": secret_keys,
        "todo": todo,
        "ignored": notes,
        "order_note": order_note,
    }
    if files or secret_keys:
        reason = (f"{len(files)} .sql file(s) copied at generate time into ConfigMap {cluster}-init-sql"
                  + (f", {len(secret_keys)} secret-looking one(s) referenced from Secret {cluster}-init-sql-secret "
                     "(you create it, c2p never copies its content)" if secret_keys else "")
                  + (f" ({order_note})" if order_note else "")
                  + f"; CloudNativePG runs them once at bootstrap as superuser in {settings.get('database')}: c2p "
                  f"wraps each copied script in SET ROLE {sqlrole.ident(owner)}; … RESET ROLE; so what it creates "
                  f"belongs to {owner}, as it belonged to POSTGRES_USER in compose (superuser-only statements stay "
                  "superuser)" + ("; the Secret's scripts run as you write them, as superuser" if secret_keys else ""))
    else:
        reason = "no init script could be carried over (README, \"Init scripts\")"
    warnings = list(res.warnings) + [f"{res.name}: init script not carried over: {t}" for t in todo]
    return replace(res, settings=MappingProxyType(settings), warnings=tuple(warnings),
                   decisions=res.decisions + (Decision("init_sql", [f["key"] for f in files + secret_keys], reason,
                                                       "compose"),))
