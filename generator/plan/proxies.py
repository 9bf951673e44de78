"""Services that never read a database's variables although they carry them. Outline's compose gives its
https-portal the same env_file as the app (docker.env, with DATABASE_URL and REDIS_URL): the proxy reads none of it,
yet c2p would hand it the production database's credentials. A service whose image is a known reverse proxy and that
neither depends on nor links the database gets no credentials: the variables are removed, the reason says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.classify.model import ServiceInfo
from generator.imageref import parse_image
from generator.model import Service
from generator.plan.model import EnvOverride, EnvVar

# (image regex, what it is and what it reads: the source)
PROXIES = (
    (r"(^|/)https-portal$", "steveltn/https-portal, an nginx reverse proxy that reads DOMAINS, STAGE, WEBSOCKET and "
                            "its other documented variables (github.com/SteveLTN/https-portal README), no database"),
    (r"(^|/)(nginx|nginx-unprivileged|openresty|caddy|traefik|haproxy|envoy)$",
     "a reverse proxy: its configuration names upstreams, it opens no database connection"),
)


def _proxy(image: str | None) -> str | None:
    ref = parse_image(image)
    name = ref.path if ref else ""
    return next((why for rx, why in PROXIES if name and re.search(rx, name)), None)


def unused(svc: Service, info: ServiceInfo) -> tuple[ServiceInfo, dict[str, EnvVar]]:
    """(info without the uses a proxy does not make, var → the EnvVar that removes it)."""
    why = _proxy(svc.image)
    if why is None:
        return info, {}
    near = {d.service for d in svc.depends_on} | {link.split(":")[0] for link in svc.links}
    drop = [u for u in info.consumes if u.target not in near]
    removed = {u.env: EnvVar(name=u.env, override=EnvOverride(
        var=u.env, action="remove", resource=None, role=u.role, template=None, secret=False, dev_value=None,
        reason=f"Removed: {svc.name} is {why}; it neither depends on nor links {u.target}, so it gets none of "
               f"{u.target}'s connection settings or credentials (the variable came with a shared env_file or "
               "environment block)")) for u in drop}
    return replace(info, consumes=tuple(u for u in info.consumes if u not in drop)), removed


def without_app_secrets(apps: list, project) -> list:
    """A known reverse proxy that shares a secret with an app (one env_file: outline's https-portal and SECRET_KEY,
    UTILS_SECRET) does not read it: the variable is removed from the proxy and the proxy from the sharing group.
    A secret only the proxy has (traefik's DNS-challenge token) is its own and stays."""
    proxies = {a.name: why for a in apps if (why := _proxy(project.services[a.name].image))}
    if not proxies:
        return apps
    out = []
    for app in apps:
        env = []
        for v in app.env:
            others = tuple(s for s in v.shared if s not in proxies)
            if app.name in proxies and v.secret and v.override is None and others:
                env.append(EnvVar(name=v.name, override=EnvOverride(
                    var=v.name, action="remove", resource=None, role="secret", template=None, secret=False,
                    dev_value=None, reason=f"Removed: {app.name} is {proxies[app.name]}; this secret of "
                    f"{', '.join(others)} came with a shared env_file or environment block, and a proxy does not read it")))
                continue
            env.append(replace(v, shared=others if len(others) > 1 else ()) if others != v.shared else v)
        out.append(replace(app, env=tuple(env)))
    return out
