"""Services that never read a database's variables although they carry them. Outline's compose gives its
https-portal the same env_file as the app (docker.env, with DATABASE_URL and REDIS_URL): the proxy reads none of it,
yet c2p would hand it the production database's credentials. A service whose image is a known reverse proxy and that
neither depends on nor links the database gets no credentials: the variables are removed, the reason says so.
"""

from __future__ import annotations

import re
from dataclasses import replace

from generator.classify.model import ServiceInfo
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
    name = re.sub(r"[:@].*$", "", image or "").lower()
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
