"""Helpers of the MySQL consumer rehearsal (test_mysql_consumers.py, test_mysql_php.py): an app's production env as
c2p plans it for a realworld fixture, with a mapping that provides plan/envmap.py's settings contract (tls, ca_file =
the test CA, ssl_mode VERIFY_IDENTITY, trust_bundle = the test CA) and the outputs filled in from the test server."""

from __future__ import annotations

import os
from pathlib import Path

from generator.classify import classify
from tests.plan.fake_target import build_with
from tests.plan.mysql_target import MySqlTarget
from tests.realworld.cases import load


def app_env(case, app: str, server, user: str, password: str, db: str, ca: Path) -> dict[str, str]:
    """The app's production env as c2p plans it, with the outputs filled in from the test server (case: a realworld
    fixture's name, or a ComposeProject)."""
    project = load(case) if isinstance(case, str) else case
    plan = build_with(project, classify(project), MySqlTarget(str(ca), bundle=str(ca)))
    outputs = {"host": server.host, "port": server.port, "username": user, "password": password, "database": db}
    env = {}
    for var in next(a for a in plan.apps if a.name == app).env:
        if var.override is not None and var.override.action == "set":
            env[var.name] = var.override.template.format(**outputs)
        elif var.value is not None:
            env[var.name] = var.value
    return env


def base_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}
