"""Issue 11 item 7: development settings carried to production are flagged on every target, with the value to set
(a plan warning per app, shown in README.md, and a note on the variable in env/<service>.env)."""

from __future__ import annotations

import pytest

from generator.plan.devsettings import development, flag
from generator.plan.model import EnvVar

COMPOSE = {"services": {
    "web": {"image": "example/django:1", "environment": {
        "DEBUG": "1", "DJANGO_ALLOWED_HOSTS": "localhost 127.0.0.1", "NODE_ENV": "development", "TZ": "UTC"}},
    "api": {"image": "example/api:1", "environment": {"DEBUG": "0", "ALLOWED_HOSTS": "api.example.com",
                                                      "NODE_ENV": "production", "ASPNETCORE_ENVIRONMENT": "Production"}},
}}


@pytest.mark.parametrize("name,value", [
    ("DEBUG", "1"), ("DEBUG", "True"), ("DJANGO_DEBUG", "true"), ("FLASK_DEBUG", "1"), ("APP_DEBUG", "true"),
    ("ALLOWED_HOSTS", "*"), ("ALLOWED_HOSTS", "localhost,127.0.0.1"), ("DJANGO_ALLOWED_HOSTS", "localhost"),
    ("NODE_ENV", "development"), ("RAILS_ENV", "development"), ("APP_ENV", "local"), ("APP_ENV", "dev"),
    ("ASPNETCORE_ENVIRONMENT", "Development"), ("FLASK_ENV", "development"), ("MIX_ENV", "dev"),
])
def test_development_values_are_recognised(name, value):
    assert development(EnvVar(name=name, value=value)) is not None


@pytest.mark.parametrize("name,value", [
    ("DEBUG", "0"), ("DEBUG", "false"), ("DEBUG", ""), ("DEBUG", "*"), ("ALLOWED_HOSTS", "app.example.com"),
    ("ALLOWED_HOSTS", "localhost,app.example.com"), ("NODE_ENV", "production"), ("APP_ENV", "production"),
    ("RAILS_ENV", "production"), ("DEBUG_LEVEL", "1"),
])
def test_production_values_are_not_flagged(name, value):
    assert development(EnvVar(name=name, value=value)) is None


def test_secret_or_rewired_variables_are_not_judged():
    assert development(EnvVar(name="DEBUG", secret=True)) is None
    env, warnings = flag((EnvVar(name="DEBUG", value="1"), EnvVar(name="TZ", value="UTC")), ["other"])
    assert env[0].advice and "set DEBUG to 0" in env[0].advice and env[1].advice is None
    assert warnings[0] == "other" and len(warnings) == 2 and "DEBUG=1 (set 0 (or false))" in warnings[1]


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_flagged_in_readme_and_env_file_on_every_target(tmp_path, target):
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan
    from generator.render import render
    from tests.targets.k8s.workload_helpers import project_dir

    root = project_dir(tmp_path, COMPOSE)
    project = load_project((str(root / "compose.yaml"),), (), (), {})
    plan = build_plan(project, classify(project), target)
    warning = next(w for w in plan.warnings if w.startswith("web: development settings"))
    for part in ("DEBUG=1 (set 0 (or false))", "NODE_ENV=development (set production)",
                 "DJANGO_ALLOWED_HOSTS=localhost 127.0.0.1 (set the public host name(s)"):
        assert part in warning
    assert not [w for w in plan.warnings if w.startswith("api: development")]
    tree = render(plan)
    assert warning in tree["README.md"]
    env = tree["env/web.env"]
    assert "# DEBUG: carried over from compose. development setting (debug mode shows stack traces" in env
    assert "set DEBUG to 0 (or false) in production." in env and "\nDEBUG=1\n" in env
    assert "# TZ: carried over from compose.\n" in env
    assert "development setting" not in tree["env/api.env"]
