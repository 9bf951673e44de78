"""An app that cannot take TLS to its Redis (nextcloud: REDIS_HOST/REDIS_HOST_PASSWORD only, plan/clients.py
no_tls) must still connect: that Redis serves plain TCP (the operator serves TLS or plain on one port, never both),
a warning names the app and why, the README says so, and the NetworkPolicy still admits only its consumers."""

from __future__ import annotations

import yaml

from generator.classify import classify
from generator.plan.build import build
from generator.render import render
from tests.classify.build import project, svc


def _plan(app_image: str, **redis_opts):
    redis = svc("redis", "redis:7.2")
    app = svc("app", app_image, env={"REDIS_HOST": "redis"})
    other = svc("worker", "ghcr.io/acme/worker:1", env={"REDIS_URL": "redis://redis:6379"})
    p = project(app, other, redis, name="cloud")
    return build(p, classify(p), "k8s")


def test_nextcloud_redis_serves_plain_tcp_with_a_warning_and_the_policy_still_admits_only_consumers():
    plan = _plan("nextcloud:29-apache")
    redis = plan.resource("redis")
    assert redis.settings["tls"] is False and not redis.settings.get("ca_file")
    assert redis.plain_clients and redis.plain_clients[0].startswith("app: ")
    assert any("no TLS" in w and "nextcloud" in w and "app:" in w for w in redis.warnings)
    tree = render(plan)
    rr = yaml.safe_load(tree["manifests/redis/redisreplication.yaml"])
    assert "TLS" not in rr["spec"]
    assert "cannot take TLS to Redis: app:" in tree["README.md"]
    worker = {v.name: v for v in next(a for a in plan.apps if a.name == "worker").env}
    assert worker["REDIS_URL"].override.template.startswith("redis://")  # every app follows the plain instance
    pol = next(d for d in yaml.safe_load_all(tree["manifests/redis/networkpolicy.yaml"]) if d)
    names = pol["spec"]["ingress"][0]["from"][0]["podSelector"]["matchExpressions"][0]["values"]
    assert sorted(names) == ["app", "worker"]


def test_an_app_that_takes_tls_keeps_a_tls_only_redis():
    plan = _plan("ghcr.io/acme/web:1")
    assert plan.resource("redis").settings["tls"] is True and plan.resource("redis").plain_clients == ()
