"""nextcloud's Redis client takes no TLS (REDIS_HOST/REDIS_HOST_PASSWORD only): the Redis it uses is planned without
TLS (plan/splitenv.plain_clients, targets/k8s/mappings/redis_operator/redis_decide.py). Rehearsed: the server the operator would start from
the generated RedisReplication and ConfigMap, reached with exactly the app container's env (REDIS_HOST, its password
from the README's Secret), plain TCP as nextcloud's redis.config.php connects."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from tests.conftest import require_tool
from tests.rehearsal import k8s_side as k8s

pytestmark = pytest.mark.rehearsal

COMPOSE = """\
services:
  app:
    image: nextcloud:29-apache
    environment:
      REDIS_HOST: redis
  redis:
    image: redis:7.4
"""


def _generated_plain_redis(tmp_path, redis_server, compose: str):
    """Generate for k8s, start the Redis the operator would from the RedisReplication and its ConfigMap (it must be
    plain TCP), render the app chart: (server, rendered docs, the README's Secrets, the RedisReplication)."""
    (tmp_path / "compose.yaml").write_text(compose, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([os.sys.executable, "-m", "generator", "generate", "-f", str(tmp_path / "compose.yaml"),
                           "--target", "k8s", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 2), proc.stderr
    root = out / "k8s"
    (cr,) = k8s.of_kind(k8s.manifests(root), "RedisReplication")
    assert not cr["spec"].get("TLS")
    secrets = k8s.readme_secrets(root, tmp_path)
    ref = cr["spec"]["kubernetesConfig"]["redisSecret"]
    password = secrets[ref["name"]][ref["key"]]
    (cm,) = [d for d in k8s.of_kind(k8s.manifests(root), "ConfigMap")
             if d["metadata"]["name"] == cr["spec"]["redisConfig"]["additionalRedisConfig"]]
    include = tmp_path / "redis-additional.conf"
    include.write_text(cm["data"]["redis-additional.conf"], encoding="utf-8")
    server = redis_server(k8s.redis_operator_conf(cr, password, include), password=password, tls=False)
    (chart,) = sorted((root / "charts").iterdir())
    rendered = subprocess.run([require_tool("helm"), "template", "r", str(chart)], capture_output=True, text=True,
                              timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    docs = [d for d in yaml.safe_load_all(rendered.stdout) if d]
    return server, docs, secrets, cr


def test_nextcloud_reaches_its_plain_redis_with_the_generated_env(tmp_path, redis_server):
    import redis

    server, docs, secrets, cr = _generated_plain_redis(tmp_path, redis_server, COMPOSE)
    env = k8s.kubelet_env(k8s.containers(docs)["app/app"], secrets)
    env = k8s.substitute_hosts(env, {f"{cr['metadata']['name']}-master": (6379, server.host, server.port)})
    client = redis.Redis(host=env["REDIS_HOST"], port=server.port, password=env["REDIS_HOST_PASSWORD"],
                         socket_timeout=5)
    client.set("c2p:nextcloud", "ok")
    assert client.get("c2p:nextcloud") == b"ok"
    with pytest.raises(redis.AuthenticationError):  # broken on purpose: the password is still required
        redis.Redis(host=env["REDIS_HOST"], port=server.port, password="wrong", socket_timeout=5).ping()


MASTODON_42 = """\
services:
  web:
    image: ghcr.io/mastodon/mastodon:v4.2.8
    command: bundle exec puma -C config/puma.rb
    environment:
      REDIS_HOST: redis
      REDIS_PORT: "6379"
  streaming:
    image: ghcr.io/mastodon/mastodon:v4.2.8
    command: node ./streaming
    environment:
      REDIS_HOST: redis
      REDIS_PORT: "6379"
  redis:
    image: redis:7.4
"""


def test_mastodon_4_2_reaches_its_plain_redis_as_it_builds_its_url(tmp_path, redis_server):
    """mastodon before 4.3 hard-codes redis-rb's hiredis driver, which refuses rediss:// ("SSL not supported by
    hiredis driver"): the Redis is planned without TLS, and web reaches it through the redis:// URL mastodon builds
    from REDIS_HOST, REDIS_PORT and REDIS_PASSWORD (lib/mastodon/redis_configuration.rb construct_uri)."""
    import redis

    server, docs, secrets, cr = _generated_plain_redis(tmp_path, redis_server, MASTODON_42)
    for name in ("web", "streaming"):
        env = k8s.kubelet_env(k8s.containers(docs)[f"{name}/{name}"], secrets)
        env = k8s.substitute_hosts(env, {f"{cr['metadata']['name']}-master": (6379, server.host, server.port)})
        assert "REDIS_URL" not in env and "REDIS_DRIVER" not in env, name
        from urllib.parse import quote
        url = f"redis://:{quote(env['REDIS_PASSWORD'], safe='')}@{env['REDIS_HOST']}:{server.port}/0"
        client = redis.Redis.from_url(url, socket_timeout=5)
        client.set(f"c2p:{name}", "ok")
        assert client.get(f"c2p:{name}") == b"ok"
