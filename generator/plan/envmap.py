"""The env-override contract: each consumer env var's production value as a template over outputs.

Placeholders are outputs of the resource (model.OUTPUTS); secrets stay placeholders ({password}),
never literals. Development-only parts of the compose value (sslmode=disable, literal passwords,
dev root tokens) are dropped and said so in the reason.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from generator.classify.model import Use
from generator.plan.model import SECRET_OUTPUTS, EnvOverride, Resource

_SECRET_PARAMS = {"password", "passwd", "pwd", "token", "secret", "user", "username", "sslmode", "ssl"}
_STRONG_SSL = ("verify-ca", "verify-full")
_AUTH_METHOD = {"aws": "AWS IAM auth", "k8s": "Kubernetes auth", "gcp": "GCP IAM auth", "azure": "Azure auth"}


def _family(kind: str) -> str:
    return "postgres" if kind in ("postgres", "timescaledb") else kind


def _query(raw_query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(raw_query, keep_blank_values=True)
            if k.lower() not in _SECRET_PARAMS and "{" not in v and "}" not in v]


def postgres_url(raw: str, settings) -> str:
    jdbc = raw.lower().startswith("jdbc:")
    parts = urlsplit(raw[5:] if jdbc else raw)
    given = {k.lower(): v for k, v in parse_qsl(parts.query)}
    mode = given.get("sslmode") if given.get("sslmode") in _STRONG_SSL else settings.get("sslmode", "require")
    query = _query(parts.query)
    if jdbc:
        base = "jdbc:postgresql://{host}:{port}/{database}"
        if "user" in given or "password" in given:
            query += [("user", "{username}"), ("password", "{password}")]
    else:
        scheme = parts.scheme.lower()
        scheme = "postgresql" if scheme in ("postgres", "postgresql", "pgsql") else scheme
        base = scheme + "://{username}:{password}@{host}:{port}/{database}"
    query.append(("sslmode", mode))
    return base + "?" + "&".join(f"{k}={v}" for k, v in query)


def redis_url(raw: str, settings) -> str:
    parts = urlsplit(raw)
    scheme = "rediss" if settings.get("tls") else "redis"
    userinfo = ""
    if settings.get("auth"):
        userinfo = ("{username}" if settings.get("username") else "") + ":{password}@"
    path = parts.path if re.fullmatch(r"/[0-9]*", parts.path or "") else ""
    query = _query(parts.query)
    tail = ("?" + "&".join(f"{k}={v}" for k, v in query)) if query else ""
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


def override_for(use: Use, res: Resource, raw: str, target: str) -> EnvOverride | None:
    """The production value of one consumer var, or None when the role has no equivalent."""
    family, s, role = _family(res.kind), res.settings, use.role
    where = f"the production {res.name} ({res.mapping})"
    simple = {"host": "{host}", "port": "{port}", "user": "{username}", "password": "{password}",
              "database": "{database}"}
    if family == "postgres":
        if role == "url":
            return _set(use, res, postgres_url(raw, s),
                        f"Rebuilt for {where}: its host, port, user and database; the password is read from a secret; "
                        f"sslmode={s.get('sslmode', 'require')}.{_dropped(use)}")
        if role == "sslmode":
            value = "false" if "DISABLE" in use.env.upper() else ("true" if use.env.upper().endswith("_SSL") else s.get("sslmode", "require"))
            return _set(use, res, value, f"TLS is required by {where}.{_dropped(use)}")
        if role == "host" and re.search(r":[0-9]+$", raw):
            return _set(use, res, "{host}:{port}", f"The endpoint of {where}.")
        if role in simple:
            return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if family == "redis":
        if role == "url":
            tls = "TLS (rediss://)" if s.get("tls") else "no TLS"
            auth = "an auth token read from a secret" if s.get("auth") else "no auth"
            return _set(use, res, redis_url(raw, s), f"Rebuilt for {where}: {tls}, {auth}.{_dropped(use)}")
        if role == "password" and not s.get("auth"):
            return _remove(use, res, f"{where} has no password (auth off).")
        if role == "user" and not s.get("username"):
            return _remove(use, res, f"{where} has no ACL user; the password alone authenticates.")
        if role == "host" and re.search(r":[0-9]+$", raw):
            return _set(use, res, "{host}:{port}", f"The endpoint of {where}.")
        if role in ("host", "port", "user", "password"):
            return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if family == "vault":
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
