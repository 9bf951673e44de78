"""WordPress's Redis Object Cache defines in WORDPRESS_CONFIG_EXTRA (PHP the image evals) point at the dev Redis:
c2p rewrites each WP_REDIS_* define to its own constant text reading a variable it wires to the production Redis,
keeps every other statement byte for byte, and never puts a compose value into the PHP (plan/wpredis.py)."""

from __future__ import annotations

from generator.classify import classify
from generator.plan.build import build
from tests.classify.build import project, svc

EXTRA = "define('WP_DEBUG_LOG', true); define( 'WP_REDIS_HOST', 'redis:6379' ); define('WP_REDIS_PORT', 6379);"


def _env(extra=EXTRA, target="k8s"):
    p = project(svc("wordpress", "wordpress:6.5-php8.2-apache", env={"WORDPRESS_CONFIG_EXTRA": extra}),
                svc("redis", "redis:7.2", command=("redis-server", "--requirepass", "dev-pw")), name="blog")
    plan = build(p, classify(p), target)
    return plan, {v.name: v for v in next(a for a in plan.apps if a.name == "wordpress").env}


def test_wp_redis_defines_read_c2ps_variables_wired_to_the_production_redis():
    plan, env = _env()
    php = env["WORDPRESS_CONFIG_EXTRA"].override.template
    assert php.startswith("define('WP_DEBUG_LOG', true); ")  # the rest of compose's PHP, unchanged
    assert "define('WP_REDIS_HOST', getenv('WP_REDIS_HOST'));" in php and "'redis:6379'" not in php
    assert "define('WP_REDIS_PASSWORD', getenv('WP_REDIS_PASSWORD'));" in php
    assert "define('WP_REDIS_SCHEME', getenv('WP_REDIS_SCHEME'));" in php
    assert env["WP_REDIS_HOST"].override.template == "{host}" and env["WP_REDIS_PORT"].override.template == "{port}"
    assert env["WP_REDIS_PASSWORD"].override.template == "{password}" and env["WP_REDIS_PASSWORD"].secret
    assert env["WP_REDIS_SCHEME"].override.template == "tls"
    assert env["SSL_CERT_FILE"].override.template == "/etc/c2p/trust/ca-certificates.crt"  # PHP: system store only
    access = plan.resource("redis").settings["access"]["consumers"]
    assert "wordpress" in access  # the NetworkPolicy admits it


def test_a_host_that_is_not_a_redis_service_is_left_alone():
    _plan, env = _env("define('WP_REDIS_HOST', 'cache.example.com');")
    assert env["WORDPRESS_CONFIG_EXTRA"].override is None and "WP_REDIS_HOST" not in env
