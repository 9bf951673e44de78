"""Issue 11 item 7: an httpGet probe made from `curl http://localhost:8000/health` must send the Host header curl sent.

The kubelet sends `Host: <pod IP>:<port>` by default; Django (ALLOWED_HOSTS), Rails (HostAuthorization) and others
answer 400 to it, so the probe never passes and the pod is never Ready. The test server below applies Django's
rule (django/http/request.py: split_domain_port + validate_host, the port stripped before matching) to the request
a kubelet makes from the probe."""

from __future__ import annotations

import http.client
import http.server
import threading

import pytest

from generator.model import Healthcheck
from generator.targets.k8s import probes

ALLOWED_HOSTS = ("localhost", "127.0.0.1", "[::1]")  # Django's default when DEBUG is on; a typical dev setting


class _Django(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        host = (self.headers.get("Host") or "").lower()
        domain = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        self.send_response(200 if domain in ALLOWED_HOSTS else 400)  # DisallowedHost → 400
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Django)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()


def _kubelet_get(port: int, http_get: dict) -> int:
    """What the kubelet does for an httpGet probe: connect to the pod IP, Host = pod IP:port unless httpHeaders set
    one (here the pod IP is stood in for by 127.0.0.2, which no ALLOWED_HOSTS lists)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {h["name"]: h["value"] for h in http_get.get("httpHeaders", [])}
    conn.putrequest("GET", http_get["path"], skip_host=True)
    conn.putheader("Host", headers.pop("Host", f"127.0.0.2:{http_get['port']}"))
    for k, v in headers.items():
        conn.putheader(k, v)
    conn.endheaders()
    return conn.getresponse().status


@pytest.mark.parametrize("test", [
    ("CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"),
    ("CMD", "wget", "-qO-", "http://127.0.0.1:8000/health"),
    ("CMD", "curl", "-fs", "http://[::1]:8000/health"),
    # k8s-work item 5: mastodon's own form, no scheme (wget and curl default to http://); was an exec probe of wget
    ("CMD-SHELL", "wget -q --spider --proxy=off localhost:8000/health || exit 1"),
    ("CMD", "curl", "-f", "127.0.0.1:8000/health"),
])
def test_probe_passes_a_django_host_check(server, test):
    action, reason = probes.probe_action(Healthcheck(test=test), ())
    get = action["httpGet"]
    assert get["port"] == 8000 and get["path"] == "/health"
    assert "Host header" in reason
    assert _kubelet_get(server, get) == 200
    assert _kubelet_get(server, {**get, "httpHeaders": []}) == 400  # what the probe did before: never Ready


def test_host_header_as_curl_sends_it():
    def header(*test):
        return probes.probe_action(Healthcheck(test=test), ())[0]["httpGet"]["httpHeaders"]

    assert header("CMD", "curl", "http://localhost/") == [{"name": "Host", "value": "localhost"}]
    assert header("CMD", "curl", "http://localhost:80/") == [{"name": "Host", "value": "localhost"}]
    assert header("CMD", "curl", "-H", "Host: app.example", "http://localhost:3000/") == \
        [{"name": "Host", "value": "app.example"}]
    assert header("CMD", "wget", "--header=host: x.test", "http://localhost:3000/") == [{"name": "Host", "value": "x.test"}]


def test_https_healthcheck_probes_with_https():
    get = probes.probe_action(Healthcheck(test=("CMD", "curl", "-fk", "https://localhost:8443/ping")), ())[0]["httpGet"]
    assert get["scheme"] == "HTTPS" and get["port"] == 8443
    assert get["httpHeaders"] == [{"name": "Host", "value": "localhost:8443"}]
