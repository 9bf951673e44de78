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

from generator.classify import classify
from tests.conftest import TOOLS_DIR, require_file, require_tool
from tests.plan.fake_target import build_with
from tests.plan.mysql_target import MySqlTarget
from tests.realworld.cases import load
from tests.rehearsal.servers import TestCA

pytestmark = pytest.mark.rehearsal


def _app_env(case: str, app: str, server, user: str, password: str, db: str, ca: Path) -> dict[str, str]:
    """The app's production env as c2p plans it, with the outputs filled in from the test server."""
    project = load(case)
    plan = build_with(project, classify(project), MySqlTarget(str(ca), bundle=str(ca)))
    outputs = {"host": server.host, "port": server.port, "username": user, "password": password, "database": db}
    env = {}
    for var in next(a for a in plan.apps if a.name == app).env:
        if var.override is not None and var.override.action == "set":
            env[var.name] = var.override.template.format(**outputs)
        elif var.value is not None:
            env[var.name] = var.value
    return env


@pytest.fixture
def account(fresh_mariadb):
    fresh_mariadb.create_user("appuser", "pw-app-1", "appdb")  # REQUIRE SSL on the TLS side
    return fresh_mariadb, "appuser", "pw-app-1", "appdb"


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory):
    return TestCA(tmp_path_factory.mktemp("other-ca")).cert


def _base_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}


# --- Python: SQLAlchemy + PyMySQL, the URL c2p wrote -----------------------------------------------------------
def test_sqlalchemy_pymysql_url_connects_over_verified_tls(account, other_ca):
    sqlalchemy = pytest.importorskip("sqlalchemy", reason="SQLAlchemy is not installed (pip install -e '.[test]')")
    pytest.importorskip("pymysql", reason="PyMySQL is not installed (pip install -e '.[test]')")
    server, user, pw, db = account
    url = _app_env("mysql-url", "worker", server, user, pw, db, server.ca_cert)["SQLALCHEMY_DATABASE_URI"]
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
    env = _app_env("nextcloud-mariadb", "app", server, user, pw, db, server.ca_cert)
    host, port = env["MYSQL_HOST"].rsplit(":", 1)

    def cli(*tls: str) -> subprocess.CompletedProcess:
        return subprocess.run(["mariadb", "--no-defaults", "--protocol=TCP", f"--host={host}", f"--port={port}",
                               f"--user={env['MYSQL_USER']}", *tls, env["MYSQL_DATABASE"], "--batch",
                               "--skip-column-names", "-e", "SHOW SESSION STATUS LIKE 'Ssl_version'"],
                              env={**_base_env(), "MYSQL_PWD": env["MYSQL_PASSWORD"]}, capture_output=True, text=True,
                              timeout=30)

    ok = cli("--ssl", f"--ssl-ca={server.ca_cert}", "--ssl-verify-server-cert")
    assert ok.returncode == 0 and "TLSv1." in ok.stdout, ok.stderr
    assert cli("--ssl", f"--ssl-ca={other_ca}", "--ssl-verify-server-cert").returncode != 0
    assert cli("--skip-ssl").returncode != 0


# --- PHP: WordPress's wp-config-docker.php and wpdb, and phpMyAdmin ------------------------------------------------
# What the official image's wp-config-docker.php does with the environment (getenv_docker: the variable or its
# _FILE; eval of WORDPRESS_CONFIG_EXTRA) and how wpdb::db_connect connects (host:port, MYSQL_CLIENT_FLAGS).
_WORDPRESS = r'''
function getenv_docker($env, $default) {
    if ($f = getenv($env . '_FILE')) { return rtrim(file_get_contents($f), "\r\n"); }
    $v = getenv($env); return $v !== false ? $v : $default;
}
define('DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username'));
define('DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password'));
define('DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql'));
if ($configExtra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '')) { eval($configExtra); }
$parts = explode(':', DB_HOST, 2);
$flags = defined('MYSQL_CLIENT_FLAGS') ? MYSQL_CLIENT_FLAGS : 0;
$db = mysqli_init();
try {
    $ok = @mysqli_real_connect($db, $parts[0], DB_USER, DB_PASSWORD, DB_NAME, (int) ($parts[1] ?? 3306), null, $flags);
} catch (Throwable $e) { fwrite(STDERR, $e->getMessage()); exit(1); }
if (!$ok) { fwrite(STDERR, mysqli_connect_error()); exit(1); }
echo $db->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch_row()[1];
'''


def _php(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    require_tool("php")
    if "mysqli" not in subprocess.run(["php", "-m"], capture_output=True, text=True).stdout:
        require_file(Path("/nonexistent/php-mysqli"), "PHP's mysqli (Debian package php-mysql)")
    return subprocess.run(["php", "-r", script], env={**_base_env(), **env}, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("case", ["wordpress-mysql", "wordpress"])
def test_wordpress_connects_with_cs_flags_and_verifies_the_certificate(case, account, other_ca):
    server, user, pw, db = account
    env = _app_env(case, "wordpress", server, user, pw, db, server.ca_cert)
    assert "MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT" in env["WORDPRESS_CONFIG_EXTRA"]
    assert env["SSL_CERT_FILE"] == str(server.ca_cert)  # the trust bundle (here: the test CA alone)
    ok = _php(_WORDPRESS, env)
    assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
    wrong = _php(_WORDPRESS, {**env, "SSL_CERT_FILE": str(other_ca)})
    assert wrong.returncode != 0, "connected although SSL_CERT_FILE names a CA that did not sign the server's certificate"
    without = _php(_WORDPRESS, {k: v for k, v in env.items() if k != "WORDPRESS_CONFIG_EXTRA"})
    assert without.returncode != 0, "connected without c2p's TLS flags"


# phpMyAdmin's config.inc.php (PMA_SSL, PMA_SSL_VERIFY, PMA_SSL_CA) becomes mysqli's ssl_set and MYSQLI_CLIENT_SSL,
# with MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT unless ssl_verify (phpMyAdmin's DbiMysqli::connect)
_PHPMYADMIN = r'''
$db = mysqli_init();
$flags = 0;
if (getenv('PMA_SSL') === '1') {
    $db->ssl_set(null, null, getenv('PMA_SSL_CA') ?: null, null, null);
    $flags |= MYSQLI_CLIENT_SSL;
    if (getenv('PMA_SSL_VERIFY') !== '1') { $flags |= MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT; }
}
try {
    $ok = @$db->real_connect(getenv('PMA_HOST'), getenv('U'), getenv('P'), null, (int) getenv('PMA_PORT'), null, $flags);
} catch (Throwable $e) { fwrite(STDERR, $e->getMessage()); exit(1); }
if (!$ok) { exit(1); }
echo $db->query("SHOW SESSION STATUS LIKE 'Ssl_version'")->fetch_row()[1];
'''


def test_phpmyadmin_settings_verify_the_server(account, other_ca):
    server, user, pw, db = account
    env = {**_app_env("wordpress", "phpmyadmin", server, user, pw, db, server.ca_cert), "U": user, "P": pw}
    ok = _php(_PHPMYADMIN, env)
    assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
    assert _php(_PHPMYADMIN, {**env, "PMA_SSL_CA": str(other_ca)}).returncode != 0


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
    return subprocess.run(["node", "-e", _NODE], env={**_base_env(), "NODE_PATH": str(_node_modules()), **env},
                          capture_output=True, text=True, timeout=30)


def test_node_mysql2_url_and_ghost_keys_connect_over_verified_tls(account, other_ca):
    server, user, pw, db = account
    url_env = _app_env("mysql-url", "events", server, user, pw, db, server.ca_cert)
    ghost_env = _app_env("ghost", "ghost", server, user, pw, db, server.ca_cert)
    for env in ({**url_env, "URL_VAR": "MYSQL_URL"}, ghost_env):
        assert env["NODE_EXTRA_CA_CERTS"] == str(server.ca_cert)
        ok = _node(env)
        assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
        wrong = _node({**env, "NODE_EXTRA_CA_CERTS": str(other_ca)})
        assert wrong.returncode != 0 and "certificate" in wrong.stderr.lower(), wrong.stderr
    plain = {**ghost_env}
    plain.pop("database__connection__ssl__rejectUnauthorized")
    assert _node(plain).returncode != 0, "connected without c2p's ssl setting"


def test_the_settings_contract_is_what_the_rehearsal_used():
    """The fake mapping here provides exactly the keys plan/envmap.py documents for the mysql family."""
    doc = json.dumps(__import__("generator.plan.envmap", fromlist=["x"]).__doc__)
    for key in ("`tls`", "`ca_file`", "`ssl_mode`", "VERIFY_IDENTITY", "VERIFY_CA", "REQUIRED"):
        assert key in doc
