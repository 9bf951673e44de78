"""Compose's /docker-entrypoint-initdb.d scripts on CloudNativePG: copied .sql in the image's order, secret-looking
scripts referenced from a Secret the user creates (never copied), the rest refused with the reason."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.classify import classify
from generator.load import load_project
from generator.plan import build_plan
from generator.render import render

COMPOSE = """\
services:
  db:
    image: postgres:16
    environment: {{POSTGRES_DB: app, POSTGRES_USER: app, POSTGRES_PASSWORD: compose-dev-pw}}
    volumes:
      - ./init:/docker-entrypoint-initdb.d
{extra}
"""


HEADER = ("-- c2p: run as the app's owner, as the postgres image ran it as POSTGRES_USER; CloudNativePG runs this file as "
          "superuser")


def _plan(tmp_path: Path, files: dict[str, str], extra: str = ""):
    (tmp_path / "init").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(extra=extra))
    project = load_project((str(tmp_path / "compose.yaml"),), (), (), {})
    return build_plan(project, classify(project), "k8s")


def _init(plan) -> dict:
    return dict(plan.resource("db").settings["init_sql"])


def test_sql_files_are_copied_in_the_images_order(tmp_path):
    text = "CREATE TABLE t (id int);\n  -- indented\n\n"
    plan = _plan(tmp_path, {"init/02-data.sql": "INSERT INTO t VALUES (1);", "init/01-schema.sql": text,
                            "ext.sql": "CREATE EXTENSION pgcrypto;\n"},
                 extra="      - ./ext.sql:/docker-entrypoint-initdb.d/00-ext.sql:ro")
    init = _init(plan)
    assert [f["key"] for f in init["files"]] == ["00-ext.sql", "01-schema.sql", "02-data.sql"]
    assert init["configmap"] == "db-init-sql" and init["secret"] is None and init["todo"] == []
    tree = render(plan)
    configmap = yaml.safe_load(tree["manifests/db/init-sql.yaml"])
    # the file byte for byte, whitespace included, between the switch to the owner and back (review k8s #4)
    assert configmap["data"]["01-schema.sql"] == (f"{HEADER}\nSET ROLE \"app\";\n{text}RESET ROLE;\n")
    refs = yaml.safe_load(tree["manifests/db/cluster.yaml"])["spec"]["bootstrap"]["initdb"]["postInitApplicationSQLRefs"]
    assert [r["key"] for r in refs["configMapRefs"]] == ["00-ext.sql", "01-schema.sql", "02-data.sql"]
    assert "secretRefs" not in refs
    assert not any("init script" in w for w in plan.resource("db").warnings)


def test_a_script_with_a_password_is_never_copied(tmp_path):
    plan = _plan(tmp_path, {"init/00-roles.sql": "CREATE ROLE r LOGIN PASSWORD 'role-pw-123';\n",
                            "init/01-schema.sql": "CREATE TABLE t (id int);\n",
                            "init/02-users.sql": "-- seeds\nSELECT 'compose-dev-pw';\n"})
    init = _init(plan)
    # 02-users.sql holds the compose file's POSTGRES_PASSWORD; it sorts after a copied script, so every
    # script goes into the Secret to keep the image's order (CloudNativePG runs Secrets before ConfigMaps)
    assert init["files"] == [] and init["configmap"] is None
    assert [f["key"] for f in init["secret_keys"]] == ["00-roles.sql", "01-schema.sql", "02-users.sql"]
    assert "keep the image's order" in init["order_note"]
    tree = render(plan)
    assert "manifests/db/init-sql.yaml" not in tree
    assert not any("role-pw-123" in t or "compose-dev-pw" in t for t in tree.values())
    readme = tree["README.md"]
    assert "create secret generic db-init-sql-secret --from-file=00-roles.sql=./init/00-roles.sql" in readme


def test_secret_script_first_keeps_the_others_in_the_configmap(tmp_path):
    plan = _plan(tmp_path, {"init/00-roles.sql": "CREATE ROLE r LOGIN PASSWORD 'role-pw-123';\n",
                            "init/01-schema.sql": "CREATE TABLE t (id int);\n"})
    init = _init(plan)
    assert [f["key"] for f in init["secret_keys"]] == ["00-roles.sql"]
    assert [f["key"] for f in init["files"]] == ["01-schema.sql"] and init["order_note"] is None
    refs = yaml.safe_load(render(plan)["manifests/db/cluster.yaml"])["spec"]["bootstrap"]["initdb"]["postInitApplicationSQLRefs"]
    assert refs["secretRefs"] == [{"name": "db-init-sql-secret", "key": "00-roles.sql"}]


def test_shell_and_compressed_scripts_are_refused_other_files_ignored(tmp_path):
    plan = _plan(tmp_path, {"init/01-tune.sh": "#!/bin/sh\necho hi\n", "init/02-dump.sql.gz": "x",
                            "init/README.md": "notes\n"})
    init = _init(plan)
    assert init["files"] == [] and init["secret_keys"] == []
    assert [t.split(":")[0] for t in init["todo"]] == ["./init/01-tune.sh", "./init/02-dump.sql.gz"]
    assert init["ignored"] == ["./init/README.md: the postgres image ignores it too (not .sql/.sh)"]
    assert any("01-tune.sh" in w for w in plan.resource("db").warnings)
    items = [nc for nc in plan.not_carried if nc.service == "db" and "docker-entrypoint-initdb.d" in nc.item]
    assert items and items[0].todo


def test_missing_folder_is_a_todo_not_a_crash(tmp_path):
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(extra=""))
    project = load_project((str(tmp_path / "compose.yaml"),), (), (), {})
    plan = build_plan(project, classify(project), "k8s")
    assert "does not exist at generate time" in _init(plan)["todo"][0]
    cluster = render(plan)["manifests/db/cluster.yaml"]
    assert "postInitApplicationSQLRefs:\n      #" in cluster  # only the commented example


# ---- the owner's role around each script (review k8s #4) ----------------------------------------------------------

def _run(script: str, owner: str = "app", created=frozenset()):
    from generator.targets.k8s.workload.sqlrole import as_owner
    return as_owner(script, owner, frozenset(created))


def _body(result) -> list[str]:
    return [ln for ln in result.text.split("\n") if ln and not ln.startswith("-- c2p:")]


def test_superuser_statements_switch_back_and_forth():
    r = _run("CREATE ROLE reporting;\nCREATE TABLE t (id int);\nALTER TABLE t OWNER TO reporting;\n"
             "CREATE INDEX t_id ON t (id);\n")
    assert r.runs_as == "both"
    assert _body(r) == ["CREATE ROLE reporting;", 'SET ROLE "app";', "CREATE TABLE t (id int);", "RESET ROLE;",
                        "ALTER TABLE t OWNER TO reporting;", 'SET ROLE "app";', "CREATE INDEX t_id ON t (id);",
                        "RESET ROLE;"]


def test_a_script_only_a_superuser_can_run_is_left_as_it_is():
    for script in ("CREATE DATABASE other;\n", "CREATE EXTENSION postgis;\n", "GRANT pg_read_all_data TO app;\n",
                   "ALTER SYSTEM SET work_mem = '64MB';\n", "CREATE ROLE r; CREATE USER u;\n"):
        r = _run(script)
        assert (r.runs_as, r.text) == ("superuser", script)


def test_extensions_created_first_or_trusted_run_as_the_owner():
    assert _run("CREATE EXTENSION IF NOT EXISTS timescaledb;\n", created={"timescaledb"}).runs_as == "owner"
    assert _run('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n').runs_as == "owner"   # trusted since PostgreSQL 13
    assert _run("CREATE EXTENSION timescaledb;\n", created={"timescaledb"}).runs_as == "superuser"  # no IF NOT EXISTS


def test_a_script_that_sets_its_own_role_runs_as_written():
    script = "SET ROLE reporting;\nCREATE TABLE r (id int);\n"
    assert (_run(script).runs_as, _run(script).text) == ("as-written", script)


def test_quotes_comments_and_dollar_bodies_are_not_statements():
    script = ("-- CREATE ROLE x;\nCREATE FUNCTION f() RETURNS text AS $fn$ SELECT 'CREATE ROLE y;'; $fn$ LANGUAGE sql;\n"
              "/* ALTER SYSTEM /* nested */ SET x */ INSERT INTO t VALUES ('CREATE DATABASE z;', E'it\\'s;');\n")
    r = _run(script)
    assert r.runs_as == "owner"
    assert r.text.endswith('SET ROLE "app";\n' + script + "RESET ROLE;\n")


def test_the_owner_is_a_quoted_identifier_and_an_unterminated_last_statement_is_closed():
    r = _run("INSERT INTO t VALUES (1) -- no semicolon", owner='we"ird; DROP')
    assert _body(r) == ['SET ROLE "we""ird; DROP";', "INSERT INTO t VALUES (1) -- no semicolon", ";", "RESET ROLE;"]
