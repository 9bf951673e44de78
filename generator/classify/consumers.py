"""Who consumes each stateful service: env vars holding its URL, host, port, user, password, db, token.

A var points at a service when its value is a URL or host[:port] naming the service (its name,
container_name, hostname, network aliases, or a link alias of the consumer). Vars that share the
pointing var's prefix and end in a known role word (DB_HOST=db → DB_PORT, DB_USER, DB_PASS, DB_NAME;
VAULT_ADDR → VAULT_TOKEN, VAULT_NAMESPACE; PGHOST → PGPASSWORD; REDIS_HOST → REDIS_TLS) are its siblings.
`split_prefix` gives the prefix of a host variable, from which the plan names the siblings compose did not set.
"""

from __future__ import annotations

import re
from collections import ChainMap
from typing import Mapping
from urllib.parse import parse_qsl, urlsplit

from generator.classify.kinds import family_of
from generator.classify.model import Use
from generator.classify.secrets import MASK, mask_text, url_password
from generator.model import ComposeProject, Service
from generator.numbers import is_uint

_URL = re.compile(r"^(?:jdbc:)?([a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_HOST = re.compile(r"^([A-Za-z0-9_.-]+)(?::([0-9]+))?$")
_GO_DSN = re.compile(r"^[^@/\s]*@tcp\(([A-Za-z0-9_.-]+(?::[0-9]+)?)\)/")
_POINTER_SUFFIX = re.compile(
    r"(?:_?(URL|URI|DSN|HOST|HOSTNAME|HOSTS|SERVER|SERVERS|ADDR|ADDRESS|SEEDS|ENDPOINT|BROKER|BROKER_URL|"
    r"CONNECTION|CONNECTION_STRING|CONN))$",
    re.IGNORECASE,  # database__connection__host (Ghost), GITEA__database__HOST
)
_ROLE_WORDS = {
    "port": ("PORT",),
    "user": ("USER", "USERNAME", "LOGIN"),
    "password": ("PASSWORD", "PASS", "PWD", "PASSWD"),
    "database": ("DB", "NAME", "DATABASE", "DBNAME", "DB_NAME"),
    "sslmode": ("SSLMODE", "SSL_MODE", "SSL_DISABLE"),
    "tls": ("TLS", "SSL", "USE_TLS", "USE_SSL", "TLS_ENABLED", "SSL_ENABLED", "ENABLE_TLS", "ENABLE_SSL"),
    "ca": ("SSLROOTCERT", "SSL_ROOT_CERT", "TLS_CA_CERT", "CA_CERT", "CACERT", "SSL_CA", "SSL_CA_CERTS", "TLS_CA_FILE",
           "CA_FILE"),
    "token": ("TOKEN",),
    "namespace": ("NAMESPACE",),
}
ROLES_BY_FAMILY = {
    "postgres": {"url", "host", "port", "user", "password", "database", "sslmode", "tls", "ca"},
    "mysql": {"url", "host", "port", "user", "password", "database", "sslmode", "tls", "ca"},
    "redis": {"url", "host", "port", "user", "password", "tls", "ca"},
    "vault": {"addr", "host", "port", "token", "namespace", "ca"},
}
_DEFAULT_ROLES = {"url", "host", "port", "user", "password", "database"}


def service_names(project: ComposeProject) -> dict[str, str]:
    """host name → service, for every way compose lets one container reach another."""
    names: dict[str, str] = {}
    for name, svc in sorted(project.services.items()):
        for alias in _aliases(svc):
            names.setdefault(alias.lower(), name)
        names[name.lower()] = name
    return names


def _aliases(svc: Service) -> list[str]:
    found = [a for a in (svc.container_name, svc.hostname) if a]
    for att in svc.networks.values():
        if att is not None:
            found.extend(att.aliases)
    return found


def _how(project: ComposeProject, host: str, target: str) -> str:
    if host == target.lower():
        return "service name"
    svc = project.services[target]
    if svc.container_name and host == svc.container_name.lower():
        return "container_name"
    if svc.hostname and host == svc.hostname.lower():
        return "hostname"
    return "network alias"


def _links(svc: Service) -> dict[str, str]:
    out = {}
    for link in svc.links:
        target, _, alias = link.partition(":")
        out[(alias or target).lower()] = target
    return out


def _dev_notes(value: str, role: str, kind: str, dev_vault: bool) -> tuple[str, ...]:
    notes = []
    if role in ("url", "addr"):
        raw_query = value.split("?", 1)[1] if _GO_DSN.match(value) and "?" in value else \
            urlsplit(re.sub(r"^jdbc:", "", value)).query
        query = dict(parse_qsl(raw_query))
        mode = query.get("sslmode") or query.get("sslMode")
        if mode in ("disable", "allow", "prefer"):
            notes.append(f"sslmode={mode}")
        if family_of(kind) == "mysql":
            notes += _mysql_tls_off(query)
        if url_password(value):
            notes.append("literal password")
        if value.lower().startswith("http://") and family_of(kind) == "vault":
            notes.append("plain http")
    if role == "password" and value:
        notes.append("literal password")
    if role == "token":
        notes.append("dev root token" if dev_vault else "literal token")
    if role == "sslmode" and value.lower() in ("disable", "true", "allow", "prefer"):
        notes.append(f"TLS off ({value})")
    if role == "tls" and value.lower() in ("false", "0", "no", "off"):
        notes.append(f"TLS off ({value})")
    return tuple(notes)


# MySQL clients' ways of saying "no TLS" or "do not verify" in a URL (Connector/J sslMode/useSSL, mysqlclient and the
# CLI ssl-mode, go-sql-driver tls, Prisma sslaccept, mysql2 ssl): development-only, dropped from the production URL
_MYSQL_OFF = {"sslmode": ("disabled", "preferred", "disable", "trust"), "ssl-mode": ("disabled", "preferred"),
              "ssl_mode": ("disabled", "preferred"), "usessl": ("false",), "ssl": ("false", "0"),
              "tls": ("false", "skip-verify", "preferred"), "sslaccept": ("accept_invalid_certs",),
              "verifyservercertificate": ("false",), "trustservercertificate": ("true",)}


def _mysql_tls_off(query: Mapping[str, str]) -> list[str]:
    return [f"{k}={v}" for k, v in sorted(query.items()) if v.lower() in _MYSQL_OFF.get(k.lower(), ())]


def _pointer(var: str, value: str, names: Mapping[str, str]) -> tuple[str, str] | None:
    """(host, role) when the value is a URL, a Go MySQL DSN (`user:pass@tcp(db:3306)/app`, go-sql-driver/mysql) or a
    host[:port] list naming a service."""
    dsn = _GO_DSN.match(value)
    if dsn:
        host = dsn.group(1).rsplit(":", 1)[0].lower()
        return (host, "url") if host in names else None
    if _URL.match(value):
        netloc = urlsplit(re.sub(r"^jdbc:", "", value, flags=re.IGNORECASE)).netloc.rsplit("@", 1)[-1]
        for part in netloc.split(","):
            host = part.rsplit(":", 1)[0] if not part.startswith("[") else part
            if host.lower() in names:
                return host.lower(), "url"
        return None
    for part in value.split(","):
        m = _HOST.match(part.strip())
        # a bare word equal to a service name is only a host when the var says so (DB_HOST) or a port follows
        if m and m.group(1).lower() in names and (m.group(2) or _POINTER_SUFFIX.search(var)):
            return m.group(1).lower(), "host"
    return None


def stateful_names(project: ComposeProject, kinds: Mapping[str, str]) -> dict[str, str]:
    """host name → stateful service (computed once per project)."""
    return {h: s for h, s in service_names(project).items() if kinds[s] != "app"}


def find_uses(
    project: ComposeProject, consumer: Service, kinds: Mapping[str, str], dev_vaults: frozenset[str],
    targets: Mapping[str, str] | None = None,
) -> tuple[Use, ...]:
    """The env vars of `consumer` pointing at stateful services (kinds: service → kind)."""
    if targets is None:
        targets = stateful_names(project, kinds)
    links = {h: s for h, s in _links(consumer).items() if kinds.get(s, "app") != "app" and s != consumer.name}
    names = ChainMap(links, targets)
    env = {k: v for k, v in consumer.environment.items() if v}
    uses: dict[str, Use] = {}
    prefixes: dict[str, str] = {}
    for var, value in sorted(env.items()):
        hit = _pointer(var, value.strip(), names)
        if hit is None:
            continue
        host, role = hit
        target = names[host]
        if target == consumer.name:
            continue
        kind = kinds[target]
        if role == "url" and family_of(kind) == "vault":
            role = "addr"
        how = "link" if host in links else _how(project, host, target)
        uses[var] = Use(consumer.name, var, target, role, mask_text(value), how,
                        _dev_notes(value, role, kind, target in dev_vaults))
        m = _POINTER_SUFFIX.search(var)
        prefix = var[: m.start()] if m else ""
        if prefix and len(prefix) >= 2:
            prefixes.setdefault(prefix + ("_" if var[m.start()] == "_" else ""), target)
    # siblings: an empty password (mastodon's `DB_PASS=`) is still the app's password variable, to be wired
    siblings = {k: (v or "") for k, v in consumer.environment.items()}
    for var, value in sorted(siblings.items()):
        if var in uses:
            continue
        for prefix, target in prefixes.items():
            if not var.startswith(prefix):
                continue
            rest = var[len(prefix):]
            role = next((r for r, words in _ROLE_WORDS.items() if rest.upper() in words), None)
            allowed = ROLES_BY_FAMILY.get(family_of(kinds[target]), _DEFAULT_ROLES)
            if role is None or role not in allowed or (role == "port" and not is_uint(value.strip())):
                continue
            if not value and role != "password":
                continue
            shown = MASK if role in ("password", "token") else mask_text(value)
            uses[var] = Use(consumer.name, var, target, role, shown, f"prefix {prefix}",
                            _dev_notes(value, role, kinds[target], target in dev_vaults))
            break
    return tuple(uses[v] for v in sorted(uses))


def split_prefix(var: str) -> str | None:
    """`AUTHENTIK_REDIS__HOST` → `AUTHENTIK_REDIS__`, `DB_HOST` → `DB_`, `PGHOST` → `PG`: the prefix (with its
    separator) a host variable shares with its siblings; None when the name has no pointer suffix."""
    m = _POINTER_SUFFIX.search(var)
    if not m or m.start() < 2:
        return None
    return var[: m.start()] + ("_" if var[m.start()] == "_" else "")
