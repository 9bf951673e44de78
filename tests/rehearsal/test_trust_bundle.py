"""A Ruby (or PHP) app trusts only the system store: its Redis client takes no CA file (Ruby's redis-client verifies
with OpenSSL's default store). c2p gives it SSL_CERT_FILE naming a bundle that the chart's `c2p-trust-bundle` init
container builds from the image's system bundle and the release CA (targets/k8s/tls.py). Rehearsed against a real
TLS-only Redis: the init container's own command (from `helm template`, paths moved into tmp) builds the bundle, and
OpenSSL's default store — what Ruby's DEFAULT_CERT_STORE loads — verifies the server through SSL_CERT_FILE alone;
without it, the same client is refused."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.targets.k8s import tls
from tests.conftest import require_tool

pytestmark = pytest.mark.rehearsal

COMPOSE = """\
services:
  web:
    image: ghcr.io/acme/rails-app:1.2.3
    command: bundle exec sidekiq
    environment:
      REDIS_URL: redis://redis:6379/0
  redis:
    image: redis:7.4
"""


def _generate(tmp: Path) -> tuple[dict, dict]:
    (tmp / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    out = tmp / "out"
    proc = subprocess.run([os.sys.executable, "-m", "generator", "generate", "-f", str(tmp / "compose.yaml"),
                           "--target", "k8s", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 2), proc.stderr
    (chart,) = sorted((out / "k8s" / "charts").iterdir())
    rendered = subprocess.run([require_tool("helm"), "template", "r", str(chart)], capture_output=True, text=True,
                              timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    (dep,) = [d for d in yaml.safe_load_all(rendered.stdout) if d and d["kind"] == "Deployment"]
    spec = dep["spec"]["template"]["spec"]
    return spec, {e["name"]: e.get("value") for e in spec["containers"][0]["env"]}


def _s_client(server, env: dict[str, str]) -> subprocess.CompletedProcess:
    """openssl s_client with OpenSSL's default store only (no -CAfile): it reads SSL_CERT_FILE as Ruby's does."""
    return subprocess.run(["openssl", "s_client", "-connect", f"{server.host}:{server.port}", "-verify_return_error",
                           "-brief"], input="", capture_output=True, text=True, timeout=20,
                          env={"PATH": os.environ["PATH"], **env})


def test_the_init_containers_bundle_verifies_the_real_redis_through_ssl_cert_file(tmp_path, redis_server,
                                                                                     ca_configmap):
    spec, env = _generate(tmp_path)
    assert env["SSL_CERT_FILE"] == tls.TRUST_FILE
    (init,) = [c for c in spec["initContainers"] if c["name"] == "c2p-trust-bundle"]
    assert init["image"] == spec["containers"][0]["image"]  # the app's own image: its own system bundle
    mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
    assert mounts[tls.TRUST_DIR] == tls.TRUST_VOLUME and mounts[tls.CA_DIR] == tls.CA_VOLUME
    system = tmp_path / "system.pem"
    system.write_bytes(Path("/etc/ssl/certs/ca-certificates.crt").read_bytes().rstrip(b"\n"))  # no final newline
    trust = tmp_path / "trust"
    trust.mkdir()
    script = (init["command"][2].replace(tls.TRUST_DIR, str(trust)).replace(tls.CA_DIR, str(ca_configmap))
              .replace(tls.SYSTEM_BUNDLES[0], str(system)))
    run = subprocess.run([init["command"][0], "-c", script], capture_output=True, text=True, timeout=20)
    assert run.returncode == 0, run.stderr
    bundle = trust / Path(tls.TRUST_FILE).name
    server = redis_server(password="pw")
    assert _s_client(server, {"SSL_CERT_FILE": str(bundle)}).returncode == 0
    # broken on purpose: the image's system bundle alone does not verify the release CA's certificate
    assert _s_client(server, {"SSL_CERT_FILE": str(system)}).returncode != 0
    # and the system CAs are still there: the bundle holds every certificate of the system bundle plus the CA
    assert bundle.read_text().count("BEGIN CERTIFICATE") == system.read_text().count("BEGIN CERTIFICATE") + 1
    cli = subprocess.run(["redis-cli", "-h", server.host, "-p", str(server.port), "--tls", "--cacert", str(bundle),
                          "ping"], capture_output=True, text=True, timeout=20, env={**os.environ, "REDISCLI_AUTH": "pw"})
    assert cli.stdout.strip() == "PONG", cli.stderr


def test_the_init_container_fails_loudly_without_a_system_bundle(tmp_path, ca_configmap):
    spec, _ = _generate(tmp_path)
    (init,) = [c for c in spec["initContainers"] if c["name"] == "c2p-trust-bundle"]
    trust = tmp_path / "trust"
    trust.mkdir()
    script = init["command"][2].replace(tls.TRUST_DIR, str(trust)).replace(tls.CA_DIR, str(ca_configmap))
    for path in tls.SYSTEM_BUNDLES:
        script = script.replace(path, str(tmp_path / "absent" / Path(path).name))
    run = subprocess.run([init["command"][0], "-c", script], capture_output=True, text=True, timeout=20)
    assert run.returncode != 0 and "no system CA bundle" in run.stderr
    assert not any(trust.iterdir())
