"""Connection URLs for production: a compose URL rebuilt over a resource's outputs (a str.format template), with the
query parameters c2p decides about (destination, credentials, TLS and its CA) set by c2p and every other pair
carried byte for byte. Used by plan/envmap.py (compose's URL variables) and plan/splitenv.py (URLs c2p adds).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from generator.classify.secrets import is_secret_name, secrets_in

# Query parameters c2p decides about (by their decoded, lower-cased key): c2p sets the destination, the
# credentials and TLS, so a compose value for these would send production credentials elsewhere
# (`?host=127.0.0.9`) or weaken TLS. Dropped with a warning; every other pair is kept byte for byte.
PG_DESTINATION = frozenset({"host", "hostaddr", "port", "user", "username", "password", "passwd", "pwd", "passfile",
                            "service", "servicefile", "dbname", "sslmode", "ssl", "sslrootcert", "sslcert", "sslkey",
                            "sslpassword", "sslcrl", "sslcrldir", "sslnegotiation", "requirepeer", "krbsrvname",
                            "gsslib", "gssencmode", "channel_binding", "require_auth", "target_session_attrs",
                            "load_balance_hosts", "sslfactory", "socketfactory", "sslhostnameverifier"})
REDIS_DESTINATION = frozenset({"host", "port", "user", "username", "password", "passwd", "pwd", "ssl",
                               "ssl_cert_reqs", "ssl_ca_certs", "ssl_ca_path", "ssl_certfile", "ssl_keyfile",
                               "ssl_check_hostname", "tls", "insecure_skip_verify", "unix_socket_path"})
_STRONG_SSL = ("verify-ca", "verify-full")


_IDENT = re.compile(r"[a-z0-9_.-]+")


def _holds_secret(raw_pair: str) -> bool:
    """A pair the secret finder calls a credential (`sig=…`, `api_key=…`): never carried, never shown."""
    return any(len(s) >= 3 for s in secrets_in("?" + raw_pair))


def query_pairs(raw_query: str) -> list[tuple[str, str, str]]:
    """(raw `k=v` text, decoded key, decoded value) for each `&`-separated pair of a raw query, as libpq and
    redis clients read it (split on `&`, then on the first `=`, then percent-decode; `+` is a plus)."""
    out = []
    for raw in raw_query.split("&") if raw_query else ():
        if not raw:
            continue
        k, _, v = raw.partition("=")
        out.append((raw, unquote(k), unquote(v)))
    return out


def rebuilt_query(raw_query: str, decided: frozenset[str]) -> tuple[list[str], list[str]]:
    """(kept raw pairs, dropped decoded keys): the pairs c2p does not decide about are carried in their original
    percent-encoded form, never decoded and joined again (a value `web%26host%3D127.0.0.9` stays one value);
    the ones it decides about and any credential (`token`, `api_key`, a secret-named key) are dropped."""
    kept, dropped = [], []
    for raw, key, _value in query_pairs(raw_query):
        low = key.strip().lower()
        if low in decided or (_IDENT.fullmatch(low) and is_secret_name(low)) or _holds_secret(raw):
            dropped.append(key)
        else:
            kept.append(raw.replace("{", "{{").replace("}", "}}"))  # literal text of a str.format template
    return kept, dropped


def _decided(family: str) -> frozenset[str]:
    if family == "mysql":
        from generator.plan.mysqlurls import MYSQL_DESTINATION

        return MYSQL_DESTINATION
    return PG_DESTINATION if family == "postgres" else REDIS_DESTINATION


def dropped_params(raw: str, family: str) -> list[str]:
    """The decoded keys of the compose URL's query that c2p drops (for the plan's warning); the TLS switches c2p
    sets itself are not listed."""
    decided = _decided(family)
    try:
        value = raw.strip()
        if family == "mysql" and "@tcp(" in value and "://" not in value:  # a Go DSN: user:pass@tcp(h:p)/db?query
            query = value.split("?", 1)[1] if "?" in value else ""
        else:
            query = urlsplit(value[5:] if value.lower().startswith("jdbc:") else value).query
    except ValueError:
        return []
    own_tls = ("sslmode", "ssl") if family != "mysql" else ("sslmode", "ssl", "ssl-mode", "ssl_mode", "tls", "usessl",
                                                               "sslaccept")
    return [k for k in rebuilt_query(query, decided)[1] if k.strip().lower() not in own_tls]


def dropped_note(raw: str, family: str) -> str:
    """` Dropped query parameters …: host, hostaddr.` for the override's reason and the plan's warning ("" if none).
    Only names from c2p's own lists are printed; other dropped keys (credentials) are counted."""
    keys = dropped_params(raw, family)
    if not keys:
        return ""
    decided = _decided(family)
    known = sorted({k.strip().lower() for k in keys if k.strip().lower() in decided})
    other = len([k for k in keys if k.strip().lower() not in decided])
    what = ", ".join(known + ([f"{other} credential parameter(s)"] if other else []))
    return f" Dropped query parameters that would change where or as whom it connects (c2p sets those): {what}."


def _given(raw_query: str) -> dict[str, str]:
    return {k.strip().lower(): v for _raw, k, v in query_pairs(raw_query)}


def pg_sslmode(settings, given: str | None = None) -> str:
    """The sslmode a client uses: verify-full when the resource names a CA file the client can read (libpq and
    node-postgres both verify the chain and the host name then), else the resource's own mode; a compose value
    that already verifies (verify-ca, verify-full) is kept."""
    if given in _STRONG_SSL:
        return given
    return "verify-full" if settings.get("ca_file") else settings.get("sslmode", "require")


def postgres_url(raw: str, settings) -> str:
    jdbc = raw.lower().startswith("jdbc:")
    parts = urlsplit(raw[5:] if jdbc else raw)
    given = _given(parts.query)
    mode = pg_sslmode(settings, given.get("sslmode"))
    query, _dropped = rebuilt_query(parts.query, PG_DESTINATION)
    if jdbc:
        base = "jdbc:postgresql://{host}:{port}/{database}"
        if "user" in given or "password" in given:
            query += ["user={username}", "password={password}"]
    else:
        scheme = parts.scheme.lower()
        scheme = "postgresql" if scheme in ("postgres", "postgresql", "pgsql") else scheme
        base = scheme + "://{username}:{password}@{host}:{port}/{database}"
    query.append(f"sslmode={mode}")
    if settings.get("ca_file"):
        # libpq, pgjdbc and node-postgres (pg-connection-string) all read sslrootcert from the URL
        query.append("sslrootcert=" + literal(settings["ca_file"]))
    return base + "?" + "&".join(query)


def literal(text: str) -> str:
    """A c2p-chosen literal inside a str.format template (a file path: no braces expected, doubled if any)."""
    return text.replace("{", "{{").replace("}", "}}")


def redis_tls_query(settings, runtime: str | None) -> list[str]:
    """The query pairs a rediss:// URL carries for its client: only a Python client (redis-py, Celery, Django's
    cache through redis-py) reads ssl_cert_reqs and ssl_ca_certs from the URL, and Celery refuses a rediss:// URL
    without ssl_cert_reqs. Every other client gets none: go-redis's ParseURL rejects unknown query parameters
    (`redis: unexpected option`), Node and Ruby clients take neither there (Node gets NODE_EXTRA_CA_CERTS instead),
    and a client c2p cannot identify is not given parameters it may refuse (the override's reason says so)."""
    if not settings.get("tls") or runtime != "python":
        return []
    pairs = ["ssl_cert_reqs=required"]
    if settings.get("ca_file"):
        pairs.append("ssl_ca_certs=" + literal(settings["ca_file"]))
    return pairs


def redis_url(raw: str, settings, runtime: str | None = None) -> str:
    parts = urlsplit(raw)
    scheme = "rediss" if settings.get("tls") else "redis"
    userinfo = ""
    if settings.get("auth"):
        userinfo = ("{username}" if settings.get("username") else "") + ":{password}@"
    path = parts.path if re.fullmatch(r"/[0-9]*", parts.path or "") else ""
    query, _dropped = rebuilt_query(parts.query, REDIS_DESTINATION)
    query += redis_tls_query(settings, runtime)
    tail = ("?" + "&".join(query)) if query else ""
    return f"{scheme}://{userinfo}{{host}}:{{port}}{path}{tail}"
