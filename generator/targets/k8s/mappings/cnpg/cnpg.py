"""Render stage for PostgreSQL/TimescaleDB: CloudNativePG manifests under manifests/<service>/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.plan.model import Plan, Resource
from generator.targets.k8s import certs
from generator.targets.k8s.mapping import render as render_beside

HERE = Path(__file__).parent


def init_sql(resource: Resource) -> dict[str, Any]:
    """settings.init_sql (workload/initsql.py) with every key present, for the templates."""
    return {"configmap": None, "secret": None, "files": [], "secret_keys": [], "todo": [], "ignored": [],
            "order_note": None, **(resource.settings.get("init_sql") or {})}


def context(resource: Resource) -> dict[str, Any]:
    st = resource.settings
    extensions = list(st.get("extensions") or ())
    return {
        "service": resource.name,
        "kind": resource.kind,
        "name": st["cluster"],
        "instances": st["instances"],
        "image": st["image"],
        "image_catalog": st.get("image_catalog", False),
        "major": int(st["postgres_major"]),
        "postgres_uid": st.get("postgres_uid"),
        "shared_preload_libraries": list(st.get("shared_preload_libraries") or ()),
        "parameters": dict(sorted((st.get("parameters") or {}).items())),
        "database": st["database"],
        "owner": st["owner"],
        "post_init_sql": [f"CREATE EXTENSION IF NOT EXISTS {e};" for e in extensions],
        "init_scripts": list(resource.facts.init_scripts),
        "init_sql": init_sql(resource),
        "init_sql_data": {"data": {f["key"]: f["content"] for f in init_sql(resource)["files"]}},
        "storage_size": st["storage_size"],
        "wal_storage_size": st["wal_storage_size"],
        "storage_class": st.get("storage_class"),
        "resources": {k: dict(v) for k, v in st["resources"].items()},
        "anti_affinity": st["anti_affinity"],
        "topology_key": st["topology_key"],
        "backup": dict(st["backup"]),
        "pooler": st.get("pooler", False),
        "monitoring": st.get("monitoring", False),
        "server_tls_secret": st.get("server_tls_secret") if st.get("ca_file") else None,
        "certificate_file": certs.certificate_file(st["server_tls_secret"]) if st.get("ca_file") else None,
    }


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    c = context(resource)
    base = f"manifests/{resource.name}"
    names = ["cluster", "objectstore", "scheduledbackup"]
    if c["image_catalog"]:
        names.append("imagecatalog")
    if c["pooler"]:
        names.append("pooler")
    if c["monitoring"]:
        names.append("podmonitor")
    if c["init_sql"].get("configmap"):
        names.append("init-sql")
    return {
        f"{base}/{n}.yaml": render_beside(HERE, f"{n}.yaml.j2", c=c, project=plan.project)
        for n in names
    }


# Objects named after the cluster: the operator's Services (-rw/-ro/-r) and Secrets (-app, -superuser, -ca,
# -server, -replication), the server certificate's Secret from the release CA (-server-tls), and c2p's own
# (templates/ beside this file: pooler, image catalog, object store,
# init SQL ConfigMap, scheduled backup, backup credentials).
SUFFIXES = ("", "-rw", "-ro", "-r", "-app", "-superuser", "-ca", "-server", "-server-tls", "-replication", "-pooler-rw",
            "-images", "-store", "-init-sql", "-daily", "-backup-s3")


def generated_names(cluster: str) -> tuple[str, ...]:
    """Every object name a CloudNativePG Cluster named `cluster` brings into the namespace."""
    return tuple(f"{cluster}{suffix}" for suffix in SUFFIXES)


def host(resource: Resource) -> str:
    st = resource.settings
    return f"{st['cluster']}-pooler-rw" if st.get("pooler") else f"{st['cluster']}-rw"


def secret_name(resource: Resource) -> str:
    return f"{resource.settings['cluster']}-app"


RESTORE_ROLE = "c2p_restore"


def restore_sql(resource: Resource) -> dict[str, Any]:
    """The SQL of MIGRATION.md's restore, each statement one `psql -c` (one shell word when printed). Run as the
    superuser over the primary's local socket (CloudNativePG's pg_hba `local all all peer map=local` and pg_ident
    `local <container user> postgres`, pkg/postgres/configuration.go: works with enableSuperuserAccess: false).

    The database is dropped and re-created empty: the bootstrap ran compose's init scripts there, and the dump brings
    the same objects with the data (they would conflict). pg_restore runs as a temporary NOLOGIN superuser role, so
    TimescaleDB's catalog can be written (timescale/timescaledb#2686: not as a plain owner) and untrusted extensions
    created; REASSIGN OWNED then hands everything it created to the owner (REASSIGN OWNED cannot take objects from
    the bootstrap superuser postgres itself, hence the separate role)."""
    from generator.targets.k8s.workload.sqlrole import ident

    st = resource.settings
    db, owner = ident(st["database"]), ident(st["owner"])
    return {
        "empty": [f"DROP DATABASE {db} WITH (FORCE);", f"CREATE DATABASE {db} OWNER {owner};",
                  f"DROP ROLE IF EXISTS {RESTORE_ROLE};", f"CREATE ROLE {RESTORE_ROLE} SUPERUSER NOLOGIN;"],
        "extensions": [f"CREATE EXTENSION IF NOT EXISTS {ident(e)};" for e in st.get("extensions") or ()],
        "handover": [f"REASSIGN OWNED BY {RESTORE_ROLE} TO {owner};", f"DROP OWNED BY {RESTORE_ROLE};",
                     f"DROP ROLE {RESTORE_ROLE};", "ANALYZE;"],
        "role": RESTORE_ROLE,
    }
