"""Values the user supplies that compose already had (review aws round 2, item 4). A signing key such as
SECRET_KEY_BASE, OTP_SECRET (Mastodon's devise-two-factor encrypts TOTP secrets with it), Outline's SECRET_KEY or
AUTHENTIK_SECRET_KEY must keep the value compose had: a new one breaks existing data and sessions. The README says
where compose set each one (the env_file or the compose file, never the value), and its put-secret-value guard
requires only the keys that compose set non-empty: `SMTP_PASSWORD=` left empty in compose must not block the command.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from generator.errors import C2PError
from generator.plan.model import Plan


def _env_keys(path: Path) -> set[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError:
        return set()
    return set(re.findall(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]", text, re.M))


def _where(project, service: str, key: str) -> str:
    """The project-relative file that last set `key` for `service`: a compose file's `environment` or an `env_file`
    it names (the later file, and `environment` over `env_file`, win as in Docker Compose); "" when not found there
    (extends, includes): the README then says "the compose files"."""
    from generator.load.yamlio import read_yaml_all

    found = ""
    for f in project.files:
        try:
            docs = read_yaml_all(Path(f))
        except C2PError:
            continue
        for doc, _locs, _tags in docs:
            svc = ((doc.get("services") or {}) if isinstance(doc, dict) else {}).get(service)
            if not isinstance(svc, dict):
                continue
            entries = svc.get("env_file") or []
            for entry in [entries] if isinstance(entries, (str, dict)) else entries:
                path = entry.get("path") if isinstance(entry, dict) else entry
                if isinstance(path, str) and key in _env_keys(Path(f).parent / path):
                    found = str(Path(f).parent / path)
            env = svc.get("environment") or {}
            names = env.keys() if isinstance(env, dict) else [str(e).split("=", 1)[0] for e in env]
            if key in names:
                found = f
    return os.path.relpath(found, project.working_dir) if found else ""


def mark_given(plan: Plan, project) -> Plan:
    """Each user-supplied variable compose set to a non-empty value gets `given_in` (where compose set it)."""
    apps = []
    for app in plan.apps:
        env = project.services[app.name].environment
        new = tuple(replace(v, given_in=_where(project, app.name, v.name) or "the compose files")
                    if v.secret and v.override is None and env.get(v.name) else v for v in app.env)
        apps.append(replace(app, env=new) if new != app.env else app)
    return replace(plan, apps=tuple(apps))
