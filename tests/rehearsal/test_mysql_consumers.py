"""The MySQL/MariaDB consumer templates (plan/mysqlenv.py, plan/mysqlurls.py) against a real MariaDB that accepts
verified TLS only (tests/rehearsal/mariadb_server.py: require_secure_transport=ON, accounts REQUIRE SSL): c2p plans the
realworld fixtures with a mapping whose settings are the contract of plan/envmap.py (tls, ca_file = the test CA,
ssl_mode VERIFY_IDENTITY), the outputs are the test server's, and each client convention that runs here connects
with exactly the values c2p wrote — and is refused with a CA that did not sign the server's certificate, or without
c2p's TLS settings."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.classify.build import project, svc
from tests.conftest import TOOLS_DIR, require_file, require_tool
from tests.rehearsal.mysql_apps import app_env, base_env

pytestmark = pytest.mark.rehearsal


# --- Python: SQLAlchemy + PyMySQL, the URL c2p wrote -----------------------------------------------------------
def test_sqlalchemy_pymysql_url_connects_over_verified_tls(account, other_ca):
    sqlalchemy = pytest.importorskip("sqlalchemy", reason="SQLAlchemy is not installed (pip install -e '.[test]')")
    pytest.importorskip("pymysql", reason="PyMySQL is not installed (pip install -e '.[test]')")
    server, user, pw, db = account
    url = app_env("mysql-url", "worker", server, user, pw, db, server.ca_cert)["SQLALCHEMY_DATABASE_URI"]
    assert url.startswith("mysql+pymysql://") and "charset=utf8mb4" in url and "ssl_ca=" in url

    def ssl_version(u: str) -> str:
        engine = sqlalchemy.create_engine(u, poolclass=sqlalchemy.pool.NullPool)
        try:
            with engine.connect() as conn:
                return conn.exec_driver_sql("SHOW SESSION STATUS LIKE 'Ssl_version'").fetchone()[1]
        finally:
            engine.dispose()

    assert ssl_version(url).startswith("TLSv1.")
    with pytest.raises(sqlalchemy.exc.OperationalError):  # a CA that did not sign the server's certificate
        ssl_version(url.replace(str(server.ca_cert), str(other_ca)))
    with pytest.raises(sqlalchemy.exc.OperationalError):  # a plain connection: refused by the server
        ssl_version(url.split("?")[0] + "?charset=utf8mb4&ssl_disabled=true")


# --- the mariadb CLI with a split-style app's outputs -------------------------------------------------------------
def test_mariadb_cli_with_the_split_outputs_verifies_the_server(account, other_ca):
    require_tool("mariadb")
    server, user, pw, db = account
    env = app_env("nextcloud-mariadb", "app", server, user, pw, db, server.ca_cert)
    host, port = env["MYSQL_HOST"].rsplit(":", 1)

    def cli(*tls: str) -> subprocess.CompletedProcess:
        return subprocess.run(["mariadb", "--no-defaults", "--protocol=TCP", f"--host={host}", f"--port={port}",
                               f"--user={env['MYSQL_USER']}", *tls, env["MYSQL_DATABASE"], "--batch",
                               "--skip-column-names", "-e", "SHOW SESSION STATUS LIKE 'Ssl_version'"],
                              env={**base_env(), "MYSQL_PWD": env["MYSQL_PASSWORD"]}, capture_output=True, text=True,
                              timeout=30)

    ok = cli("--ssl", f"--ssl-ca={server.ca_cert}", "--ssl-verify-server-cert")
    assert ok.returncode == 0 and "TLSv1." in ok.stdout, ok.stderr
    assert cli("--ssl", f"--ssl-ca={other_ca}", "--ssl-verify-server-cert").returncode != 0
    assert cli("--skip-ssl").returncode != 0


# --- Node: mysql2 from a URL (a Node app) and from Ghost's nconf keys ---------------------------------------------
_NODE = r'''
const mysql = require('mysql2/promise');
(async () => {
  let config;
  if (process.env.URL_VAR) { config = process.env[process.env.URL_VAR]; }
  else {  // Ghost: nconf turns database__connection__a__b into {a: {b: …}} (separator `__`), strings as they are
    config = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (!k.startsWith('database__connection__')) continue;
      const path = k.slice('database__connection__'.length).split('__');
      let o = config; for (const p of path.slice(0, -1)) o = o[p] = o[p] || {};
      o[path[path.length - 1]] = v;
    }
  }
  const conn = await mysql.createConnection(config);
  const [rows] = await conn.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
  console.log(rows[0].Value);
  await conn.end();
})().catch(e => { console.error(e.message); process.exit(1); });
'''


def _node_modules() -> Path:
    """mysql2, as `make tools` installs it (TOOLS_DIR/node), or C2P_NODE_MODULES for a checkout without the tools."""
    folder = Path(os.environ.get("C2P_NODE_MODULES") or TOOLS_DIR / "node" / "node_modules")
    require_file(folder / "mysql2" / "package.json", "mysql2 for Node (make tools: npm install mysql2)")
    return folder


def _node(env: dict[str, str]) -> subprocess.CompletedProcess:
    require_tool("node")
    return subprocess.run(["node", "-e", _NODE], env={**base_env(), "NODE_PATH": str(_node_modules()), **env},
                          capture_output=True, text=True, timeout=30)


def test_node_mysql2_url_and_ghost_keys_connect_over_verified_tls(account, other_ca):
    server, user, pw, db = account
    url_env = app_env("mysql-url", "events", server, user, pw, db, server.ca_cert)
    ghost_env = app_env("ghost", "ghost", server, user, pw, db, server.ca_cert)
    for env in ({**url_env, "URL_VAR": "MYSQL_URL"}, ghost_env):
        assert env["NODE_EXTRA_CA_CERTS"] == str(server.ca_cert)
        ok = _node(env)
        assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
        wrong = _node({**env, "NODE_EXTRA_CA_CERTS": str(other_ca)})
        assert wrong.returncode != 0 and "certificate" in wrong.stderr.lower(), wrong.stderr
    plain = {**ghost_env}
    plain.pop("database__connection__ssl__rejectUnauthorized")
    assert _node(plain).returncode != 0, "connected without c2p's ssl setting"


# --- Go: go-sql-driver/mysql with the DSN c2p wrote (tools/mysqlping) ---------------------------------------------
def test_go_dsn_verifies_through_ssl_cert_file(account, other_ca):
    binary = require_tool("c2p-mysqlping")
    server, user, pw, db = account
    compose = project(svc("api", "example/api:1", env={"DB_DSN": "app:dev@tcp(db:3306)/app?parseTime=true&tls=false"}),
                      svc("db", "mysql:8.4", env={"MYSQL_ROOT_PASSWORD": "r", "MYSQL_DATABASE": "app"}))
    env = app_env(compose, "api", server, user, pw, db, server.ca_cert)
    assert env["DB_DSN"].endswith("?parseTime=true&tls=true") and env["SSL_CERT_FILE"] == str(server.ca_cert)

    def ping(dsn: str, cert: Path) -> subprocess.CompletedProcess:
        return subprocess.run([binary, dsn], env={**base_env(), "SSL_CERT_FILE": str(cert)}, capture_output=True,
                              text=True, timeout=30)

    ok = ping(env["DB_DSN"], server.ca_cert)
    assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
    wrong = ping(env["DB_DSN"], other_ca)
    assert wrong.returncode != 0 and "certificate" in wrong.stderr, wrong.stderr
    assert ping(env["DB_DSN"].replace("&tls=true", ""), server.ca_cert).returncode != 0  # plain: refused


def test_the_settings_contract_is_what_the_rehearsal_used():
    """The fake mapping here provides exactly the keys plan/envmap.py documents for the mysql family."""
    doc = json.dumps(__import__("generator.plan.envmap", fromlist=["x"]).__doc__)
    for key in ("`tls`", "`ca_file`", "`ssl_mode`", "VERIFY_IDENTITY", "VERIFY_CA", "REQUIRED"):
        assert key in doc
