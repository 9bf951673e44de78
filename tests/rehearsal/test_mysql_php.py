"""The PHP consumers of a MySQL/MariaDB (WordPress, phpMyAdmin) against a real MariaDB that accepts verified TLS only
(see test_mysql_consumers.py): mysqlnd encrypts without verifying unless asked, so c2p's settings must make it verify —
proved by a CA that did not sign the server's certificate being refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_file, require_tool
from tests.rehearsal.mysql_apps import app_env, base_env

pytestmark = pytest.mark.rehearsal


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
    return subprocess.run(["php", "-r", script], env={**base_env(), **env}, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("case", ["wordpress-mysql", "wordpress"])
def test_wordpress_connects_with_cs_flags_and_verifies_the_certificate(case, account, other_ca):
    server, user, pw, db = account
    env = app_env(case, "wordpress", server, user, pw, db, server.ca_cert)
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
    env = {**app_env("wordpress", "phpmyadmin", server, user, pw, db, server.ca_cert), "U": user, "P": pw}
    ok = _php(_PHPMYADMIN, env)
    assert ok.returncode == 0 and ok.stdout.startswith("TLSv1."), ok.stderr
    assert _php(_PHPMYADMIN, {**env, "PMA_SSL_CA": str(other_ca)}).returncode != 0
