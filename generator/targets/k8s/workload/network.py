"""Ports, compose networks and DNS → Service, optional Ingress, NetworkPolicy peers, hostAliases.

Published ports are reachable from outside compose: the Service (ClusterIP) takes them, the NetworkPolicy
admits them from any namespace (an ingress controller), and an HTTP-looking one gets an Ingress in values
(off by default). A port published on 127.0.0.1 only is a reverse proxy's upstream (Mastodon's and Nextcloud's
documented setups put nginx on the host in front of it): the same, the Ingress takes the host proxy's place.
`expose`-only ports stay inside: admitted only from the app services that share a compose network with this one. network_mode: host and friends are refused.
"""

from __future__ import annotations

import ipaddress
from generator.targets.k8s import probes
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.workload import reach
from generator.targets.k8s.workload.acme_proxy import acme_proxy
from generator.targets.k8s.workload.draft import Draft

HTTP_PORTS = frozenset({80, 3000, 4000, 5000, 5678, 8000, 8008, 8080, 8081, 8088, 8888})


def _loopback(host_ip: str | None) -> bool:
    try:
        return bool(host_ip) and ipaddress.ip_address(host_ip).is_loopback
    except ValueError:
        return False


def networks_of(d: Draft) -> tuple[str, ...]:
    """Its compose networks (another service's, for network_mode service:X), sorted (plan/facts.py)."""
    return d.facts.networks


def _mode(d: Draft) -> None:
    mode = d.facts.network_mode
    if not mode or mode == "bridge":
        return
    if mode == "host":
        d.refuse("network_mode: host", "shares the node's network namespace (every port of the node, no isolation): "
                                       "refused; the pod uses the cluster network — declare the ports it listens on in "
                                       f"apps.{d.k8s}.ports", todo=True, warn=True)
    elif mode.startswith(("service:", "container:")):
        d.refuse(f"network_mode: {mode}", f"shares {mode.split(':', 1)[1]}'s network namespace: in Kubernetes that is a "
                                          "second container of one pod; c2p keeps it a separate pod that reaches the "
                                          "other by its Service name", todo=True)
    elif mode == "none":
        d.refuse("network_mode: none", "no network in compose: the pod has the cluster network; its NetworkPolicy "
                                       "admits no ingress")
    else:
        d.refuse(f"network_mode: {mode}", "a Docker network mode with no Kubernetes equivalent", todo=True)


def _ports(d: Draft) -> None:
    public, local, remapped = [], [], []
    for p in d.app.ports:
        if p.published is None:
            continue
        public.append(p.target)  # loopback too: the upstream of a reverse proxy on the host
        if _loopback(p.host_ip):
            local.append(p.target)
        if p.published != str(p.target):
            remapped.append(f"{p.published}→{p.target}")
    public = sorted(set(public))
    if d.app.ports:
        d.decide("service.public_ports", public,
                 "published in compose: admitted from any namespace (an ingress controller); "
                 "expose-only ports are admitted only from services on a shared compose network"
                 if public else "nothing published in compose: the Service is reachable only from services on a "
                                "shared compose network")
    if local:
        d.note("service.loopback_ports", sorted(set(local)), "published on 127.0.0.1 in compose: the upstream of a "
                                                              "reverse proxy on the host; here treated as a published "
                                                              "port (the Ingress, off by default, takes the proxy's "
                                                              "place; the ingress controller is admitted)")
    if remapped:
        d.note("service.host_ports", remapped, "compose's host ports have no meaning in a cluster: the Service listens "
                                               "on the container port; reach it from outside through the Ingress")
    proxy = acme_proxy(d)
    if proxy and not d.app.job:
        fronts = sorted(k8s_name(name) for name in d.facts.fronts)  # the dependencies that publish a port
        upstream = " / ".join(f"apps.{f}.ingress" for f in fronts) or "the Ingress of the app it fronts"
        d.decide("enabled", False, f"a TLS-terminating proxy ({proxy}): behind a ClusterIP its ACME HTTP-01 challenge cannot succeed and an "
                                   "Ingress to its port 80 loops on its redirect to HTTPS; off by default, no Ingress: "
                                   f"enable {upstream} with cert-manager for TLS instead", source="default")
        d.warn(f"a TLS-terminating proxy ({proxy}): off by default in the chart (apps.{d.k8s}.enabled); TLS and certificates are the "
               f"ingress controller's and cert-manager's: enable {upstream} instead")
        return
    action, _ = probes.probe_action(d.app.healthcheck, d.app.ports)
    http_probe = (action or {}).get("httpGet", {}).get("port")
    web = [p for p in d.app.ports if p.target in public and p.protocol == "tcp" and
           (p.target == http_probe or p.target in HTTP_PORTS or (p.app_protocol or "").startswith("http"))]
    if web and not d.app.job:
        d.decide("ingress", {"port": web[0].target},
                 f"published port {web[0].target} looks like HTTP: an Ingress in values, off by default "
                 "(ingress.enabled, host, className, tlsSecret)", source="default")


def _names(d: Draft) -> None:
    facts = d.facts
    if facts.container_name and facts.container_name != d.name:
        d.refuse(f"container_name {facts.container_name}", f"Kubernetes names the Service {d.k8s}: clients that used "
                                                           f"{facts.container_name} must use {d.k8s}", todo=True)
    for key in ("hostname", "domainname", "mac_address"):
        if getattr(d.facts, key):
            d.refuse(f"{key} {getattr(d.facts, key)}", "the pod's name and address are Kubernetes': not carried over")
    for att in facts.attachments:  # sorted by network
        net = att.network
        if att.aliases:
            d.refuse(f"network {net} aliases {', '.join(att.aliases)}", f"Kubernetes DNS knows the Service {d.k8s} "
                                                                        "only: add a Service per alias or change the "
                                                                        "clients", todo=True)
        if att.static:
            d.refuse(f"network {net} static address", "pods get their addresses from the cluster")
    for link in facts.links:
        d.refuse(f"links {link}", "a link is a DNS alias: reach the service by its Service name")
    for link in d.facts.external_links:
        d.refuse(f"external_links {link}", "a container outside the project: point the app at it by hand", todo=True)
    for key in ("dns", "dns_search", "dns_opt"):
        if getattr(d.facts, key):
            d.refuse(f"{key} {', '.join(getattr(d.facts, key))}", "the pod resolves through the cluster DNS (it "
                                                                  "finds the Services); set dnsConfig by hand")


def _hosts(d: Draft) -> None:
    aliases: dict[str, list[str]] = {}
    for entry in d.facts.extra_hosts:
        host, _, ip = entry.partition("=")
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            d.refuse(f"extra_hosts {entry}", f"{ip or 'this entry'} is not an address (host-gateway is Docker's): "
                                             "point the app at a Service or an ExternalName Service", todo=True)
            continue
        aliases.setdefault(ip, []).append(host)
    if aliases:
        d.decide("host_aliases", [{"ip": ip, "hostnames": sorted(h)} for ip, h in sorted(aliases.items())],
                 "from compose extra_hosts: the pod's /etc/hosts")


def carry(d: Draft) -> None:
    d.handled.update({"ports", "expose", "networks", "network_mode", "extra_hosts", "dns", "dns_search", "dns_opt",
                      "links", "external_links", "container_name", "hostname", "domainname", "mac_address"})
    _mode(d)
    reach.consumers(d)  # ports consumers, files and known images reach it on (reach.py)
    _ports(d)
    _names(d)
    _hosts(d)
    nets = networks_of(d)
    d.settings["networks"] = list(nets)
    if nets and all(d.facts.network_objects[n].internal for n in nets):
        d.decide("network.egress", "namespace", f"compose networks {', '.join(nets)} are internal (no way out): egress "
                                                "only to pods of this namespace and to the cluster DNS")


def peers(drafts: list[Draft]) -> None:
    """Who may reach each app: the other apps on a shared compose network (as compose allowed). When that is every
    other app of the chart (one compose network, the usual case), "all-apps": one selector, not a list per pair."""
    by_net: dict[str, set[int]] = {}
    for i, d in enumerate(drafts):
        for net in d.settings.get("networks") or ():
            by_net.setdefault(net, set()).add(i)
    for i, d in enumerate(drafts):
        if not d.app.ports:
            continue
        mine = sorted(d.settings.get("networks") or ())
        reach = set().union(*(by_net[n] for n in mine)) - {i} if mine else set()
        nets = ", ".join(mine) or "none"
        if reach and len(reach) == len(drafts) - 1:
            d.decide("network.allow_from", "all-apps", f"every other app service shares a compose network ({nets}) "
                                                       "with it: admitted from this release's pods; others are not")
        else:
            d.decide("network.allow_from", sorted(drafts[j].k8s for j in reach),
                     f"the app services sharing a compose network ({nets}) with it; other pods are not admitted")
