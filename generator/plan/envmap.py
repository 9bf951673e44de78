"""The env-override contract: each consumer env var's production value as a template over outputs.

Placeholders are outputs of the resource (model.OUTPUTS); secrets stay placeholders ({password}),
never literals. Development-only parts of the compose value (sslmode=disable, literal passwords,
dev root tokens) are dropped and said so in the reason.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from generator.classify.model import Use
from generator.classify.secrets import is_secret_name, secrets_in
from generator.plan.model import SECRET_OUTPUTS, EnvOverride, Resource

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
_AUTH_METHOD = {"aws": "AWS IAM auth", "k8s": "Kubernetes auth", "gcp": "GCP IAM auth", "azure": "Azure auth"}


def engine_family(kind: str) -> str:
    """The engine family whose URL rules apply (TimescaleDB is PostgreSQL)."""
    return "postgres" if kind in ("postgres", "timescaledb") else kind


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


def dropped_params(raw: str, family: str) -> list[str]:
    """The decoded keys of the compose URL's query that c2p drops (for the plan's warning)."""
    decided = PG_DESTINATION if family == "postgres" else REDIS_DESTINATION
    try:
        query = urlsplit(raw[5:] if raw.lower().startswith("jdbc:") else raw).query
    except ValueError:
        return []
    return [k for k in rebuilt_query(query, decided)[1] if k.strip().lower() not in ("sslmode", "ssl")]


def dropped_note(raw: str, family: str) -> str:
    """` Dropped query parameters …: host, hostaddr.` for the override's reason and the plan's warning ("" if none).
    Only names from c2p's own lists are printed; other dropped keys (credentials) are counted."""
    keys = dropped_params(raw, family)
    if not keys:
        return ""
    decided = PG_DESTINATION if family == "postgres" else REDIS_DESTINATION
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
        query.append("sslrootcert=" + _literal(settings["ca_file"]))
    return base + "?" + "&".join(query)


def _literal(text: str) -> str:
    """A c2p-chosen literal inside a str.format template (a file path: no braces expected, doubled if any)."""
    return text.replace("{", "{{").replace("}", "}}")


def redis_tls_query(settings, runtime: str | None) -> list[str]:
    """The query pairs a rediss:// URL carries for its client: redis-py and Celery read ssl_cert_reqs and
    ssl_ca_certs from the URL (Celery refuses a rediss:// URL without ssl_cert_reqs); Node and Ruby clients take
    neither there (Node gets NODE_EXTRA_CA_CERTS instead)."""
    if not settings.get("tls") or runtime in ("node", "ruby"):
        return []
    pairs = ["ssl_cert_reqs=required"]
    if settings.get("ca_file"):
        pairs.append("ssl_ca_certs=" + _literal(settings["ca_file"]))
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


def _set(use: Use, res: Resource, template: str, reason: str) -> EnvOverride:
    secret = any("{" + s + "}" in template for s in SECRET_OUTPUTS)
    return EnvOverride(var=use.env, action="set", resource=res.name, role=use.role, template=template,
                       secret=secret, reason=reason, dev_value=use.value)


def _remove(use: Use, res: Resource, reason: str) -> EnvOverride:
    return EnvOverride(var=use.env, action="remove", resource=res.name, role=use.role, template=None,
                       secret=False, reason=reason, dev_value=use.value)


def _dropped(use: Use) -> str:
    return f" Dropped from compose: {', '.join(use.dev_only)}." if use.dev_only else ""


def _tls_note(s, runtime: str | None) -> str:
    if not s.get("tls"):
        return ""
    if runtime in ("node", "ruby"):
        return f" The {runtime} client takes no TLS options from the URL" + (
            " (the CA comes through NODE_EXTRA_CA_CERTS)." if runtime == "node" else ".")
    return (" ssl_cert_reqs=required" + (f" and ssl_ca_certs={s['ca_file']}" if s.get("ca_file") else "")
            + " for redis-py and Celery (which refuses rediss:// without ssl_cert_reqs); a client that rejects "
              "unknown URL options (go-redis) needs them removed.")


def override_for(use: Use, res: Resource, raw: str, target: str, runtime: str | None = None) -> EnvOverride | None:
    """The production value of one consumer var, or None when the role has no equivalent (runtime: the app's
    runtime from plan/clients.runtime, which decides how a Redis client gets its TLS options)."""
    family, s, role = engine_family(res.kind), res.settings, use.role
    where = f"the production {res.name} ({res.mapping})"
    simple = {"host": "{host}", "port": "{port}", "user": "{username}", "password": "{password}",
              "database": "{database}"}
    if family == "postgres":
        if role == "url":
            ca = f" with sslrootcert={s['ca_file']} (the CA that signs its certificate)" if s.get("ca_file") else ""
            return _set(use, res, postgres_url(raw, s),
                        f"Rebuilt for {where}: its host, port, user and database; the password is read from a secret; "
                        f"sslmode={pg_sslmode(s)}{ca}.{_dropped(use)}{dropped_note(raw, family)}")
        if role == "sslmode":
            value = "false" if "DISABLE" in use.env.upper() else pg_sslmode(s)
            return _set(use, res, value, f"TLS is required by {where}.{_dropped(use)}")
        if role == "tls":
            return _set(use, res, "true", f"TLS is required by {where}.{_dropped(use)}")
        if role == "ca" and s.get("ca_file"):
            return _set(use, res, _literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
        if role == "host" and re.search(r":[0-9]+$", raw):
            return _set(use, res, "{host}:{port}", f"The endpoint of {where}.")
        if role in simple:
            return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if family == "redis":
        if role == "url":
            tls = "TLS (rediss://)" if s.get("tls") else "no TLS"
            auth = "an auth token read from a secret" if s.get("auth") else "no auth"
            return _set(use, res, redis_url(raw, s, runtime),
                        f"Rebuilt for {where}: {tls}, {auth}.{_tls_note(s, runtime)}{_dropped(use)}"
                        f"{dropped_note(raw, family)}")
        if role == "tls":
            if s.get("tls"):
                return _set(use, res, "true", f"{where} serves TLS only.{_dropped(use)}")
            return _set(use, res, "false", f"{where} serves no TLS.")
        if role == "ca":
            if s.get("ca_file"):
                return _set(use, res, _literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
            return _remove(use, res, f"{where} presents a certificate from a publicly trusted CA (or no TLS).")
        if role == "password" and not s.get("auth"):
            return _remove(use, res, f"{where} has no password (auth off).")
        if role == "user" and not s.get("username"):
            return _remove(use, res, f"{where} has no ACL user; the password alone authenticates.")
        if role == "host" and re.search(r":[0-9]+$", raw):
            return _set(use, res, "{host}:{port}", f"The endpoint of {where}.")
        if role in ("host", "port", "user", "password"):
            return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if family == "vault":
        if role == "ca" and s.get("ca_file"):
            return _set(use, res, _literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
        if role in ("addr", "host"):
            return _set(use, res, "{addr}", f"The address of {where} (https).{_dropped(use)}")
        if role == "namespace":
            if s.get("namespace"):
                return _set(use, res, "{namespace}", f"{where} serves apps in a namespace.")
            return _remove(use, res, f"{where} has no namespace.")
        if role == "token":
            method = _AUTH_METHOD.get(target, "an auth method")
            what = "a dev root token" if "dev root token" in use.dev_only else "a static token"
            return _remove(use, res, f"Compose passed {what}; in production the app logs in with {method} "
                                     "(a role bound to its identity) instead of a token in the environment.")
    return None


def added_namespace(res: Resource) -> EnvOverride:
    return EnvOverride(var="VAULT_NAMESPACE", action="set", resource=res.name, role="namespace",
                       template="{namespace}", secret=False,
                       reason=f"Added: the production {res.name} ({res.mapping}) serves apps in a namespace.")
