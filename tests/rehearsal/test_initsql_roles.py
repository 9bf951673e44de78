"""Rehearsal of review k8s #4's rule on a real PostgreSQL: compose init scripts, bracketed by c2p to run as the owner
(generator/targets/k8s/workload/sqlrole.py), executed as CloudNativePG 1.30 executes postInitApplicationSQLRefs —
each file one simple-protocol Exec over the superuser connection after `SET search_path TO "$user", public`, the
files one after the other on the SAME pooled connection (initdb.go executeSQLRefs/executeQueries take it from a
pool, so a role one file sets would outlive it; the rehearsal takes the worst case)."""

from __future__ import annotations

import pytest

from generator.targets.k8s.workload.sqlrole import as_owner

pytestmark = pytest.mark.rehearsal
psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

OWNER = "Shop Owner"   # a name that must be quoted (upper case, a space)
SCRIPTS = [
    # superuser-only statements mixed with the schema, as a compose init script may hold them
    "CREATE ROLE reh_reader;\nCREATE TABLE items (id serial PRIMARY KEY, name text);\n"
    "GRANT SELECT ON items TO reh_reader;\nCREATE VIEW item_names AS SELECT name FROM items;\n"
    "ALTER ROLE reh_reader SET work_mem = '8MB';\nCREATE FUNCTION n() RETURNS bigint AS $$ SELECT count(*) FROM items; $$ LANGUAGE sql;\n"
    "CREATE EXTENSION IF NOT EXISTS pgcrypto",                       # trusted, and no final ';'
    "CREATE ROLE reh_writer;",                                           # a whole file only a superuser can run
    "-- seed\nINSERT INTO items (name) VALUES ('a'), ('b');\nCREATE TABLE audit (at timestamptz DEFAULT now());\n",
]


def _bootstrap(pg, scripts: list[str]) -> None:
    pg.run_sql(f'CREATE ROLE "{OWNER.replace(chr(34), chr(34) * 2)}" LOGIN')
    pg.run_sql(f'CREATE DATABASE reh_app OWNER "{OWNER.replace(chr(34), chr(34) * 2)}"')
    with psycopg.connect(host=str(pg.socket_dir), port=pg.port, user="postgres", dbname="reh_app", autocommit=True) as c:
        for script in scripts:
            c.execute('SET search_path TO "$user", public')
            c.execute(script.encode())
            c.execute("RESET search_path")


def test_scripts_bracketed_by_c2p_leave_objects_to_the_owner_and_run_superuser_statements(fresh_pg):
    _bootstrap(fresh_pg, [as_owner(s, OWNER).text for s in SCRIPTS])
    owners = fresh_pg.run_sql(
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace "
        "AND c.relkind IN ('r', 'v', 'S') UNION ALL SELECT proname, pg_get_userbyid(proowner) FROM pg_proc "
        "WHERE proname = 'n' UNION ALL SELECT extname, pg_get_userbyid(extowner) FROM pg_extension "
        "WHERE extname = 'pgcrypto' ORDER BY 1", "reh_app")
    assert owners == [("audit", OWNER), ("item_names", OWNER), ("items", OWNER), ("items_id_seq", OWNER),
                      ("n", OWNER), ("pgcrypto", OWNER)]
    assert fresh_pg.run_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE 'reh\\_%' ORDER BY 1") == [
        ("reh_reader",), ("reh_writer",)]
    assert fresh_pg.run_sql("SELECT has_table_privilege('reh_reader', 'items', 'SELECT')", "reh_app") == [(True,)]
    assert fresh_pg.run_sql("SELECT count(*) FROM items", "reh_app") == [(2,)]
    assert fresh_pg.run_sql("SELECT setconfig FROM pg_db_role_setting WHERE setrole = 'reh_reader'::regrole") == [
        (["work_mem=8MB"],)]


def test_broken_the_scripts_as_compose_wrote_them_leave_objects_to_postgres(fresh_pg):
    """Without c2p's brackets (the output before the fix), the same files give their objects to postgres."""
    _bootstrap(fresh_pg, SCRIPTS)
    assert fresh_pg.run_sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'items'", "reh_app") == [
        ("postgres",)]
