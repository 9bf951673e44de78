"""What an app needs in its env that compose did not set: the password, TLS switch and CA of a database it reaches
through a host variable (split style), and the CA of every TLS service it uses.

Compose's Redis often had no password and no TLS, production has both: an app that reads `AUTHENTIK_REDIS__HOST`
gets `AUTHENTIK_REDIS__PASSWORD`, `__TLS`, `__TLS_REQS` and `__TLS_CA_CERT` added (names from plan/clients.py; the
generic `<prefix>PASSWORD` / `<prefix>TLS` for apps not listed there). Where the app has no way to take TLS, a
warning says so. Variables compose did set are rewritten by plan/envmap.override_for; the ones added here win over
a compose variable of the same name.
"""

from __future__ import annotations

from typing import Mapping

from generator.classify.consumers import split_prefix
from generator.classify.model import ServiceInfo
from generator.model import Service
from generator.plan import clients, mysqlenv
from generator.plan.envmap import engine_family
from generator.plan.urls import pg_sslmode, redis_url
from generator.plan.model import EnvOverride, EnvVar, Resource
from generator.plan.tlsoff import tls_off


def _set(var: str, res: Resource, role: str, template: str, reason: str, secret: bool = False) -> EnvVar:
    ov = EnvOverride(var=var, action="set", resource=res.name, role=role, template=template.replace("{", "{{")
                     .replace("}", "}}") if role in ("tls", "ca", "sslmode") else template,
                     secret=secret, reason=reason, dev_value=None)
    return EnvVar(name=var, secret=secret, override=ov)


class _Added:
    def __init__(self, svc: Service, resources: Mapping[str, Resource], runtime: str | None):
        self.svc, self.resources, self.runtime = svc, resources, runtime
        self.vars: dict[str, EnvVar] = {}
        self.warnings: list[str] = []
        self.libpq: list[tuple[Resource, str]] = []  # postgres groups whose own names carry no sslmode / no CA

    def add(self, var: str, res: Resource, role: str, template: str, reason: str, secret: bool = False) -> None:
        if var not in self.vars:
            self.vars[var] = _set(var, res, role, template, reason, secret)


def _group(out: _Added, host_var: str, res: Resource, uses: dict[str, str]) -> None:
    """One split-style group: `host_var` points at `res`; uses: the consumer's vars already wired → their role."""
    family, s = engine_family(res.kind), res.settings
    prefix = split_prefix(host_var)
    if family == "mysql":
        return mysqlenv.group(out, host_var, res, uses)
    if prefix is None or family not in ("redis", "postgres"):
        return
    image = out.svc.image
    conv = clients.convention(family, prefix, image) or clients.convention(family, host_var, image)
    base = conv.prefix if conv else prefix
    where = f"the production {res.name} ({res.mapping})"
    named = f"{conv.app}'s name for it; source: {conv.source}" if conv else (
        f"the generic name next to {host_var}: c2p does not know this app, check the name it reads")
    siblings = {role: var for var, role in uses.items() if var.startswith(prefix) and var != host_var}
    has_password = family == "postgres" or bool(s.get("auth"))
    blocker = clients.tls_blocker(conv, image, out.runtime) if family == "redis" else None
    if blocker and s.get("tls") and not _plain_ok(out, res):
        out.warnings.append(f"{host_var}: {blocker}, while {where} serves TLS only: the "
                            f"app cannot connect until {res.name} also serves plain TCP inside the cluster, or "
                            "the app's Redis configuration is given TLS by hand (TODO)")
        blocker = "warned"
    if conv and conv.url and s.get("tls") and not blocker:
        url = conv.url
        if url not in uses:
            out.add(url, res, "url", redis_url("", s, out.runtime),
                    f"Added: {conv.app} builds a plain redis:// URL from {host_var} and its siblings, but takes "
                    f"{url} as is ({conv.source}); {where} needs TLS and its password.", secret=has_password)
        if s.get("ca_file") and out.runtime != "node" and not _trust_bundle(out, res):
            out.warnings.append(
                f"{url}: {conv.app}'s Redis client takes no CA file from the environment: add {s['ca_file']} to the "
                f"image's trust store, or {res.name} cannot be verified")
        tls_needs(out, res, conv)
        return
    if has_password and "password" not in siblings:
        name = base + conv.password if conv and conv.password else prefix + "PASSWORD"
        if name not in uses:
            out.add(name, res, "password", "{password}",
                    f"Added: the password of {where}, which compose did not pass ({named}).", secret=True)
    if family == "redis":
        if not s.get("tls"):
            return
        if blocker:
            return  # warned above, or the target accepts this app's plain connections (Resource.plain_clients)
        pairs = [(base + suffix, value) for suffix, value in conv.tls] if conv else [
            (siblings.get("tls", prefix + "TLS"), "true")]
        for name, value in pairs:
            if name not in uses:
                out.add(name, res, "tls", value, f"Added: {where} serves TLS only ({named}).")
        tls_needs(out, res, conv)
        if conv and conv.ca and s.get("ca_file") and base + conv.ca not in uses:
            out.add(base + conv.ca, res, "ca", s["ca_file"], f"Added: the CA that signs {where}'s certificate ({named}).")
        return
    mode = pg_sslmode(s)
    own_mode = [(base + suffix, value) for suffix, value in conv.tls] if conv else []
    for name, value in own_mode:
        if name not in uses:
            out.add(name, res, "sslmode", value.format(sslmode=mode), f"Added: {where} requires TLS ({named}).")
    own_ca = base + conv.ca if conv and conv.ca else siblings.get("ca")
    if conv and conv.ca and s.get("ca_file") and own_ca not in uses:
        out.add(own_ca, res, "ca", s["ca_file"], f"Added: the CA that signs {where}'s certificate ({named}).")
    if not own_mode and "sslmode" not in siblings and "tls" not in siblings:
        out.libpq.append((res, "sslmode"))
    if s.get("ca_file") and own_ca is None:
        out.libpq.append((res, "ca"))


def _plain_ok(out: _Added, res: Resource) -> bool:
    """The target accepts this app's plain connections to `res` (Resource.plain_clients) and warns there."""
    return any(c.split(":", 1)[0] == out.svc.name for c in res.plain_clients)


def tls_needs(out: _Added, res: Resource, conv) -> None:
    """What the app needs set, besides its URL or switch, to take the TLS `res` serves (plan/clients.py TlsNeed)."""
    for var, value, why in clients.tls_env(conv, out.svc.image, out.runtime):
        out.add(var, res, "tls", value, f"Added: the production {res.name} ({res.mapping}) serves TLS only, and {why}.")


def _url_needs(out: _Added, use, res: Resource) -> None:
    """A well-known app reaching a TLS Redis through its URL variable: what it needs besides rediss://; a MySQL URL's
    client that cannot take all of TLS from it (plan/mysqlenv.py)."""
    if engine_family(res.kind) == "mysql":
        return mysqlenv.url_needs(out, use, res)
    prefix = split_prefix(use.env)
    if engine_family(res.kind) != "redis" or not res.settings.get("tls") or prefix is None:
        return
    conv = clients.convention("redis", prefix, out.svc.image)
    blocker = clients.tls_blocker(conv, out.svc.image, out.runtime)
    if blocker and not _plain_ok(out, res):
        out.warnings.append(f"{use.env}: {blocker}, while the production {res.name} serves TLS only: "
                            "the app cannot connect over TLS (TODO)")
    if not blocker:
        tls_needs(out, res, conv)


def _libpq(out: _Added, uses: dict[str, str]) -> None:
    """PGSSLMODE / PGSSLROOTCERT, libpq's defaults, for groups whose own names carry none — one value for the whole
    process, so only when every such database agrees."""
    for what, var in (("sslmode", clients.LIBPQ_SSLMODE), ("ca", clients.LIBPQ_ROOTCERT)):
        found = [r for r, w in out.libpq if w == what]
        if not found or var in uses or var in out.vars:
            continue
        values = {pg_sslmode(r.settings) if what == "sslmode" else r.settings.get("ca_file") for r in found}
        if len(values) != 1:
            out.warnings.append(f"{var}: the databases {', '.join(r.name for r in found)} need different values; set "
                                "it per connection in the app")
            continue
        res = found[0]
        where = f"the production {res.name} ({res.mapping})"
        reason = (f"Added: libpq's default sslmode (PostgreSQL docs, libpq-envars), since the app's own variables for "
                  f"{where} carry none." if what == "sslmode" else
                  f"Added: libpq's default CA file (PostgreSQL docs, libpq-envars), the CA that signs {where}'s "
                  "certificate.")
        out.add(var, res, "sslmode" if what == "sslmode" else "ca", values.pop(), reason)


def _trust_bundle(out: _Added, res: Resource) -> bool:
    """SSL_CERT_FILE for a runtime that trusts only the system store (plan/clients.py TRUST_STORE_ONLY), when the target
    builds a bundle of the system CAs and the CA that signs `res` (settings["trust_bundle"]). False: not possible."""
    why, bundle = clients.TRUST_STORE_ONLY.get(out.runtime or ""), res.settings.get("trust_bundle")
    if not why or not bundle or not res.settings.get("ca_file") or clients.TRUST_VAR in out.svc.environment:
        return False  # compose's own SSL_CERT_FILE is kept (the warning says the CA must be added to it)
    out.add(clients.TRUST_VAR, res, "ca", bundle,
            f"Added: {why}. OpenSSL's default store reads the file SSL_CERT_FILE names; this one holds the image's "
            f"system CAs and the CA that signs the production {res.name}'s certificate, merged at pod start.")
    return clients.TRUST_VAR in out.vars and out.vars[clients.TRUST_VAR].override.template == bundle


def _app_ca(out: _Added, info: ServiceInfo, uses: dict[str, str]) -> None:
    """VAULT_CACERT for Vault consumers; NODE_EXTRA_CA_CERTS for a Node app using any service with a CA file."""
    consumed = [out.resources[t] for t in sorted({u.target for u in info.consumes}) if t in out.resources]
    for res in consumed:
        if res.kind == "vault" and res.settings.get("ca_file") and "ca" not in {uses.get("VAULT_CACERT")}:
            out.add("VAULT_CACERT", res, "ca", res.settings["ca_file"],
                    f"Added: the CA that signs the certificate of the production {res.name} ({res.mapping}); the "
                    "Vault clients and API libraries read VAULT_CACERT.")
    with_ca = [r for r in consumed if r.settings.get("ca_file")]
    for res in (r for r in with_ca if engine_family(r.kind) == "redis"):
        _trust_bundle(out, res)
    if out.runtime == "ruby" and not any("takes no CA file" in w for w in out.warnings):
        for res in (r for r in with_ca if engine_family(r.kind) == "redis" and not _trust_bundle(out, r)):
            out.warnings.append(f"{res.name}: the Ruby Redis client (redis-rb, redis-client) takes no CA file from the "
                                f"environment: add {res.settings['ca_file']} to the image's trust store, or {res.name} "
                                "cannot be verified")
    if out.runtime not in ("python", "node", "ruby"):
        by_url = {u.target for u in info.consumes if u.role == "url"}
        for res in (r for r in with_ca if engine_family(r.kind) == "redis" and r.settings.get("tls")
                    and r.name in by_url):
            out.warnings.append(f"{res.name}: c2p cannot tell this app's Redis client, so its rediss:// URL carries "
                                "no TLS options (go-redis rejects unknown ones): give the client "
                                f"{res.settings['ca_file']} (redis-py/Celery: ?ssl_cert_reqs=required&ssl_ca_certs="
                                f"{res.settings['ca_file']}; otherwise the image's trust store), or {res.name} cannot "
                                "be verified")
    if out.runtime == "node" and with_ca and "NODE_EXTRA_CA_CERTS" not in uses:
        files = sorted({r.settings["ca_file"] for r in with_ca})
        out.add("NODE_EXTRA_CA_CERTS", with_ca[0], "ca", files[0],
                f"Added: Node adds this CA to its trust store (nodejs.org/api/cli.html), so its {_clients(with_ca)} "
                f"clients verify {', '.join(r.name for r in with_ca)}.")
        if len(files) > 1:
            out.warnings.append(f"NODE_EXTRA_CA_CERTS takes one file; {', '.join(files[1:])} must be appended to it")


def _clients(resources) -> str:
    """The words for Node's database clients (the same text as before MySQL when there is none)."""
    mysql = [r for r in resources if engine_family(r.kind) == "mysql"]
    return "Redis and PostgreSQL" if not mysql else (
        "MySQL" if len(mysql) == len(resources) else "Redis, PostgreSQL and MySQL")


def added_env(svc: Service, info: ServiceInfo, resources: Mapping[str, Resource],
              runtime: str | None) -> tuple[dict[str, EnvVar], list[str]]:
    """(var → EnvVar to add or to put in place of compose's, warnings) for one app service."""
    uses = {u.env: u.role for u in info.consumes if u.target in resources}
    out = _Added(svc, resources, runtime)
    for use in info.consumes:
        if use.role == "host" and use.target in resources:
            same_target = {u.env: u.role for u in info.consumes if u.target == use.target}
            _group(out, use.env, resources[use.target], same_target)
    for use in info.consumes:
        if use.role == "url" and use.target in resources:
            _url_needs(out, use, resources[use.target])
    _libpq(out, uses)
    _app_ca(out, info, uses)
    consumed = [resources[t] for t in sorted({u.target for u in info.consumes}) if t in resources]
    off, notes = tls_off(svc.environment, set(uses), consumed)
    out.warnings += notes
    for name, var in off.items():
        out.vars.setdefault(name, var)
    return out.vars, out.warnings
