"""Rehearsal: the aws RDS for MariaDB runbooks, run as written against real MariaDB servers.

The golden case wordpress-mariadb-eol is generated afresh; then

* the **RDS side** is ``fresh_mariadb`` (TLS from the test CA, ``require_secure_transport=ON``) built as RDS builds
  the instance from ``aws_db_instance``: the database ``db_name`` and the master user ``username`` with exactly the
  privileges the RDS User Guide lists for an RDS for MariaDB master ("Master user account privileges": no SUPER, no
  SET USER, WITH GRANT OPTION);
* README.md's "Database roles" block for the instance runs as written (the apps' user, as the master, over TLS with
  the certificate and host name verified);
* the **compose side** is ``fresh_compose_mariadb`` seeded as the dev container would have it: MYSQL_DATABASE and
  MYSQL_USER with ALL on it (as the official image makes them), tables with rows, a procedure and a function the app
  user created, a view, a trigger and an event whose definer is ``root@localhost``, another login user and a
  container-local one;
* MIGRATION.md's blocks for the service run as written.

Substitutions (the only changes; runbook.py's stand-ins for docker/tofu/aws/curl): ``docker compose exec db CMD``
runs CMD here with the container's environment from compose.yaml, except that root's password is the fixture's
(none); the container's clients reach its own server over its socket, which a PATH wrapper gives them
(``--socket``), as the compose container's clients find theirs; RDS listens on the fixture's port, given to the
clients as MYSQL_TCP_PORT (RDS's 3306 is the clients' default, which the runbook leaves implicit).

Not rehearsed here: the binary log (the fixture runs --skip-log-bin: log_bin_trust_function_creators, which the
parameter group sets for a restore with functions and triggers into a server with backups on, is not exercised),
RDS for MySQL (its runbook uses Oracle's `mysql` client options, `--ssl-mode`, which Debian's MariaDB client does not
have: it is checked by `bash -n` only), a dump from a newer compose major.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.rehearsal import aws_side, golden
from tests.rehearsal.runbook import Shims, blocks, sections

pytestmark = pytest.mark.rehearsal

CASE, SVC, TF_NAME = "wordpress-mariadb-eol", "db", "db"
MASTER_PW = "masterPw7Rt"
APP_PW = "appPw1Zq9xY"  # letters and digits, as random_password(special = false) makes it
# RDS User Guide, "Master user account privileges", RDS for MariaDB
RDS_MARIADB_MASTER = ("SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, "
                      "SHOW DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION CLIENT, CREATE VIEW, "
                      "SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER, REPLICATION SLAVE")


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _s(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _compose_env() -> dict[str, str]:
    env = yaml.safe_load((golden.CASES / CASE / "compose.yaml").read_text())["services"][SVC]["environment"]
    return {k: str(v) for k, v in env.items()}


def _instance(out: Path) -> dict:
    tf = aws_side.parse_terraform(out / "terraform")
    inst = tf["resource"]["aws_db_instance"][TF_NAME]
    app_user = tf["output"][f"{TF_NAME}_app_username"]["value"]
    return {"username": inst["username"], "db_name": inst["db_name"], "engine": inst["engine"], "app_user": app_user}


def _seed_compose(server, env: dict[str, str]) -> tuple[str, str]:
    db, user, pw = env["MYSQL_DATABASE"], env["MYSQL_USER"], env["MYSQL_PASSWORD"]
    server.sql(f"CREATE DATABASE {_q(db)}; CREATE USER {_s(user)}@'%' IDENTIFIED BY {_s(pw)};"
               f"GRANT ALL ON {_q(db)}.* TO {_s(user)}@'%';"
               "CREATE USER 'reporting'@'%' IDENTIFIED BY 'rep0rt'; CREATE USER 'healthcheck'@'localhost';")
    server.sql(f"GRANT SELECT ON {_q(db)}.* TO 'reporting'@'%';")
    # what the app created, as itself (its migrations): tables, rows, a procedure and a function
    app_sql = """
CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, post_title text NOT NULL,
  post_status varchar(20) NOT NULL DEFAULT 'publish') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO wp_posts (post_title) VALUES ('Hello world!'), ('Über uns'), ('😀 emoji'), ('on DEFINER=`root`@`%` clauses');
CREATE TABLE wp_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  option_name varchar(191) NOT NULL UNIQUE, option_value longtext NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'http://localhost'), ('blogname', 'Blog');
CREATE TABLE wp_log (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, note varchar(100)) ENGINE=InnoDB;
CREATE PROCEDURE publish_all() UPDATE wp_posts SET post_status = 'publish';
CREATE FUNCTION post_count() RETURNS int READS SQL DATA RETURN (SELECT count(*) FROM wp_posts);
"""
    subprocess.run([*server.client_args(user, db), "--batch"], input=app_sql, env=server.client_env(pw), check=True,
                   capture_output=True, text=True)
    # what root created in it (an admin's view, trigger and event): DEFINER=`root`@`localhost` in the dump
    server.sql("""
CREATE VIEW published AS SELECT ID, post_title FROM wp_posts WHERE post_status = 'publish';
CREATE TRIGGER wp_posts_log AFTER INSERT ON wp_posts FOR EACH ROW INSERT INTO wp_log (note) VALUES (NEW.post_title);
CREATE EVENT purge_log ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM wp_log;
""", db)
    return db, user


def _build_rds(server, inst: dict) -> None:
    server.sql(f"CREATE DATABASE {_q(inst['db_name'])};"
               f"CREATE USER {_s(inst['username'])}@'%' IDENTIFIED BY {_s(MASTER_PW)};"
               f"GRANT {RDS_MARIADB_MASTER} ON *.* TO {_s(inst['username'])}@'%' WITH GRANT OPTION;")


class MariaRehearsal:
    def __init__(self, tmp: Path, out: Path, compose, prod):
        self.out, self.compose, self.prod = out, compose, prod
        self.inst = _instance(out)
        self.env = _compose_env()
        self.compose_db, self.compose_user = _seed_compose(compose, self.env)
        _build_rds(prod, self.inst)
        self.shims = Shims(tmp / "shims")
        name, w = TF_NAME, self.shims.world
        master, app = aws_side.arn(f"{name}-master"), aws_side.arn(f"{name}-app")
        w["tofu"].update({f"{name}_address": prod.host, f"{name}_master_user_secret_arn": master,
                          f"{name}_app_secret_arn": app, f"{name}_app_username": self.inst["app_user"]})
        w["secrets"].update({
            master: '{"username": "%s", "password": "%s"}' % (self.inst["username"], MASTER_PW),
            app: '{"username": "%s", "password": "%s", "dbname": "%s"}' % (self.inst["app_user"], APP_PW,
                                                                          self.inst["db_name"])})
        w["downloads"][aws_side.RDS_CA_URL] = str(prod.ca_cert)
        # the compose container: its environment (root's password: the fixture's, none), its clients on its socket
        wrap = tmp / "container-bin"
        wrap.mkdir()
        for tool in ("mariadb", "mariadb-dump", "mysql", "mysqldump"):
            (wrap / tool).write_text(f'#!/bin/sh\nexec /usr/bin/{tool} --socket="{compose.socket}" "$@"\n')
            (wrap / tool).chmod(0o755)
        cenv = dict(self.env, MYSQL_ROOT_PASSWORD="", PATH=f"{wrap}:{os.environ['PATH']}")
        cenv.pop("MARIADB_ROOT_PASSWORD", None)
        w["compose"][SVC] = {"kind": "mysql", "fs": {}, "env": cenv}
        self.extra = {"MYSQL_TCP_PORT": str(prod.port)}

    def readme_block(self) -> str:
        (block,) = aws_side.role_step_blocks((self.out / "README.md").read_text(), f"aws_db_instance.{TF_NAME}")
        return block

    def migration_blocks(self) -> list[str]:
        return blocks(sections((self.out / "MIGRATION.md").read_text())[SVC])

    def run(self, block: str) -> subprocess.CompletedProcess:
        return self.shims.run_block(block, self.out, self.extra)

    def app(self, sql: str, db: str | None = None) -> list[list[str]]:
        """As the apps log in: their user and password, TLS with the certificate and host name verified."""
        r = subprocess.run([*self.prod.client_args(self.inst["app_user"], db or self.inst["db_name"]), "--batch",
                            "--skip-column-names", "-e", sql], env=self.prod.client_env(APP_PW),
                           capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
        return [line.split("\t") for line in r.stdout.splitlines()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return golden.generate(CASE, tmp_path_factory.mktemp("gen-mariadb"), "aws")


@pytest.fixture
def rehearsal(tmp_path, generated, fresh_compose_mariadb, fresh_mariadb):
    return MariaRehearsal(tmp_path, generated, fresh_compose_mariadb, fresh_mariadb)


def _ok(r: subprocess.CompletedProcess, block: str) -> None:
    assert r.returncode == 0, f"block failed ({r.returncode}):\n{block}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def test_readme_user_step_makes_a_tls_only_user_with_rights_on_its_database_only(rehearsal):
    r = rehearsal
    block = r.readme_block()
    _ok(r.run(block), block)
    _ok(r.run(block), block)  # again (after a -replace of the password): the same user, the same grants
    user, db = r.inst["app_user"], r.inst["db_name"]
    assert r.app("SELECT CURRENT_USER()") == [[f"{user}@%"]]
    ssl = r.prod.sql(f"SELECT ssl_type FROM mysql.user WHERE User = {_s(user)}")
    assert ssl == [["ANY"]], f"the apps' user is not REQUIRE SSL: {ssl}"
    grants = [g for (g,) in r.prod.sql(f"SHOW GRANTS FOR {_s(user)}@'%'")]
    on_db = [g for g in grants if f"ON {_q(db)}.*" in g]
    assert len(on_db) == 1 and all(p in on_db[0] for p in ("SELECT", "CREATE ROUTINE", "TRIGGER", "EVENT")), grants
    assert all("USAGE" in g for g in grants if "ON *.*" in g), f"a global privilege: {grants}"
    assert r.prod.sql(f"SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = {_s(db)}") \
        == [["utf8mb4"]]


def test_migration_restores_data_and_objects_with_the_apps_user_as_definer(rehearsal):
    r = rehearsal
    readme = r.readme_block()
    _ok(r.run(readme), readme)
    restore, users = r.migration_blocks()
    _ok(r.run(restore), restore)
    db, user = r.inst["db_name"], r.inst["app_user"]
    for table in ("wp_posts", "wp_options", "wp_log"):
        before = r.compose.sql(f"SELECT count(*) FROM {_q(table)}", r.compose_db)
        assert r.app(f"SELECT count(*) FROM {_q(table)}") == before, table
    # a row that mentions a DEFINER clause is data: the runbook's sed leaves it as it is
    assert r.app("SELECT post_title FROM wp_posts ORDER BY ID") == [["Hello world!"], ["Über uns"], ["😀 emoji"],
                                                                    ["on DEFINER=`root`@`%` clauses"]]
    definers = r.prod.sql(
        f"SELECT 'view', DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = {_s(db)} UNION ALL "
        f"SELECT 'routine', DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {_s(db)} UNION ALL "
        f"SELECT 'trigger', DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {_s(db)} UNION ALL "
        f"SELECT 'event', DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = {_s(db)}")
    assert sorted(k for k, _ in definers) == ["event", "routine", "routine", "trigger", "view"], definers
    assert {d for _, d in definers} == {f"{user}@%"}, definers
    # the app works with them: the trigger fires, the routines run, the view reads
    r.app("INSERT INTO wp_posts (post_title) VALUES ('after the move'); CALL publish_all()")
    assert r.app("SELECT post_count(), (SELECT count(*) FROM published), (SELECT count(*) FROM wp_log)") == [["5", "5", "1"]]
    # the other compose users: recreated locked, without grants; root, the app's and container-local ones left out
    # (the block runs "in the same shell" as the restore, as its text says: rds() and MASTER_PASSWORD come from it)
    _ok(r.run(restore + users), restore + users)
    made = r.prod.sql("SELECT User, Host FROM mysql.user WHERE User NOT IN ('root', 'mariadb.sys', 'mysql', '') "
                      "ORDER BY User")
    assert made == [[r.inst["username"], "%"], ["reporting", "%"], [user, "%"]], made
    assert r.prod.sql("SHOW CREATE USER 'reporting'@'%'")[0][0].endswith("ACCOUNT LOCK"), "reporting is not locked"


def test_broken_restore_keeping_the_definers_fails_without_super(rehearsal):
    """Why the runbook strips DEFINER: restored as the apps' user, `DEFINER=root@localhost` needs SUPER (or SET USER),
    which no RDS user has."""
    r = rehearsal
    readme = r.readme_block()
    _ok(r.run(readme), readme)
    restore = r.migration_blocks()[0]
    broken = restore.replace("< db-nodefiner.sql", "< db.sql")
    assert broken != restore
    res = r.run(broken)
    assert res.returncode != 0 and ("SUPER" in res.stderr or "Access denied" in res.stderr), res.stderr


def test_apps_user_cannot_log_in_without_tls_nor_with_another_ca(rehearsal, tmp_path):
    r = rehearsal
    readme = r.readme_block()
    _ok(r.run(readme), readme)
    plain = subprocess.run([*r.prod.client_args(r.inst["app_user"], r.inst["db_name"], tls=False), "-e", "SELECT 1"],
                           env=r.prod.client_env(APP_PW), capture_output=True, text=True, timeout=30)
    assert plain.returncode != 0, "a login without TLS got in"
    from tests.rehearsal.servers import TestCA

    other = tmp_path / "other-ca"
    other.mkdir()
    wrong = subprocess.run([*r.prod.client_args(r.inst["app_user"], r.inst["db_name"], ca=TestCA(other).cert), "-e",
                            "SELECT 1"], env=r.prod.client_env(APP_PW), capture_output=True, text=True, timeout=30)
    assert wrong.returncode != 0 and "certificate" in wrong.stderr.lower(), wrong.stderr
    assert re.search(r"--ssl-verify-server-cert", readme), "the README's client does not verify the certificate"
