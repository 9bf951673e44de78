"""The env-override contract: each consumer env var's production value as a template over outputs.

Placeholders are outputs of the resource (model.OUTPUTS); secrets stay placeholders ({password}),
never literals. Development-only parts of the compose value (sslmode=disable, literal passwords,
dev root tokens) are dropped and said so in the reason.

The settings a mapping provides for its consumers (Resource.settings), per engine family:
- postgres: `sslmode` (require | verify-ca | verify-full), `ca_file` (the CA's path in the app's container, or None).
- redis: `tls` (bool), `auth` (bool), `username` (ACL user or None), `ca_file`, `trust_bundle` (k8s: system CAs +
  the release CA, for runtimes that trust only the system store).
- mysql (MySQL and MariaDB, plan/mysqlenv.py): `tls` (bool: the server accepts TLS connections only, as c2p's
  mappings require — RDS require_secure_transport, the operators' TLS-only servers), `ca_file` (str | None: the path,
  in the app's container, of the CA bundle that signs the server's certificate; None when a publicly trusted CA signs
  it and the system store verifies it), `ssl_mode` ("VERIFY_IDENTITY" | "VERIFY_CA" | "REQUIRED", MySQL's names:
  verify chain and host name | chain only | encrypt only; default VERIFY_IDENTITY), and optionally `trust_bundle` as
  for redis (PHP apps: WordPress verifies through OpenSSL's default store). Outputs (model.OUTPUTS): host, port,
  username, password (a secret reference), database — the owner and database of Resource.databases[0].
"""

from __future__ import annotations

import re

from generator.classify.model import Use
from generator.plan.model import SECRET_OUTPUTS, EnvOverride, Resource
from generator.plan.urls import dropped_note, literal, pg_sslmode, postgres_url, redis_url

_AUTH_METHOD = {"aws": "AWS IAM auth", "k8s": "Kubernetes auth", "gcp": "GCP IAM auth", "azure": "Azure auth"}


def engine_family(kind: str) -> str:
    """The engine family whose URL rules apply (TimescaleDB is PostgreSQL, MariaDB is MySQL)."""
    from generator.classify.kinds import family_of

    return family_of(kind)


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
    if runtime == "python":
        return (" ssl_cert_reqs=required" + (f" and ssl_ca_certs={s['ca_file']}" if s.get("ca_file") else "")
                + " for redis-py and Celery (which refuses rediss:// without ssl_cert_reqs).")
    return (" No TLS query parameters: c2p cannot tell this app's Redis client, and some reject unknown ones "
            "(go-redis); if it is redis-py or Celery (a Python app), append ?ssl_cert_reqs=required"
            + (f"&ssl_ca_certs={s['ca_file']}" if s.get("ca_file") else "") + " (Celery refuses rediss:// without it).")


def override_for(use: Use, res: Resource, raw: str, target: str, runtime: str | None = None,
                 env=None, image: str | None = None) -> EnvOverride | None:
    """The production value of one consumer var, or None when the role has no equivalent (runtime: the app's
    runtime from plan/clients.runtime, which decides how a Redis or MySQL client gets its TLS options; env and image:
    the app's, which name its MySQL client and conventions)."""
    family, s, role = engine_family(res.kind), res.settings, use.role
    if family == "mysql":
        from generator.plan import mysqlenv

        return mysqlenv.override_for(use, res, raw, runtime, env, image)
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
            return _set(use, res, literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
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
                return _set(use, res, literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
            return _remove(use, res, f"{where} presents a certificate from a publicly trusted CA (or no TLS).")
        if role == "password" and not s.get("auth"):
            return _remove(use, res, f"{where} has no password (auth off).")
        if role == "user" and not s.get("username"):
            return _remove(use, res, f"{where} has no ACL user; the password alone authenticates.")
        if role == "host" and re.search(r":[0-9]+$", raw):
            return _set(use, res, "{host}:{port}", f"The endpoint of {where}.")
        if role in ("host", "port", "user", "password"):
            return _set(use, res, simple[role], f"The {role} of {where}.{_dropped(use)}")
    if family == "vault" and res.settings.get("vault_api") is False:  # a mapping without the Vault API (aws Secrets Manager)
        return _remove(use, res, f"{where} is AWS Secrets Manager, not Vault: the app reads its secrets with the AWS "
                                 "SDK or the runtime's secret injection, as its IAM role (README.md).")
    if family == "vault":
        if role == "ca" and s.get("ca_file"):
            return _set(use, res, literal(s["ca_file"]), f"The CA that signs the certificate of {where}.")
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
