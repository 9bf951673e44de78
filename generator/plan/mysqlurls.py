"""MySQL/MariaDB connection URLs for production: compose's URL rebuilt over the resource's outputs, with TLS in the
convention of the client that reads it (plan/mysqlclients.py, with sources). As for PostgreSQL (plan/urls.py), the
query parameters c2p decides about — destination, credentials, TLS — are dropped and every other pair is carried byte
for byte.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.plan.mysqlclients import PRISMA_ARGS, SYSTEM_CA
from generator.plan.urls import literal, query_pairs, rebuilt_query

# Query keys (lower-cased) that choose where, as whom or how securely a MySQL client connects, across the drivers of
# plan/mysqlclients.py: c2p sets these.
MYSQL_DESTINATION = frozenset({
    "host", "port", "user", "username", "password", "passwd", "pwd", "password1", "password2", "password3",
    "database", "db", "dbname", "socket", "unix_socket", "socketpath", "protocol", "localaddress",
    "ssl", "tls", "ssl-mode", "ssl_mode", "sslmode", "usessl", "requiressl", "verifyservercertificate",
    "ssl-ca", "ssl_ca", "sslca", "ssl-capath", "ssl_capath", "sslcapath", "ssl-cert", "ssl_cert", "sslcert",
    "ssl-key", "ssl_key", "sslkey", "ssl-cipher", "ssl_cipher", "sslcipher", "ssl_check_hostname", "ssl_verify_cert",
    "ssl_verify_identity", "ssl_disabled", "sslverify", "sslaccept", "sslidentity", "sslpassword", "serversslcert",
    "trustservercertificate", "disablesslhostnameverification", "truststore", "truststorepassword",
    "trustcertificatekeystoreurl", "trustcertificatekeystorepassword", "trustcertificatekeystoretype",
    "fallbacktosystemtruststore", "clientcertificatekeystoreurl", "clientcertificatekeystorepassword",
    "keystore", "keystorepassword", "allowcleartextpasswords", "allowpublickeyretrieval", "serverrsapublickeyfile",
    "get-server-public-key", "get_server_public_key", "tls-version", "tls_version", "enabledtlsprotocols",
})
# mysql2 (Node): `ssl` as JSON, percent-encoded (no braces: the template stays a plain str.format template)
NODE_SSL = "ssl=%7B%22rejectUnauthorized%22%3Atrue%7D"
_GO_DSN = re.compile(r"^(?P<auth>[^@/]*@)?(?P<net>tcp|unix)\((?P<addr>[^)]*)\)/(?P<db>[^?]*)(?:\?(?P<query>.*))?$")
_JDBC_MODE = {"VERIFY_IDENTITY": "verify-full", "VERIFY_CA": "verify-ca", "REQUIRED": "trust"}


def ssl_mode(settings) -> str:
    """The mapping's settings["ssl_mode"]; VERIFY_IDENTITY when it names none."""
    mode = str(settings.get("ssl_mode") or "VERIFY_IDENTITY").upper()
    return mode if mode in _JDBC_MODE else "VERIFY_IDENTITY"


def ca_path(settings) -> str:
    """The CA file a client is given: the mapping's settings["ca_file"], else the system bundle (a public CA)."""
    return settings.get("ca_file") or SYSTEM_CA


def is_go_dsn(value: str) -> bool:
    return bool(_GO_DSN.match(value.strip()))


def client_of(raw: str, runtime: str | None, var: str, django: bool) -> str:
    """Which client reads this URL (plan/mysqlclients.py): a driver name, or "unknown"."""
    if is_go_dsn(raw):
        return "go"
    low = raw.strip().lower()
    if low.startswith("jdbc:mysql:"):
        return "connectorj"
    if low.startswith("jdbc:mariadb:"):
        return "mariadb-connectorj"
    scheme = low.split("://", 1)[0]
    driver = scheme.split("+", 1)[1] if "+" in scheme else ""
    if driver in ("mysqldb", "pymysql", "mysqlconnector", "mariadbconnector"):
        return driver
    if driver:
        return "unknown"  # aiomysql, asyncmy, …: their ssl handling is not from the URL's query (warned)
    if scheme == "mysql2" or runtime == "ruby":
        return "mysql2-ruby"
    try:
        keys = {k.strip().lower() for _raw, k, _v in query_pairs(urlsplit(raw).query)}
    except ValueError:
        keys = set()
    if runtime == "node":
        if scheme == "mariadb":
            return "unknown"  # the `mariadb` npm connector's URL options are not mysql2's (warned)
        return "prisma" if keys & PRISMA_ARGS else "node"
    if runtime == "python":
        return "django" if django and "SQLALCHEMY" not in var.upper() else "mysqldb"
    return "unknown"


def tls_query(client: str, settings) -> list[str]:
    """The query pairs that make `client` connect over verified TLS (none when the resource has no TLS)."""
    if not settings.get("tls"):
        return []
    mode, ca = ssl_mode(settings), literal(ca_path(settings))
    verify_host = "true" if mode == "VERIFY_IDENTITY" else "false"
    own_ca = settings.get("ca_file")
    return {
        "mysqldb": [f"ssl_mode={mode}", f"ssl_ca={ca}"],
        "django": [f"ssl_mode={mode}", f"ssl-ca={ca}"],
        "pymysql": [f"ssl_ca={ca}", f"ssl_check_hostname={verify_host}"],
        "mysqlconnector": [f"ssl_ca={ca}", "ssl_verify_cert=true", f"ssl_verify_identity={verify_host}"],
        "mariadbconnector": ["ssl=true", "ssl_verify_cert=true", f"ssl_ca={ca}"],
        "mysql2-ruby": [f"ssl_mode={mode}", f"sslca={ca}"],
        "node": [NODE_SSL],
        "prisma": ["sslaccept=strict"] + ([f"sslcert={literal(own_ca)}"] if own_ca else []),
        "go": ["tls=true" if mode != "REQUIRED" else "tls=skip-verify"],
        "connectorj": [f"sslMode={mode}"],
        "mariadb-connectorj": [f"sslMode={_JDBC_MODE[mode]}"] + ([f"serverSslCert={literal(own_ca)}"] if own_ca else []),
    }.get(client, [])


def mysql_url(raw: str, settings, client: str) -> str:
    """compose's URL (or Go DSN) rebuilt over {username} {password} {host} {port} {database}, TLS for `client`."""
    value = raw.strip()
    m = _GO_DSN.match(value)
    if m:
        query, _ = rebuilt_query(m.group("query") or "", MYSQL_DESTINATION)
        tail = "?" + "&".join(query + tls_query(client, settings))
        return "{username}:{password}@tcp({host}:{port})/{database}" + (tail if tail != "?" else "")
    jdbc = value.lower().startswith("jdbc:")
    parts = urlsplit(value[5:] if jdbc else value)
    given = {k.strip().lower() for _raw, k, _v in query_pairs(parts.query)}
    query, _ = rebuilt_query(parts.query, MYSQL_DESTINATION)
    scheme = parts.scheme.lower()
    if jdbc:
        base = f"jdbc:{scheme}://{{host}}:{{port}}/{{database}}"
        if parts.username or given & {"user", "password"}:
            query += ["user={username}", "password={password}"]
    else:
        base = f"{scheme}://{{username}}:{{password}}@{{host}}:{{port}}/{{database}}"
    query += tls_query(client, settings)
    return base + ("?" + "&".join(query) if query else "")
