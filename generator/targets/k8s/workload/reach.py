"""Ports other services reach a service on, when compose never published them (review 2026-12-k8s #8).

In compose every service reaches every other on any port; a Kubernetes Service and NetworkPolicy need the ports
declared. Besides `ports` and `expose` (generator/plan/apps.py), the port is found, in this order:

1. consumers' environment and commands naming `host:port` of this service (`http://search:7700`, `app:9000`);
2. consumers' configuration files c2p carries into the chart (an nginx.conf's `fastcgi_pass app:9000;`);
3. the image's own port, for the well-known images of images.py (php-fpm on 9000, nginx on 80, …).

A service some other service reaches (by depends_on or by naming its host) on a port none of these finds gets a
TODO and a NetworkPolicy that admits this release's pods on every port (not deny-all): it keeps working, and the
README says which port to declare.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import Port
from generator.targets.k8s import images
from generator.plan.peers import HOST_PORT as _HOST_PORT
from generator.targets.k8s.workload.draft import Draft


def _names(d: Draft) -> set[str]:
    return set(d.facts.names)  # its name, container_name and network aliases (plan/peers.py)


def _add(d: Draft, found: dict[int, str], key: str, lead: str) -> None:
    d.app = replace(d.app, ports=d.app.ports + tuple(Port(target=p) for p in sorted(found)))
    d.decide(key, sorted(found), lead + "; ".join(f"{where} reaches it on {p}" for p, where in sorted(found.items()))
             + ": the Service exposes it inside the cluster")


def consumers(d: Draft) -> None:
    """1 and 3 (2 needs every app's files: from_files, after all apps are drafted)."""
    have = {p.target for p in d.app.ports}
    found: dict[int, str] = {}
    for port, service, key in d.facts.reached_on:  # host:port mentions of its names, in sorted name order
        if service != d.name and port not in have and port <= 65535:
            found.setdefault(port, f"{service} {key}")
    if found:
        _add(d, found, "service.inferred_ports", "compose declares no such port, but ")
    if d.app.ports or d.app.job:
        return
    entry = images.for_service(d)
    if entry is not None and entry.ports:
        d.app = replace(d.app, ports=tuple(Port(target=p) for p in entry.ports))
        d.decide("service.image_ports", list(entry.ports),
                 f"compose declares no port; the image ({entry.name}) listens on {', '.join(map(str, entry.ports))} "
                 f"(source: {entry.source}): the Service exposes it inside the cluster", source="default")


def from_files(drafts: list[Draft]) -> None:
    """2: host:port of another app in the files an app mounts from the project (nginx.conf, Caddyfile, …)."""
    by_name = {n: d for d in drafts for n in _names(d)}
    for d in drafts:
        for v in d.volumes:
            for f in v.files if v.kind == "config-map" else ():
                for m in _HOST_PORT.finditer(f.content):
                    other = by_name.get(m.group(1))
                    port = int(m.group(2))
                    if other is None or other is d or port > 65535 or other.app.job:
                        continue
                    if port not in {p.target for p in other.app.ports}:
                        where = f"{d.name} {v.source or v.target}/{f.path}".replace("//", "/")
                        _add(other, {port: where}, f"service.file_ports.{port}", "compose declares no such port, but ")


def _reached_by(d: Draft, drafts: list[Draft]) -> list[str]:
    """The other apps that depend on it or name it in their environment (plan/peers.py named_by)."""
    out = []
    for other in drafts:
        if other is d:
            continue
        if any(dep.service == d.name for dep in other.app.depends_on) or other.name in d.facts.named_by:
            out.append(other.name)
    return sorted(out)


def unknown(drafts: list[Draft]) -> None:
    """A service others reach on a port c2p could not find: TODO, and ingress open within the release."""
    for d in drafts:
        if d.app.ports or d.app.job:
            continue
        users = _reached_by(d, drafts)
        if not users:
            continue  # nobody reaches it (a worker): its NetworkPolicy admits nothing, as before
        d.decide("network.allow_from", "release-any-port",
                 f"{', '.join(users)} reach it (depends_on or a host name in their environment) but no port was found "
                 "(compose publishes and exposes none, no consumer names one, the image is not one c2p knows): "
                 "this release's pods may reach it on any port until you declare the port", source="default")
        d.refuse("ports (none found)", f"{', '.join(users)} reach it but c2p found no port: add it under `expose:` "
                                       f"in compose (or apps.{d.k8s}.ports in values) so it gets a Service; its "
                                       "NetworkPolicy admits this release's pods on every port meanwhile",
                 todo=True, warn=True)
