"""User-supplied secrets several services share. Mastodon's web, streaming and sidekiq read SECRET_KEY_BASE and
OTP_SECRET from one env_file: one value, which must stay one. A secret-looking variable (no override: the user fills
it) that two or more services set to the same compose value under the same name is marked shared with those
services (EnvVar.shared) — one left empty for the user only among services that also share a filled one (evidence
of one env_file: two unrelated services with `API_KEY=` may need different keys); a target keeps one copy they all read (k8s: one Secret), so the user sets it once. The
value is compared here and never leaves the plan stage.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from generator.model import ComposeProject
from generator.plan.model import App


def mark_shared(apps: list[App], project: ComposeProject) -> list[App]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for app in apps:
        env = project.services[app.name].environment
        for var in app.env:
            value = env.get(var.name)
            if var.secret and var.override is None and value is not None:
                groups[(var.name, value)].append(app.name)
    filled = [set(who) for (_n, value), who in groups.items() if value and len(who) > 1]
    shared = {}
    for (name, value), who in groups.items():
        if not value:  # left empty for the user (SMTP_PASSWORD=): shared by services that share a filled secret too
            common = [set(who) & g for g in filled if len(set(who) & g) > 1]
            who = sorted(max(common, key=lambda c: (len(c), sorted(c)))) if common else []
        for app in who if len(who) > 1 else ():
            shared[(name, app)] = tuple(sorted(who))
    out = []
    for app in apps:
        env = tuple(replace(v, shared=shared[(v.name, app.name)]) if (v.name, app.name) in shared else v for v in app.env)
        out.append(replace(app, env=env) if env != app.env else app)
    return out
