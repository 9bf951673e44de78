"""Compose healthcheck → Kubernetes probes; deploy.resources → requests/limits. Decisions only, no YAML."""

from __future__ import annotations

import re
import shlex
from typing import Any

from generator.model import Healthcheck, Port, Resources
from generator.numbers import ascii_uint

_DUR = re.compile(r"([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|ns)")
# wget and curl read a URL without a scheme as http:// (mastodon's `wget -q --spider localhost:3000/health`)
_URL = re.compile(r"^(?:(https?)://)?(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::([0-9]+))?(/[^\s]*)?$")
_HEADER = re.compile(r"^host:\s*(\S+)\s*$", re.IGNORECASE)


def seconds(duration: str | None, default: int) -> int:
    if not duration:
        return default
    total = 0.0
    for num, unit in _DUR.findall(duration):
        total += float(num) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6, "ns": 1e-9}[unit]
    return max(1, round(total)) if total else default


def _host_header(argv: list[str]) -> str | None:
    """The Host header the compose command set itself (curl -H 'Host: x', wget --header='Host: x')."""
    for i, a in enumerate(argv):
        value = None
        if a in ("-H", "--header") and i + 1 < len(argv):
            value = argv[i + 1]
        elif a.startswith("--header="):
            value = a[len("--header="):]
        elif a.startswith("-H") and len(a) > 2:
            value = a[2:]
        m = _HEADER.match(value) if value is not None else None
        if m:
            return m.group(1)
    return None


def _http(argv: list[str]) -> dict[str, Any] | None:
    """wget/curl of a localhost URL → an httpGet probe (no shell, no tool needed in the image).

    The kubelet sends `Host: <pod IP>:<port>` unless told otherwise, while curl/wget sent `Host: localhost:<port>`:
    frameworks that check the host (Django ALLOWED_HOSTS, Rails HostAuthorization, Spring's forwarded headers, …)
    answer 400 to the pod IP and the probe never passes. So the probe sends the Host header the compose command
    sent (its -H/--header, else the URL's host, with the port when it was not the scheme's default, as curl does).
    Kubernetes documents `httpGet.host` as defaulting to the pod IP and recommends setting `Host` in httpHeaders
    instead (kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/,
    "HTTP probes"). An exec probe of the same curl would also work, but needs curl in the image on every probe.
    """
    if not argv or argv[0].rsplit("/", 1)[-1] not in ("wget", "curl"):
        return None
    urls = [a for a in argv[1:] if _URL.match(a)]
    if len(urls) != 1:
        return None
    m = _URL.match(urls[0])
    scheme, host, explicit = m.group(1) or "http", m.group(2), m.group(3)
    default = 443 if scheme == "https" else 80
    port = ascii_uint(explicit or str(default))
    if port is None or not 0 < port <= 65535:  # localhost:99999999 is no port: no httpGet probe from it
        return None
    header = _host_header(argv[1:]) or (host if port == default else f"{host}:{port}")
    get: dict[str, Any] = {"path": m.group(4) or "/", "port": port}
    if scheme == "https":
        get["scheme"] = "HTTPS"  # the kubelet does not verify the certificate (as curl -k)
    get["httpHeaders"] = [{"name": "Host", "value": header}]
    return {"httpGet": get}


def probe_action(hc: Healthcheck | None, ports: tuple[Port, ...]) -> tuple[dict[str, Any] | None, str]:
    if hc is not None and not hc.disable and hc.test and hc.test[0] != "NONE":
        kind, args = hc.test[0], list(hc.test[1:])
        argv = args if kind == "CMD" else (shlex.split(args[0]) if args else [])
        http = _http(argv) if argv else None
        if http:
            return http, ("from the compose healthcheck, as an HTTP probe sending the Host header the compose command sent "
                          "(the kubelet would send the pod IP, which host checks such as Django's ALLOWED_HOSTS refuse)")
        if kind == "CMD":
            return {"exec": {"command": args}}, "from the compose healthcheck (exec)"
        return {"exec": {"command": ["/bin/sh", "-c", args[0] if args else "true"]}}, "from the compose healthcheck (shell)"
    if ports:
        return {"tcpSocket": {"port": ports[0].target}}, "compose has no healthcheck: a TCP check of the first port"
    return None, "compose has no healthcheck and the service has no port: no probe"


def probes(hc: Healthcheck | None, ports: tuple[Port, ...]) -> tuple[dict[str, Any], str]:
    action, reason = probe_action(hc, ports)
    if action is None:
        return {}, reason
    period = seconds(hc.interval if hc else None, 10)
    timing = {
        "periodSeconds": period,
        "timeoutSeconds": seconds(hc.timeout if hc else None, 3),
    }
    retries = (hc.retries if hc and hc.retries else 3)
    start = seconds(hc.start_period if hc else None, 0)
    out = {
        "readinessProbe": {**action, **timing, "failureThreshold": retries},
        "livenessProbe": {**action, **timing, "failureThreshold": retries + 3},
    }
    if start:
        out["startupProbe"] = {**action, **timing, "failureThreshold": max(1, -(-start // period)) + retries}
    return out, reason


def _cpu(v: float) -> str:
    milli = round(v * 1000)
    return f"{milli // 1000}" if milli % 1000 == 0 else f"{milli}m"


def _mem(b: int) -> str:
    mi = -(-b // (1024 * 1024))
    return f"{mi // 1024}Gi" if mi % 1024 == 0 else f"{mi}Mi"


# No deploy.resources in compose: a default that does not OOM-kill a typical web app (a PHP app with memory_limit 512M,
# Rails/puma, Django/gunicorn workers; authentik's docs ask for 2 GB for server + worker). Requested memory stays modest
# so the pod schedules; the limit leaves room to grow. Not measured: the README says so per app.
DEFAULT_RESOURCES = {"requests": {"cpu": "100m", "memory": "512Mi"}, "limits": {"cpu": "2", "memory": "2Gi"}}
DEFAULT_RESOURCES_REASON = ("c2p's default, not measured (compose sets no deploy.resources): requests 100m CPU and "
                            "512Mi, limits 2 CPU and 2Gi; set from observed usage (apps.<name>.resources or compose "
                            "deploy.resources)")


def resources(r: Resources) -> tuple[dict[str, Any], str]:
    limits, requests = {}, {}
    if r.cpus_limit:
        limits["cpu"] = _cpu(r.cpus_limit)
    if r.memory_limit:
        limits["memory"] = _mem(r.memory_limit)
    if r.cpus_reservation:
        requests["cpu"] = _cpu(r.cpus_reservation)
    if r.memory_reservation:
        requests["memory"] = _mem(r.memory_reservation)
    if not limits and not requests:
        return {k: dict(v) for k, v in DEFAULT_RESOURCES.items()}, DEFAULT_RESOURCES_REASON
    requests.setdefault("cpu", limits.get("cpu", "100m") if "cpu" in limits and not r.cpus_reservation and _small(limits["cpu"]) else "100m")
    requests.setdefault("memory", limits.get("memory", "128Mi"))
    if "memory" not in limits:
        limits["memory"] = requests["memory"]
    limits.setdefault("cpu", requests["cpu"] if r.cpus_reservation else "1")
    return {"requests": requests, "limits": limits}, "from compose deploy.resources (memory request = limit; CPU requested at 100m unless reserved)"


def _small(cpu: str) -> bool:
    return cpu.endswith("m") and int(cpu[:-1]) <= 100
