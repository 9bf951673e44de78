"""Values the user supplies that compose already had (review aws round 2, item 4). A signing key such as
SECRET_KEY_BASE, OTP_SECRET (Mastodon's devise-two-factor encrypts TOTP secrets with it), Outline's SECRET_KEY or
AUTHENTIK_SECRET_KEY must keep the value compose had: a new one breaks existing data and sessions. The README says
where compose set each one (the env_file or the compose file, never the value), and its put-secret-value guard
requires only the keys that compose set non-empty: `SMTP_PASSWORD=` left empty in compose must not block the command.
"""

from __future__ import annotations

from dataclasses import replace

from generator.plan.model import Plan


def mark_given(plan: Plan) -> Plan:
    """Each user-supplied variable compose set to a non-empty value gets `given_in` (where compose set it, read by
    the plan stage: plan/given.py, App.compose.given)."""
    apps = []
    for app in plan.apps:
        given = app.compose.given  # the secret-looking variables compose set non-empty
        new = tuple(replace(v, given_in=given[v.name] or "the compose files")
                    if v.secret and v.override is None and v.name in given else v for v in app.env)
        apps.append(replace(app, env=new) if new != app.env else app)
    return replace(plan, apps=tuple(apps))
