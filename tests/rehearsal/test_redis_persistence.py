"""Rehearsal of review k8s #10: the redis-operator pod persists at least as compose did — exactly as compose did.

For each compose `command:` below, c2p generates the k8s output from a one-Redis compose file; then two real Redis
7.0 servers start:
- **compose**: `redis-server` with compose's own arguments (Redis parses its command line itself, so whatever
  `--save`/`--appendonly`/`--appendfsync` mean to it, they mean here);
- **target**: the redis.conf the redis-operator v0.26 agent writes for a pod with storage (its own `save 900 1 /
  300 10 / 60 10000` and `appendonly yes`, tests/rehearsal/k8s_side.py) with the generated ConfigMap included last.
Then CONFIG GET save / appendonly / appendfsync must be equal on both.

The `CONF` cases start compose's server with a config file bind-mounted from the project (outline's
`redis-server /redis.conf` with `appendonly yes`, review 2026-12: planned as RDB): the compose server reads that very
file, with compose's flags after it, and maxmemory-policy is compared too.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.rehearsal import k8s_side as k8s
from tests.rehearsal.servers import REDIS_SERVER, free_port, scratch_dir

pytestmark = pytest.mark.rehearsal
ROOT = Path(__file__).resolve().parents[2]

COMMANDS = {
    "authentik": "--save 60 1 --loglevel warning",                      # review #10: RDB only, every minute
    "aof-default-save": "redis-server --appendonly yes",                 # AOF + the version's default snapshots
    "aof-always-two-saves": "redis-server --appendonly yes --appendfsync always --save 900 1 --save 300 10",
    "one-word-save": ["redis-server", "--save", "120 5 30 500"],
    "cache": "redis-server --save '' --appendonly no",                   # nothing on disk
    "image-default": None,
    "outline-conf": ["redis-server", "/redis.conf"],
    "conf-then-flags": ["redis-server", "/redis.conf", "--save", "60", "5", "--maxmemory-policy", "volatile-lru"],
    "conf-cache": ["redis-server", "/redis.conf"],
}
CONF = {
    "outline-conf": "appendonly yes\n",
    "conf-then-flags": "# from the project\nappendonly yes\nappendfsync always\nsave 900 1\nmaxmemory-policy allkeys-lru\n"
                       "requirepass not-a-real-one\n",
    "conf-cache": 'save ""\nappendonly no\nmaxmemory-policy allkeys-lru\n',
}


def _generate(tmp: Path, command, conf: str | None = None) -> Path:
    svc = {"image": "redis:7.0.15-alpine", "volumes": ["data:/data"]}
    if conf is not None:
        (tmp / "redis.conf").write_text(conf)
        svc["volumes"].append("./redis.conf:/redis.conf")
    if command is not None:
        svc["command"] = command
    compose = {"name": "persist", "services": {"cache": svc, "app": {
        "image": "ghcr.io/acme/app:1.0", "environment": {"REDIS_URL": "redis://cache:6379/0"}}}, "volumes": {"data": {}}}
    (tmp / "compose.yaml").write_text(yaml.safe_dump(compose))
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "-f", str(tmp / "compose.yaml"), "-t", "k8s",
                           "-o", str(tmp / "out"), "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return tmp / "out" / "k8s"


def _persistence(client, conf: bool = False) -> dict[str, str]:
    keys = ("save", "appendonly", "appendfsync") + (("maxmemory-policy",) if conf else ())
    return {k: client.config_get(k)[k] for k in keys}


def _compose_server(command, folder: Path, conf: Path | None = None):
    """redis-server as compose's container runs it: the image's entrypoint passes flags to redis-server; a config
    file (the bind-mounted /redis.conf, here its project copy) stays the first argument, the test's flags after it.
    Without a password: the compose side is only asked its settings."""
    words = shlex.split(command) if isinstance(command, str) else list(command or [])
    if words[:1] == ["redis-server"]:
        words = words[1:]
    first = []
    if conf is not None and words[:1] == ["/redis.conf"]:
        first, words = [str(conf)], words[1:]
    port = free_port()
    proc = subprocess.Popen([REDIS_SERVER, *first, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                             "--protected-mode", "no", "--requirepass", "", *words], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    return proc, port


@pytest.mark.parametrize("name", list(COMMANDS))
def test_target_persists_exactly_as_compose(name, tmp_path, redis_server):
    import redis

    out = _generate(tmp_path, COMMANDS[name], CONF.get(name))
    docs = k8s.manifests(out)
    (cr,) = k8s.of_kind(docs, "RedisReplication")
    (cm,) = k8s.of_kind(docs, "ConfigMap", cr["spec"]["redisConfig"]["additionalRedisConfig"])
    include = tmp_path / "redis-additional.conf"
    include.write_text(cm["data"]["redis-additional.conf"])
    target = redis_server(k8s.redis_operator_conf(cr, "pw", include), password="pw", tls=bool(cr["spec"].get("TLS")))
    folder = scratch_dir("c2p-reh-compose-redis-")
    proc, port = _compose_server(COMMANDS[name], folder, tmp_path / "redis.conf" if name in CONF else None)
    try:
        compose = redis.Redis(host="127.0.0.1", port=port, socket_timeout=5)
        for _ in range(100):
            try:
                compose.ping()
                break
            except redis.exceptions.ConnectionError:
                import time
                time.sleep(0.05)
        want = _persistence(compose, name in CONF)
    finally:
        proc.terminate()
        proc.wait(10)
    assert _persistence(target.client(socket_timeout=5), name in CONF) == want
