"""Secrets several services share (mastodon's web, streaming and sidekiq read SECRET_KEY_BASE and OTP_SECRET from one
env_file): one Secret `<project>-shared-env` the user fills once and every service reads, never one copy per service
that can diverge (plan/shared.py, targets/k8s/shared_env.py)."""

from __future__ import annotations

from generator.classify import classify
from generator.plan.build import build
from generator.render import render
from generator.targets.k8s.app_values import values
from tests.classify.build import project, svc

FILE = {"SECRET_KEY_BASE": "abc123abc123abc123abc123", "OTP_SECRET": "def456def456def456def456", "SMTP_PASSWORD": ""}


def _plan():
    p = project(svc("web", "ghcr.io/acme/rails:1", env=dict(FILE)),
                svc("sidekiq", "ghcr.io/acme/rails:1", env=dict(FILE)),
                svc("admin", "ghcr.io/acme/admin:1", env={"SECRET_KEY_BASE": "other-value-other-value-1", "API_KEY": ""}),
                svc("mailer", "ghcr.io/acme/mailer:1", env={"API_KEY": ""}), name="social")
    return build(p, classify(p), "k8s")


def _refs(v, app):
    return {e["name"]: e["secretName"] for e in v["apps"][app]["secretEnv"]}


def test_identical_secrets_are_one_shared_secret_and_different_ones_stay_apart():
    plan = _plan()
    v = values(plan)
    for app in ("web", "sidekiq"):
        assert _refs(v, app) == {"SECRET_KEY_BASE": "social-shared-env", "OTP_SECRET": "social-shared-env",
                                 "SMTP_PASSWORD": "social-shared-env"}, app
    assert _refs(v, "admin") == {"SECRET_KEY_BASE": "admin-env", "API_KEY": "admin-env"}  # another value: its own
    assert _refs(v, "mailer") == {"API_KEY": "mailer-env"}  # both empty, nothing else shared: may be different keys


def test_the_readme_creates_the_shared_secret_once():
    readme = render(_plan())["README.md"]
    assert readme.count("create secret generic social-shared-env") == 1
    line = next(x for x in readme.splitlines() if "create secret generic social-shared-env" in x)
    assert all(f"--from-literal={k}=..." in line for k in FILE)
    assert "create secret generic web-env" not in readme and "create secret generic sidekiq-env" not in readme
    assert "set each once there" in readme
