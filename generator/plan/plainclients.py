"""Which apps cannot take TLS to a stateful service, so the target must accept their plain connections
(Resource.plain_clients): by the table of well-known apps (plan/clients.py), an app with no TLS setting at all
(nextcloud's redis.config.php) or a release too old to read the one it needs (mastodon before 4.3: TlsNeed.before)."""

from __future__ import annotations

from generator.classify.consumers import split_prefix
from generator.plan import clients
from generator.plan.envmap import engine_family


def plain_clients(name: str, kind: str, project, classification) -> tuple[str, ...]:
    """"<app>: why" for each app that reaches the stateful service `name` through a host or URL variable and, by the
    table of well-known apps, cannot take TLS to it."""
    family, out = engine_family(kind), []
    for app, info in sorted(classification.services.items()):
        svc = project.services.get(app)
        if svc is None or app == name:
            continue
        rt = clients.runtime(svc.image, svc.command or svc.entrypoint or (), svc.environment)
        for use in info.consumes:
            prefix = split_prefix(use.env) if use.role in ("host", "url") and use.target == name else None
            conv = prefix and (clients.convention(family, prefix, svc.image)
                               or clients.convention(family, use.env, svc.image))
            why = clients.tls_blocker(conv, svc.image, rt) if conv else None
            if why:
                out.append(f"{app}: {why}")
    return tuple(dict.fromkeys(out))
