"""MySQL/MariaDB consumers' production env: the override of each variable compose set (override_for), what a
split-style app needs added (group: password, port, TLS in the app's own names), and WordPress's TLS flags in
WORDPRESS_CONFIG_EXTRA. Conventions and sources: plan/mysqlclients.py; URLs: plan/mysqlurls.py; the settings the
mapping provides: plan/envmap.py's docstring.
"""

from __future__ import annotations

import re
from typing import Mapping

from generator.classify.consumers import split_prefix
from generator.classify.model import Use
from generator.plan.model import SECRET_OUTPUTS, EnvOverride, EnvVar, Resource
from generator.plan.mysqlclients import WP_FLAGS, convention
from generator.plan.mysqlurls import ca_path, client_of, mysql_url, ssl_mode
from generator.plan.urls import literal

_CLIENT_NAME = {
    "mysqldb": "SQLAlchemy with mysqlclient", "django": "Django (dj-database-url, mysqlclient)",
    "pymysql": "SQLAlchemy with PyMySQL", "mysqlconnector": "SQLAlchemy with MySQL Connector/Python",
    "mariadbconnector": "SQLAlchemy with MariaDB Connector/Python", "mysql2-ruby": "the mysql2 gem (Rails)",
    "node": "Node's mysql2/mysql", "prisma": "Prisma", "go": "go-sql-driver/mysql", "connectorj": "MySQL Connector/J",
    "mariadb-connectorj": "MariaDB Connector/J",
}


def is_django(env: Mapping[str, str | None] | None) -> bool:
    return any(n.startswith("DJANGO_") for n in env or ())


def _set(use: Use, res: Resource, template: str, reason: str) -> EnvOverride:
    secret = any("{" + s + "}" in template for s in SECRET_OUTPUTS)
    return EnvOverride(var=use.env, action="set", resource=res.name, role=use.role, template=template, secret=secret,
                       reason=reason, dev_value=use.value)


def _dropped(use: Use) -> str:
    return f" Dropped from compose: {', '.join(use.dev_only)}." if use.dev_only else ""


def override_for(use: Use, res: Resource, raw: str, runtime: str | None,
                 env: Mapping[str, str | None] | None = None, image: str | None = None) -> EnvOverride | None:
    s, role, where = res.settings, use.role, f"the production {res.name} ({res.mapping})"
    if role == "url":
        from generator.plan.urls import dropped_note

        client = client_of(raw, runtime, use.env, is_django(env))
        tls = (f"TLS {ssl_mode(s)} in {_CLIENT_NAME[client]}'s own parameters" if client in _CLIENT_NAME else
               "no TLS parameters: c2p cannot tell this app's MySQL client (see the warning)") if s.get("tls") else "no TLS"
        return _set(use, res, mysql_url(raw, s, client),
                    f"Rebuilt for {where}: its host, port, user and database; the password is read from a secret; "
                    f"{tls}.{_dropped(use)}{dropped_note(raw, 'mysql')}")
    conv = convention(split_prefix(use.env) or "", image)
    if role == "host":
        with_port = re.search(r":[0-9]+$", raw) or (conv is not None and conv.host_port)
        return _set(use, res, "{host}:{port}" if with_port else "{host}", f"The endpoint of {where}.")
    simple = {"port": "{port}", "user": "{username}", "password": "{password}", "database": "{database}"}
    if role in simple:
        return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if role in ("tls", "sslmode") and s.get("tls"):
        value = "true" if role == "tls" else ssl_mode(s)
        return _set(use, res, value, f"TLS is required by {where} (the app's own switch, kept under its name; check "
                                     f"the value it expects).{_dropped(use)}")
    if role == "ca" and s.get("tls"):
        return _set(use, res, literal(ca_path(s)), f"The CA that signs the certificate of {where}.")
    return None


def url_warnings(use: Use, res: Resource, raw: str, runtime: str | None, env) -> list[str]:
    """What the URL cannot carry for its client (a CA the client reads only from a truststore, an unknown client)."""
    s, where = res.settings, f"the production {res.name}"
    if not s.get("tls"):
        return []
    client, ca = client_of(raw, runtime, use.env, is_django(env)), s.get("ca_file")
    if client == "unknown":
        return [f"{use.env}: c2p cannot tell which MySQL client reads this URL, so it carries no TLS parameters, while "
                f"{where} accepts TLS connections only: give the client TLS with verification and the CA "
                f"{ca_path(s)} (mysqlclient: ssl_mode=VERIFY_IDENTITY&ssl_ca=…; PyMySQL: ssl_ca=…; Node mysql2: "
                f"ssl={{\"rejectUnauthorized\":true}}), or it cannot connect"]
    if client == "connectorj" and ca:
        return [f"{use.env}: MySQL Connector/J reads CAs from a truststore (JKS/PKCS12), not a PEM file: import {ca} "
                "(keytool -importcert) into the JVM's truststore or one named by trustCertificateKeyStoreUrl, or "
                f"{where} cannot be verified"]
    if client == "go" and ca:
        return [f"{use.env}: go-sql-driver/mysql's tls=true verifies with the system roots only (a private CA needs "
                f"mysql.RegisterTLSConfig in the app's code): add {ca} to the image's trust store, or set SSL_CERT_FILE "
                f"to a bundle holding it and the system CAs, or {where} cannot be verified"]
    return []


# Go reads its system roots from the file SSL_CERT_FILE names, on Linux (go/src/crypto/x509/root_unix.go,
# certFileEnv) — proved with go-sql-driver/mysql in tests/rehearsal/test_mysql_consumers.py
_GO_TRUST = ("go-sql-driver/mysql's tls=true verifies with Go's system roots, which crypto/x509 reads from the file "
             "SSL_CERT_FILE names on Linux (go/src/crypto/x509/root_unix.go)")


def url_needs(out, use: Use, res: Resource) -> None:
    """What a MySQL URL's client needs besides its URL (out: plan/splitenv.py's _Added): SSL_CERT_FILE for a Go DSN
    when the target builds a trust bundle, else the warnings of url_warnings."""
    from generator.plan.clients import TRUST_VAR

    s, env = res.settings, out.svc.environment
    raw = env.get(use.env) or ""
    bundle = s.get("trust_bundle")
    if (s.get("tls") and s.get("ca_file") and bundle and TRUST_VAR not in env
            and client_of(raw, out.runtime, use.env, is_django(env)) == "go"):
        out.add(TRUST_VAR, res, "ca", bundle, f"Added: {_GO_TRUST}; this bundle holds the image's system CAs and the "
                                              f"CA that signs the production {res.name}'s certificate.")
        if out.vars[TRUST_VAR].override.template == bundle:
            return
    out.warnings += url_warnings(use, res, raw, out.runtime, env)


def group(out, host_var: str, res: Resource, uses: dict[str, str]) -> None:
    """One split-style group pointing at a MySQL-family `res` (out: plan/splitenv.py's _Added)."""
    prefix = split_prefix(host_var)
    if prefix is None:
        return
    s, env, image = res.settings, out.svc.environment, out.svc.image
    conv = convention(prefix, image)
    where = f"the production {res.name} ({res.mapping})"
    named = f"{conv.app}'s name for it; source: {conv.source}" if conv else (
        f"the generic name next to {host_var}: c2p does not know this app, check the name it reads")
    siblings = {role: var for var, role in uses.items() if var.startswith(prefix) and var != host_var}
    lower = prefix.endswith("__") and prefix.islower()
    for what in ("USER", "PASSWORD", "DATABASE", "NAME"):
        path_var = prefix + (what.lower() if lower else what) + ("_file" if lower else "_FILE")
        if env.get(path_var):
            out.warnings.append(f"{path_var}: the app reads its MySQL {what.lower()} from {env[path_var]}; in production "
                                f"that file must hold the {what.lower()} of {where}, not compose's")
    password = prefix + (conv.password if conv and conv.password else ("password" if lower else "PASSWORD"))
    takes_password = conv is None or conv.password is not None  # phpMyAdmin: PMA_PASSWORD is auto-login, not wiring
    if takes_password and "password" not in siblings and not env.get(password + ("_file" if lower else "_FILE")) \
            and password not in uses:
        out.add(password, res, "password", "{password}",
                f"Added: the password of {where}, which compose did not pass ({named}).", secret=True)
    if conv and not conv.host_port and "port" not in siblings:
        port = prefix + ("port" if lower else "PORT")
        if port not in uses:
            out.add(port, res, "port", "{port}", f"Added: the port of {where} ({named}).")
    if not s.get("tls"):
        return
    ca = ca_path(s)
    if conv and conv.no_tls:
        out.warnings.append(f"{host_var}: {where} accepts TLS connections only, and {conv.no_tls.format(ca=ca)} "
                            f"({conv.source})")
    elif conv and conv.php_flags:
        from generator.plan.splitenv import _trust_bundle

        if s.get("ca_file") and not _trust_bundle(out, res):
            out.warnings.append(f"{host_var}: PHP's mysqlnd verifies {res.name}'s certificate with OpenSSL's default "
                                f"store: add {s['ca_file']} to the image's trust store (or SSL_CERT_FILE)")
    elif conv:
        for suffix, value in conv.tls:
            name = prefix + suffix
            if name not in uses:
                out.add(name, res, "ca" if "{ca}" in value else "tls", value.replace("{ca}", ca),
                        f"Added: {where} accepts TLS connections only ({named}).")
    else:
        out.warnings.append(f"{host_var}: {where} accepts TLS connections only, and c2p does not know how this app "
                            f"takes TLS for MySQL: check its documentation for a TLS switch and CA setting (CA file: "
                            f"{ca}), or it cannot connect")


def wordpress_tls(env: list[EnvVar], svc, info, resources: Mapping[str, Resource]) -> tuple[list[EnvVar], list[str]]:
    """WordPress reaching a TLS-only MySQL: MYSQL_CLIENT_FLAGS (a c2p constant) in WORDPRESS_CONFIG_EXTRA, which the
    official image evals in wp-config.php. compose's own WORDPRESS_CONFIG_EXTRA is kept and the constant appended."""
    from generator.classify.kinds import family_of

    use = next((u for u in info.consumes if u.env == "WORDPRESS_DB_HOST" and u.target in resources
                and family_of(resources[u.target].kind) == "mysql"), None)
    if use is None or convention("WORDPRESS_DB_", svc.image) is None or not resources[use.target].settings.get("tls"):
        return env, []
    res = resources[use.target]
    where = f"the production {res.name} ({res.mapping})"
    why = (f"{where} accepts TLS connections only; WordPress passes MYSQL_CLIENT_FLAGS to mysqli_real_connect, and "
           "MYSQLI_CLIENT_SSL alone encrypts without verifying the certificate, so the constant also has "
           "MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT (PHP's default store verifies it)")
    out = list(env)
    i = next((k for k, v in enumerate(out) if v.name == "WORDPRESS_CONFIG_EXTRA"), None)
    if i is None:
        out.append(EnvVar(name="WORDPRESS_CONFIG_EXTRA", override=EnvOverride(
            var="WORDPRESS_CONFIG_EXTRA", action="set", resource=res.name, role="config", template=WP_FLAGS,
            secret=False, reason=f"Added by c2p (a constant, no compose value): {why}.")))
        return out, []
    var = out[i]
    text = var.override.template if var.override and var.override.action == "set" else (
        literal(var.value) if var.value is not None else None)
    if text is None or "MYSQL_CLIENT_FLAGS" in text:
        return out, [f"WORDPRESS_CONFIG_EXTRA: {why}: make sure it runs `{WP_FLAGS}` (c2p cannot add it to a value it "
                     "does not carry)" if text is None else
                     f"WORDPRESS_CONFIG_EXTRA defines MYSQL_CLIENT_FLAGS itself: {why}; it must include "
                     "MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_VERIFY_SERVER_CERT"]
    old = var.override
    out[i] = EnvVar(name=var.name, override=EnvOverride(
        var=var.name, action="set", resource=old.resource if old else res.name, role="config",
        template=text.rstrip() + "\n" + WP_FLAGS, secret=False,
        reason=((old.reason + " ") if old else "compose's statements, unchanged; ") + f"c2p appends {WP_FLAGS}: {why}.",
        dev_value=old.dev_value if old else var.value))
    return out, []
