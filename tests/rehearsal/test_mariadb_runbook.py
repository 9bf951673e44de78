"""Rehearsal: the k8s MariaDB runbook (MIGRATION.md of the wordpress-mariadb golden case), run as written.

* **compose side** (``fresh_compose_mariadb``, plain TCP as the dev container): compose's database and account, then
  what an app leaves behind — InnoDB and MyISAM tables with rows, a view, a trigger, a procedure, a function and an
  event, each created by compose's root (DEFINER=`root`@`localhost`), plus a utf8mb4 row.
* **production side** (``fresh_mariadb``, TLS only, require_secure_transport=ON): what mariadb-operator does with the
  generated ``database.yaml``, ``user.yaml`` and ``grant.yaml`` (read from the generated files: database name and
  charset, the account with its host and REQUIRE SSL, the privileges on the database); the account's password is
  the hex one README's install step creates.
* the blocks run with ``bash -e`` through the stand-ins of runbook.py: ``docker compose exec db …`` runs here as the
  container would, its ``mariadb``/``mariadb-dump`` on compose's server socket and the root password from its
  environment (empty: the fixture's root has none); ``kubectl get mariadb … currentPrimary`` → ``db-0``; ``kubectl
  exec -i db-0 -c mariadb -- …`` runs here with the pod's environment (MARIADB_ROOT_PASSWORD) against the
  production server's socket. Nothing else is changed.

Verified: the tables and rows arrived, every DEFINER is the app's account (no root left), the app's account — over
verified TLS, as the app logs in with the values c2p wires — can read the view, fire the trigger, call the
procedure and the function; a plain connection is refused.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.rehearsal import golden
from tests.rehearsal.runbook import Shims, blocks, sections

pytestmark = pytest.mark.rehearsal

CASE = "wordpress-mariadb"
APP_PW = "0123456789abcdef0123456789abcdef0123456789abcdef"  # `openssl rand -hex 24`, as README's install step


def _wrappers(root: Path, socket: Path) -> Path:
    """`mariadb` and `mariadb-dump` that reach `socket` (the container's own server): this machine's client
    config names another socket, a container's names its server's."""
    bin_dir = root / "bin"
    bin_dir.mkdir(parents=True)
    for prog in ("mariadb", "mariadb-dump", "mysqldump"):
        real = subprocess.run(["sh", "-c", f"command -v {prog}"], capture_output=True, text=True).stdout.strip()
        (bin_dir / prog).write_text(f'#!/bin/sh\nexec {real} --socket={socket} "$@"\n')
        (bin_dir / prog).chmod(0o755)
    return bin_dir


def _sql(server, statements: str, db: str | None = None) -> list[list[str]]:
    """`statements` as root, in utf8mb4 as apps talk (the fixture's client would use latin1 and double-encode)."""
    argv = [*server.admin_args(), "--default-character-set=utf8mb4", "--batch", "--skip-column-names",
            *([db] if db else [])]
    out = subprocess.run(argv, input=statements, check=True, capture_output=True, text=True, timeout=60).stdout
    return [line.split("\t") for line in out.splitlines()]


def _seed_compose(server, as_root: bool) -> str:
    """Compose's database and account, and what an app leaves behind. `as_root`: the stored code was created by
    compose's root (DEFINER root@localhost), else by the app itself over TCP (DEFINER wpuser@%). Returns the
    compose-side definer."""
    server.create_user("wpuser", "wp-golden-pass-fake", "wordpress")
    ddl = """
        CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(200) CHARACTER SET utf8mb4) ENGINE=InnoDB;
        INSERT INTO posts (title) VALUES ('hello'), ('wörld ✓ 🐬'), ('third'), ('DEFINER=`root`@`%` is text');
        CREATE TABLE counters (name VARCHAR(20), n INT) ENGINE=MyISAM;
        INSERT INTO counters VALUES ('posts', 3);
        CREATE TABLE audit (post_id INT, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
        CREATE VIEW titles AS SELECT title FROM posts;
        CREATE TRIGGER posts_audit AFTER INSERT ON posts FOR EACH ROW INSERT INTO audit (post_id) VALUES (NEW.id);
        CREATE PROCEDURE add_post(t VARCHAR(200)) INSERT INTO posts (title) VALUES (t);
        CREATE FUNCTION post_count() RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM posts);
        CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM audit WHERE at < NOW() - INTERVAL 30 DAY;
    """
    if as_root:
        _sql(server, ddl, db="wordpress")
    else:
        done = subprocess.run([*server.client_args("wpuser", "wordpress"), "--default-character-set=utf8mb4",
                               "--batch"], input=ddl,
                              env=server.client_env("wp-golden-pass-fake"), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    definers = server.sql("SELECT DISTINCT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'wordpress'")
    want = "root@localhost" if as_root else "wpuser@%"
    assert definers == [[want]], definers
    return want


class _RootPassword:
    """Compose's root with a password for the test's duration (the fixture's root has none); put back after."""

    def __init__(self, server, password: str):
        self.server, self.password = server, password

    def __enter__(self):
        self.server.sql(f"ALTER USER root@localhost IDENTIFIED BY '{self.password}';")
        return self

    def __exit__(self, *exc):
        subprocess.run([*self.server.admin_args(), f"--password={self.password}", "-e",
                        "ALTER USER root@localhost IDENTIFIED BY '';"], check=True, capture_output=True, timeout=30)


def _operator_applies(server, manifests: Path) -> tuple[str, str]:
    """What mariadb-operator does with the generated Database, User and Grant (pkg/sql: CREATE DATABASE … CHARACTER
    SET … COLLATE …, CREATE USER … REQUIRE SSL, GRANT …)."""
    db = yaml.safe_load((manifests / "database.yaml").read_text())["spec"]
    user = yaml.safe_load((manifests / "user.yaml").read_text())["spec"]
    grant = yaml.safe_load((manifests / "grant.yaml").read_text())["spec"]
    q = lambda n: "`" + n.replace("`", "``") + "`"  # noqa: E731
    s = lambda v: "'" + v.replace("\\", "\\\\").replace("'", "''") + "'"  # noqa: E731
    assert user["passwordSecretKeyRef"] == {"name": "db-app", "key": "password"}
    assert user["require"] == {"ssl": True} and grant["privileges"] == ["ALL PRIVILEGES"]
    assert (grant["username"], grant["host"], grant["database"]) == (user["name"], user["host"], db["name"])
    server.sql(f"CREATE DATABASE {q(db['name'])} CHARACTER SET {db['characterSet']} COLLATE {db['collate']};"
               f"CREATE USER {s(user['name'])}@{s(user['host'])} IDENTIFIED BY {s(APP_PW)} REQUIRE SSL;"
               f"GRANT ALL PRIVILEGES ON {q(db['name'])}.* TO {s(user['name'])}@{s(user['host'])};")
    return db["name"], user["name"]


@pytest.mark.parametrize("root_known", [False, True], ids=["random-root:dump-as-app", "root-password:dump-as-root"])
def test_the_mariadb_runbook_moves_tables_and_stored_code_to_the_apps_account(
        tmp_path, fresh_compose_mariadb, fresh_mariadb, root_known):
    out = golden.generate(CASE, tmp_path / "gen", "k8s")
    manifests = out / "manifests" / "db"
    section = sections((out / "MIGRATION.md").read_text())["db"]
    runbook = blocks(section)
    assert len(runbook) == 1, section
    compose_definer = _seed_compose(fresh_compose_mariadb, as_root=root_known)
    database, owner = _operator_applies(fresh_mariadb, manifests)

    shims = Shims(tmp_path / "shims")
    compose_bin = _wrappers(tmp_path / "compose", fresh_compose_mariadb.socket)
    pod_bin = _wrappers(tmp_path / "pod", fresh_mariadb.socket)
    # the compose container's environment, as compose.yaml gives it (WordPress's README: a random root password)
    container = {"PATH": f"{compose_bin}:{os.environ['PATH']}", "MARIADB_USER": "wpuser",
                 "MARIADB_PASSWORD": "wp-golden-pass-fake", "MARIADB_DATABASE": "wordpress"}
    container.update({"MARIADB_ROOT_PASSWORD": "root-pw-Kx2"} if root_known else {"MARIADB_RANDOM_ROOT_PASSWORD": "1"})
    shims.world["compose"]["db"] = {"kind": "mariadb", "fs": {}, "env": container}
    shims.world["pods"]["db-0"] = {"kind": "mariadb", "fs": {}, "bin": str(pod_bin),
                                   "env": {"MARIADB_ROOT_PASSWORD": ""}}
    if root_known:
        with _RootPassword(fresh_compose_mariadb, "root-pw-Kx2"):
            done = shims.run_block(runbook[0], out, {"NAMESPACE": "reh"})
    else:
        done = shims.run_block(runbook[0], out, {"NAMESPACE": "reh"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert compose_definer.split("@")[0] in (out / "db.sql").read_text()
    assert f"4 tables in {database}" in done.stdout, done.stdout  # posts, counters, audit and the view

    prod = fresh_mariadb
    assert _sql(prod, "SELECT title FROM posts ORDER BY id", db=database) == [  # a DEFINER in data stays data
        ["hello"], ["wörld ✓ 🐬"], ["third"], ["DEFINER=`root`@`%` is text"]]
    assert prod.sql("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_NAME = 'counters'") == [["MyISAM"]]
    definers = {tuple(r) for r in prod.sql(
        "SELECT 'view', DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() UNION ALL "
        "SELECT 'trigger', DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() UNION ALL "
        "SELECT ROUTINE_TYPE, DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() UNION ALL "
        "SELECT 'event', DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()", db=database)}
    assert definers == {(k, f"{owner}@%") for k in ("view", "trigger", "PROCEDURE", "FUNCTION", "event")}, definers

    # the app's account, over verified TLS, as the app connects (host name checked against the certificate)
    app = lambda sql, **kw: subprocess.run(  # noqa: E731
        [*prod.client_args(owner, database, **kw), "--batch", "--skip-column-names", "-e", sql],
        env=prod.client_env(APP_PW), capture_output=True, text=True, timeout=30)
    r = app("CALL add_post('from the app'); SELECT post_count(); SELECT COUNT(*) FROM titles; SELECT COUNT(*) FROM audit")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["5", "5", "1"], r.stdout
    plain = app("SELECT 1", tls=False)
    assert plain.returncode != 0, plain.stdout
