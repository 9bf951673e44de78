"""Clients that trust only the system store (plan/clients.py TRUST_STORE_ONLY: Ruby, PHP) get SSL_CERT_FILE naming the
merged bundle and an emptyDir for it, the chart a `c2p-trust-bundle` init container; others do not (rehearsed in
tests/rehearsal/test_trust_bundle.py)."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.plan.build import build
from generator.targets.k8s import tls
from generator.targets.k8s.app_values import app_entry
from tests.classify.build import project, svc


def _app(image, command=(), env=None):
    p = project(svc("web", image, command=command, env={"REDIS_URL": "redis://redis:6379/0", **(env or {})}),
                svc("redis", "redis:7.4"), name="shop")
    plan = build(p, classify(p), "k8s")
    app = next(a for a in plan.apps if a.name == "web")
    return plan, app, {v.name: v for v in app.env}


@pytest.mark.parametrize("image,command", [("ghcr.io/acme/rails:1", ("bundle", "exec", "puma")),
                                           ("ghcr.io/mastodon/mastodon:v4.3.0", ()), ("wordpress:6.5-php8.2-apache", ())])
def test_system_store_only_clients_get_the_merged_bundle(image, command):
    plan, app, env = _app(image, command)
    assert env["SSL_CERT_FILE"].override.template == tls.TRUST_FILE
    trust = [v for v in app.volumes if v.name == tls.TRUST_VOLUME]
    assert trust and trust[0].kind == "empty-dir" and trust[0].target == tls.TRUST_DIR
    assert any(v.name == tls.CA_VOLUME for v in app.volumes)  # the init container reads the CA from its mount
    assert app_entry(plan, app)["trustBundle"] is True
    assert not any("takes no CA file" in w for w in plan.warnings)


def test_python_and_node_take_the_ca_their_own_way_and_get_no_bundle():
    for image, command in (("ghcr.io/acme/api:1", ("gunicorn", "app:app")), ("node:22", ("node", "server.js"))):
        plan, app, env = _app(image, command)
        assert "SSL_CERT_FILE" not in env and "trustBundle" not in app_entry(plan, app)


def test_a_compose_ssl_cert_file_is_kept_and_the_warning_says_to_add_the_ca():
    plan, app, env = _app("ghcr.io/acme/rails:1", ("bundle", "exec", "puma"), {"SSL_CERT_FILE": "/app/certs.pem"})
    assert env["SSL_CERT_FILE"].override is None
    assert any("takes no CA file" in w for w in plan.warnings)


def test_the_init_command_is_c2ps_own_and_tries_every_usual_bundle():
    cmd = tls.trust_command()
    assert cmd[:2] == ["/bin/sh", "-c"]
    assert all(p in cmd[2] for p in tls.SYSTEM_BUNDLES) and "exit 1" in cmd[2]
