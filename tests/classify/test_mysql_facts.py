"""MySQL and MariaDB facts (generator/classify/kinds/sql.py): the version a tag runs (floating and major-only tags
from generator/lifecycle.py), the database and owner the image's entrypoint creates (also from the _FILE forms, or
from the apps when the server creates none), init scripts, data volume, port; and the plan's dedicated owner for an
app that used root."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.errors import C2PError
from generator.lifecycle import FLOATING, MARIADB_EOL, MYSQL_EOL, floating, sql_eol
from generator.classify.image import parse_image
from generator.plan.resources import base_resource
from generator.plan.sqlowner import dedicated_owners, sql_ident
from generator.plan.model import Database
from tests.classify.build import project, svc


def _info(*services, name="demo"):
    return classify(project(*services, name=name))


def _db(image, env=None, **kw):
    return _info(svc("db", image, env=env or {}, **kw)).services["db"]


@pytest.mark.parametrize("image,kind,version", [
    ("mysql:8.4", "mysql", "8.4"), ("mysql:8.0.39", "mysql", "8.0"), ("mysql:5.7", "mysql", "5.7"),
    ("mysql:8.0-debian", "mysql", "8.0"), ("mariadb:11.4", "mariadb", "11.4"), ("mariadb:10.6.4-focal", "mariadb", "10.6"),
    ("mariadb:11.8.2-noble", "mariadb", "11.8"), ("bitnami/mysql:8.4.3-debian-12-r0", "mysql", "8.4"),
    ("bitnami/mariadb:11.4.4", "mariadb", "11.4"), ("percona:8.0", "mysql", "8.0"),
])
def test_the_tag_gives_major_and_minor(image, kind, version):
    info = _db(image, {"MYSQL_ROOT_PASSWORD": "x"})
    assert (info.kind, dict(info.versions)) == (kind, {kind: version})
    assert "floating" not in info.facts and not [w for w in info.warnings if "version" in w]


@pytest.mark.parametrize("image,kind,version", [
    ("mysql", "mysql", "26.7"), ("mysql:latest", "mysql", "26.7"), ("mysql:innovation", "mysql", "26.7"),
    ("mysql:oracle", "mysql", "26.7"), ("mysql:lts", "mysql", "9.7"), ("mysql:9", "mysql", "9.7"),
    ("mysql:8", "mysql", "8.4"), ("mysql:8-oracle", "mysql", "8.4"), ("mariadb", "mariadb", "12.3"),
    ("mariadb:lts", "mariadb", "12.3"), ("mariadb:noble", "mariadb", "12.3"), ("mariadb:11", "mariadb", "11.8"),
    ("mariadb:10", "mariadb", "10.11"), ("mariadb:10-jammy", "mariadb", "10.11"),
])
def test_floating_and_major_only_tags_resolve_to_what_they_run_today(image, kind, version):
    info = _db(image, {"MYSQL_ROOT_PASSWORD": "x"})
    assert dict(info.versions) == {kind: version}
    f = info.facts["floating"][kind]
    assert f["version"] == version and f["checked"] and "docker-library/official-images" in f["source"]
    assert any(w.startswith(f"db: floating tag `{parse_image(image).short()}` → {version}") and
               f"{kind.replace('mysql', 'mysqld').replace('mariadb', 'mariadbd')} --version" in w for w in info.warnings)


def test_a_third_party_major_only_tag_is_not_guessed():
    info = _db("percona:8", {"MYSQL_ROOT_PASSWORD": "x"})
    assert dict(info.versions) == {"mysql": "8"} and "floating" not in info.facts
    assert any("names only the MySQL major 8" in w for w in info.warnings)


def test_a_digest_or_unknown_tag_is_not_guessed():
    info = _db("mysql:custom-build", {"MYSQL_ROOT_PASSWORD": "x"})
    assert dict(info.versions) == {} and any("set x-c2p version" in w for w in info.warnings)


def test_a_built_service_takes_its_from_images_version(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM mariadb:11.4\nCOPY my.cnf /etc/mysql/conf.d/\n")
    p = project(svc("db", build=(str(tmp_path),), env={"MARIADB_ROOT_PASSWORD": "x"}), working_dir=str(tmp_path))
    info = classify(p).services["db"]
    assert (info.kind, dict(info.versions)) == ("mariadb", {"mariadb": "11.4"})


def test_x_c2p_version_wins_and_drops_the_floating_warning():
    s = svc("db", "mysql", env={"MYSQL_ROOT_PASSWORD": "x"}, raw={"x-c2p": {"version": "8.4"}})
    info = classify(project(s)).services["db"]
    assert dict(info.versions) == {"mysql": "8.4"}
    assert not any("floating tag" in w for w in info.warnings)


def test_database_and_owner_from_the_images_variables():
    mysql = _db("mysql:8.4", {"MYSQL_DATABASE": "shop", "MYSQL_USER": "shop", "MYSQL_PASSWORD": "p",
                              "MYSQL_ROOT_PASSWORD": "r"})
    assert mysql.facts["databases"] == [{"name": "shop", "owner": "shop"}] and mysql.facts["engine"] == "mysql"
    assert mysql.facts["users"] == ["shop"] and mysql.facts["superuser"] == "root"
    assert mysql.facts["password"] == "literal" and mysql.facts["port"] == 3306
    maria = _db("mariadb:11.4", {"MARIADB_DATABASE": "a", "MARIADB_USER": "u", "MYSQL_DATABASE": "ignored",
                                 "MARIADB_ROOT_PASSWORD": "r"})
    assert maria.facts["databases"] == [{"name": "a", "owner": "u"}] and maria.facts["engine"] == "mariadb"
    fallback = _db("mariadb:11.4", {"MYSQL_DATABASE": "b", "MYSQL_USER": "v", "MARIADB_ROOT_PASSWORD": "r"})
    assert fallback.facts["databases"] == [{"name": "b", "owner": "v"}]  # the mariadb image reads MYSQL_* too
    only_mysql = _db("mysql:8.4", {"MARIADB_DATABASE": "x", "MYSQL_ROOT_PASSWORD": "r"})
    assert only_mysql.facts["databases"] == []  # the mysql image reads no MARIADB_*


def test_a_database_without_a_user_is_roots():
    info = _db("mysql:8.4", {"MYSQL_DATABASE": "shop", "MYSQL_ROOT_PASSWORD": "r"})
    assert info.facts["databases"] == [{"name": "shop", "owner": "root"}]


def test_the_file_forms_name_a_database_whose_name_c2p_does_not_read():
    info = _db("mariadb:10.11", {"MYSQL_DATABASE_FILE": "/run/secrets/db", "MYSQL_USER_FILE": "/run/secrets/user",
                                 "MYSQL_PASSWORD_FILE": "/run/secrets/pw", "MYSQL_ROOT_PASSWORD_FILE": "/run/secrets/r"})
    assert info.facts["databases"] == []  # names are always known; these are not
    assert info.facts["database_files"] == {"database": "/run/secrets/db", "user": "/run/secrets/user"}
    half = _db("mysql:8.4", {"MYSQL_DATABASE": "shop", "MYSQL_USER_FILE": "/run/secrets/user"})
    assert half.facts["databases"] == [] and half.facts["database_files"] == {"user": "/run/secrets/user",
                                                                               "database_name": "shop"}
    assert info.facts["password"] == "file"
    assert any("MYSQL_DATABASE_FILE reads the database name from /run/secrets/db" in w for w in info.warnings)
    assert any("MYSQL_USER_FILE reads the user name from /run/secrets/user" in w for w in info.warnings)


@pytest.mark.parametrize("env,password", [({"MYSQL_RANDOM_ROOT_PASSWORD": "1"}, "random"),
                                          ({"MYSQL_ALLOW_EMPTY_PASSWORD": "yes"}, "empty"), ({}, "none")])
def test_how_compose_sets_the_root_password(env, password):
    info = _db("mysql:8.4", env)
    assert info.facts["password"] == password
    assert (password == "empty") == any("empty MySQL root password is development-only" in w for w in info.warnings)


def test_a_control_character_in_a_name_is_refused():
    with pytest.raises(C2PError, match="line break or control character"):
        _db("mysql:8.4", {"MYSQL_DATABASE": "shop\nDROP", "MYSQL_ROOT_PASSWORD": "r"})


def test_init_scripts_data_volume_and_port():
    info = _db("mysql:8.4", {"MYSQL_ROOT_PASSWORD": "r"}, command="mysqld --port=3307",
               volumes=("data:/var/lib/mysql", "./initdb:/docker-entrypoint-initdb.d:ro",
                        "./seed.sql:/docker-entrypoint-initdb.d/02-seed.sql:ro"))
    assert info.facts["init_scripts"] == ["./initdb", "./seed.sql"]
    assert info.facts["data_volume"] == "data" and info.facts["port"] == 3307


def test_a_server_that_creates_no_database_gets_the_ones_its_apps_name():
    db = svc("db", "mysql:8.0", env={"MYSQL_ROOT_PASSWORD": "r"})
    ghost = svc("ghost", "ghost:5", env={"database__client": "mysql", "database__connection__host": "db",
                                         "database__connection__user": "root",
                                         "database__connection__password": "r", "database__connection__database": "ghost"})
    api = svc("api", "example/api:1", env={"DATABASE_URL": "mysql://api:pw@db:3306/apidb"})
    java = svc("jvm", "example/jvm:1", env={"JDBC": "jdbc:mysql://db/reports?user=rep&password=x"})
    info = _info(db, ghost, api, java).services["db"]
    assert info.facts["databases"] == [{"name": "apidb", "owner": "api"}, {"name": "ghost", "owner": "root"},
                                       {"name": "reports", "owner": "rep"}]
    assert info.facts["databases_from"] == "consumers"


def test_the_app_that_used_root_gets_a_dedicated_owner():
    db = svc("db", "mysql:8.0", env={"MYSQL_ROOT_PASSWORD": "r"})
    ghost = svc("ghost", "ghost:5", env={"database__connection__host": "db", "database__connection__user": "root",
                                         "database__connection__database": "ghost"})
    c = _info(db, ghost, name="my-blog")
    res = base_resource(c.services["db"], "my-blog")
    assert res.databases == (Database(name="ghost", owner="my_blog", compose_owner="root"),)
    why = next(d for d in res.decisions if d.key == "database.owner")
    assert why.value == "my_blog" and "superuser" in why.reason and "named after the project" in why.reason


def test_dedicated_owners_rename_a_system_schema_and_keep_other_owners():
    dbs = (Database("mysql", "root"), Database("shop", "shop"))
    out, why = dedicated_owners(dbs, "-", "db")
    assert out == (Database("db", "db", compose_name="mysql", compose_owner="root"), Database("shop", "shop"))
    assert why and "'mysql' (now 'db')" in why[0].reason
    assert dedicated_owners((Database("shop", "shop"),), "p", "db") == ((Database("shop", "shop"),), ())
    assert sql_ident("x" * 40) == "x" * 32 and sql_ident("root") is None and sql_ident("9lives") is None


def test_the_lifecycle_tables_have_the_lts_releases_and_judge_against_as_of():
    assert MYSQL_EOL["8.4"] == "2032-04-30" and MARIADB_EOL["11.4"] == "2029-05-29" and MARIADB_EOL["11.8"] == "2028-06-04"
    assert sql_eol("mysql", "8.0") == "2026-04-30" and sql_eol("mysql", "8.4") is None
    assert sql_eol("mariadb", "10.6") == "2026-07-06" and sql_eol("mariadb", "11.4") is None
    assert sql_eol("postgres", "8.0") is None
    # every MySQL/MariaDB row names its source and its tags; a third-party image is never in the table
    rows = [f for f in FLOATING if f.engine in ("mysql", "mariadb")]
    assert rows and all(f.tags and f.source.startswith("docker-library/official-images") for f in rows)
    assert floating(parse_image("bitnami/mysql:8"), "mysql") is None
    assert floating(parse_image("mysql:8.4"), "mysql") is None  # a minor pins the version
