"""MySQL/MariaDB clients: how each takes TLS, as data with sources. The rules that use it: plan/mysqlurls.py (URLs) and
plan/mysqlenv.py (split-style variables).

URL clients (by scheme, then the app's runtime):
- SQLAlchemy + mysqlclient (`mysql+mysqldb://`, and `mysql://` in a Python app: SQLAlchemy's default MySQL driver):
  `?ssl_mode=VERIFY_IDENTITY&ssl_ca=<ca>` — SQLAlchemy moves ssl_ca into mysqlclient's `ssl` dict and passes ssl_mode
  through (sqlalchemy lib/sqlalchemy/dialects/mysql/mysqldb.py create_connect_args); mysqlclient's connect() takes
  ssl_mode DISABLED…VERIFY_IDENTITY, emulated over MYSQL_OPT_SSL_VERIFY_SERVER_CERT on MariaDB's client library
  (PyMySQL/mysqlclient src/MySQLdb/_mysql.c).
- Django through dj-database-url (`mysql://` in an app with DJANGO_* settings): `?ssl_mode=…&ssl-ca=<ca>` —
  dj-database-url turns `ssl-ca` into OPTIONS["ssl"]["ca"] and passes other query keys as OPTIONS, which Django's MySQL
  backend hands to mysqlclient (jazzband/dj-database-url dj_database_url/__init__.py apply_ssl_ca).
- SQLAlchemy + PyMySQL (`mysql+pymysql://`): `?ssl_ca=<ca>&ssl_check_hostname=true` — PyMySQL has no ssl_mode and
  verifies nothing without a CA (PyMySQL connections.py _create_ssl_ctx: CERT_NONE when no ca/capath), so a CA path
  is always given: the resource's CA file, else the system bundle.
- SQLAlchemy + MySQL Connector/Python (`mysql+mysqlconnector://`): `?ssl_ca=<ca>&ssl_verify_cert=true&
  ssl_verify_identity=true` (mysql-connector-python connection arguments; SQLAlchemy passes the query through).
- SQLAlchemy + MariaDB Connector/Python (`mariadb+mariadbconnector://`): `?ssl=true&ssl_verify_cert=true&ssl_ca=<ca>`
  (sqlalchemy mariadbconnector.py coerces ssl and ssl_verify_cert to bool; mariadb-connector-python connect()).
- mysql2 for Ruby (`mysql2://`, Rails' DATABASE_URL): `?ssl_mode=VERIFY_IDENTITY&sslca=<ca>` (brianmario/mysql2
  Mysql2::Client options :ssl_mode and :sslca; ActiveRecord passes the URL's query as connection options).
- Node's mysql2 and mysql (`mysql://` in a Node app): `?ssl=%7B%22rejectUnauthorized%22%3Atrue%7D` — both parse each
  query value as JSON, and an `ssl` object turns TLS on with rejectUnauthorized true (sidorares/node-mysql2
  lib/connection_config.js parseUrl and the ssl option); the CA comes through NODE_EXTRA_CA_CERTS (plan/splitenv.py).
- Prisma (`mysql://` whose query has Prisma's own arguments: connection_limit, pool_timeout, …):
  `?sslaccept=strict&sslcert=<ca>` (prisma.io/docs/orm/overview/databases/mysql, "Arguments": sslcert is the server's
  CA, sslaccept strict verifies it; the default accept_invalid_certs does not).
- Go's go-sql-driver DSN (`user:pass@tcp(host:port)/db`): `tls=true` verifies with the system roots (go-sql-driver/mysql
  README, "tls"; a private CA otherwise needs mysql.RegisterTLSConfig in code), which Go reads from SSL_CERT_FILE on
  Linux (crypto/x509 root_unix.go): the target's trust bundle goes there, else a warning names the CA.
- MySQL Connector/J (`jdbc:mysql:`): `sslMode=VERIFY_IDENTITY` (dev.mysql.com/doc/connector-j, "Connecting Securely
  Using SSL"); it reads CAs from a JKS/PKCS12 truststore, not a PEM file (trustCertificateKeyStoreUrl, else the JVM's
  own), so a private CA is a warning.
- MariaDB Connector/J (`jdbc:mariadb:`): `sslMode=verify-full&serverSslCert=<ca>` (mariadb.com/docs connector-j,
  "TLS parameters": serverSslCert takes a PEM file path).

Split-style apps (CONVENTIONS below): the variables they read, and where TLS comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The CA bundle of Debian/Ubuntu/Alpine images (ca-certificates): for clients that verify only against a CA file they
# are given (PyMySQL, mysqlnd through ssl_set) when the server's certificate comes from a publicly trusted CA.
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"

# Prisma's own connection arguments for MySQL (prisma.io/docs/orm/overview/databases/mysql, "Arguments"): a query with
# one of them is Prisma's URL, not mysql2's.
PRISMA_ARGS = frozenset({"connection_limit", "connect_timeout", "pool_timeout", "socket_timeout", "sslcert",
                         "sslidentity", "sslpassword", "sslaccept", "max_idle_connection_lifetime", "max_connection_lifetime"})


@dataclass(frozen=True)
class MySqlConvention:
    app: str
    prefix: str  # the host variable's prefix, exactly
    source: str
    image: str | None = None  # regex on the image name, when the prefix alone does not say which app it is
    host_port: bool = True  # the host variable takes host:port (else a port variable does)
    password: str | None = None  # suffix of the password variable, added when compose set none
    tls: tuple[tuple[str, str], ...] = ()  # (suffix, value) set with TLS; `{ca}` is the CA file path
    php_flags: bool = False  # WordPress: TLS through MYSQL_CLIENT_FLAGS in WORDPRESS_CONFIG_EXTRA (plan/mysqlenv.py)
    no_tls: str | None = None  # the app cannot take TLS from the environment: what to add by hand


# mysqlnd (PHP's mysqli/PDO) verifies the server's certificate only when asked: MYSQLI_CLIENT_SSL alone encrypts and
# accepts any certificate; with MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT it verifies against OpenSSL's default store
# (SSL_CERT_FILE, openssl.cafile) — both proved against a real MariaDB in tests/rehearsal/test_mysql_consumers.py.
WP_FLAGS = "define('MYSQL_CLIENT_FLAGS', MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT);"

CONVENTIONS: tuple[MySqlConvention, ...] = (
    MySqlConvention(
        "WordPress", "WORDPRESS_DB_", image=r"(^|/)wordpress$",
        source="docker-library/wordpress wp-config-docker.php: WORDPRESS_DB_HOST (host:port), _USER, _PASSWORD, _NAME, "
               "and eval(WORDPRESS_CONFIG_EXTRA); WordPress's wpdb::db_connect passes MYSQL_CLIENT_FLAGS to "
               "mysqli_real_connect",
        password="PASSWORD", php_flags=True),
    MySqlConvention(
        "Ghost", "database__connection__", image=r"(^|/)ghost$", host_port=False,
        source="TryGhost/framework packages/config lib/get-config.js (nconf env, separator `__`) and Ghost "
               "core/server/data/db/connection.js (config.database → knex → mysql2): database__connection__ssl__* is "
               "mysql2's `ssl` object; an object with rejectUnauthorized verifies against Node's CAs plus "
               "NODE_EXTRA_CA_CERTS",
        password="password", tls=(("ssl__rejectUnauthorized", "true"),)),
    MySqlConvention(
        "Nextcloud", "MYSQL_", image=r"(^|/)nextcloud$",
        source="nextcloud/docker entrypoint.sh: MYSQL_HOST (host:port), MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD "
               "(and their _FILE forms) for the installer; TLS to MySQL is config.php's dbdriveroptions "
               "(docs.nextcloud.com admin_manual, config_sample_php_parameters, `dbdriveroptions`)",
        password="PASSWORD",
        no_tls="the nextcloud image takes no MySQL TLS setting from the environment: add to config/config.php "
               "`'dbdriveroptions' => [PDO::MYSQL_ATTR_SSL_CA => '{ca}', PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => "
               "true],` (a config/*.config.php file in the image or volume works too)"),
    MySqlConvention(
        "phpMyAdmin", "PMA_", image=r"(^|/)phpmyadmin$", host_port=False,
        source="phpmyadmin/docker config.inc.php: PMA_HOST, PMA_PORT, PMA_SSL=1, PMA_SSL_VERIFY=1, PMA_SSL_CA (a file "
               "path, handed to mysqli's ssl_set)",
        tls=(("SSL", "1"), ("SSL_VERIFY", "1"), ("SSL_CA", "{ca}"))),
)


def convention(prefix: str, image: str | None) -> MySqlConvention | None:
    name = re.sub(r"[:@].*$", "", image or "").lower()
    for conv in CONVENTIONS:
        if conv.prefix == prefix and (conv.image is None or re.search(conv.image, name)):
            return conv
    return None
