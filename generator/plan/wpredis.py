"""WordPress's Redis Object Cache settings, written as PHP in WORDPRESS_CONFIG_EXTRA (the official image evals that
variable inside wp-config.php: docker-library/wordpress wp-config-docker.php). Compose's
`define('WP_REDIS_HOST', 'redis');` points at the dev server: no password, no TLS. The Redis Object Cache plugin reads
only these constants (rhubarbgroup/redis-cache: WP_REDIS_HOST, WP_REDIS_PORT, WP_REDIS_PASSWORD, WP_REDIS_SCHEME
tcp|tls). c2p replaces each such define with its own constant text reading an environment variable it sets
(`define('WP_REDIS_HOST', getenv('WP_REDIS_HOST'));`) — no compose value goes into the PHP, every other statement is
kept byte for byte — and adds the variables, wired to the production Redis. PHP verifies the TLS certificate with
OpenSSL's default store: SSL_CERT_FILE, the merged bundle (plan/clients.py TRUST_STORE_ONLY).
"""

from __future__ import annotations

import re
from typing import Mapping

from generator.plan import clients
from generator.plan.envmap import engine_family
from generator.plan.model import EnvOverride, EnvVar, Resource

_VALUE = r"""(?:'(?P<sq>[^'\\]*)'|"(?P<dq>[^"\\$]*)"|(?P<num>[0-9]+)|(?P<word>[A-Za-z_]+))"""
_DEFINE = re.compile(r"""define\(\s*(['"])(?P<name>WP_REDIS_[A-Z_]+)\1\s*,\s*""" + _VALUE + r"""\s*\)\s*;""")
_OWNED = {"WP_REDIS_HOST": "getenv('WP_REDIS_HOST')", "WP_REDIS_PORT": "(int) getenv('WP_REDIS_PORT')",
          "WP_REDIS_PASSWORD": "getenv('WP_REDIS_PASSWORD')", "WP_REDIS_SCHEME": "getenv('WP_REDIS_SCHEME')"}


def _host(m: re.Match) -> str:
    return (m.group("sq") or m.group("dq") or "").split(":")[0].strip().lower()


def _var(name: str, res: Resource, role: str, template: str, reason: str, secret: bool = False) -> EnvVar:
    return EnvVar(name=name, secret=secret, override=EnvOverride(
        var=name, action="set", resource=res.name, role=role, template=template, secret=secret, reason=reason))


def rewire(env: list[EnvVar], resources: Mapping[str, Resource], runtime: str | None) -> tuple[list[EnvVar], list[str]]:
    """env with each plain variable holding `define('WP_REDIS_HOST', '<a Redis service>')` rewritten and the
    WP_REDIS_* variables (and SSL_CERT_FILE) added; warnings."""
    out, added, warnings = list(env), {}, []
    names = {v.name for v in env}
    for i, var in enumerate(env):
        if var.override is not None or not var.value or "WP_REDIS_HOST" not in var.value:
            continue
        hosts = [_host(m) for m in _DEFINE.finditer(var.value) if m.group("name") == "WP_REDIS_HOST"]
        res = next((resources[h] for h in hosts if h in resources and engine_family(resources[h].kind) == "redis"), None)
        if res is None:
            continue
        s, where = res.settings, f"the production {res.name} ({res.mapping})"
        want = ["WP_REDIS_HOST", "WP_REDIS_PORT", "WP_REDIS_SCHEME"] + (["WP_REDIS_PASSWORD"] if s.get("auth") else [])
        seen: set[str] = set()

        def ours(m: re.Match) -> str:
            if m.group("name") not in _OWNED:
                return m.group(0)
            seen.add(m.group("name"))
            return f"define('{m.group('name')}', {_OWNED[m.group('name')]});"

        text = _DEFINE.sub(ours, var.value)
        text += "".join(f" define('{n}', {_OWNED[n]});" for n in want if n not in seen)
        reason = (f"Rewritten by c2p: its WP_REDIS_* defines (Redis Object Cache) now read the variables c2p sets for "
                  f"{where}; every other statement is compose's, unchanged.")
        out[i] = EnvVar(name=var.name, override=EnvOverride(
            var=var.name, action="set", resource=res.name, role="config", secret=False, reason=reason,
            template=text.replace("{", "{{").replace("}", "}}"), dev_value=var.value))
        why = f"Added: the Redis Object Cache setting for {where}, read by c2p's define in {var.name}."
        for n, role, tpl, secret in (("WP_REDIS_HOST", "host", "{host}", False), ("WP_REDIS_PORT", "port", "{port}", False),
                                     ("WP_REDIS_PASSWORD", "password", "{password}", True),
                                     ("WP_REDIS_SCHEME", "tls", "tls" if s.get("tls") else "tcp", False)):
            if n in want and n not in names:
                added[n] = _var(n, res, role, tpl, why, secret)
        bundle = s.get("trust_bundle") if s.get("tls") else None
        if bundle and runtime in clients.TRUST_STORE_ONLY and clients.TRUST_VAR not in names:
            added[clients.TRUST_VAR] = _var(clients.TRUST_VAR, res, "ca", bundle,
                                            f"Added: {clients.TRUST_STORE_ONLY[runtime]}; this bundle holds the image's "
                                            f"system CAs and the CA that signs {where}'s certificate.")
        elif s.get("tls") and s.get("ca_file"):
            warnings.append(f"{var.name}: PHP verifies {res.name}'s certificate with OpenSSL's default store: add "
                            f"{s['ca_file']} to the image's trust store")
    return [v for v in out if v.name not in added] + list(added.values()), warnings
