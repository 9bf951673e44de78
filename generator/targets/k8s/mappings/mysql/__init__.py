"""MySQL on Kubernetes: the Percona Operator for MySQL based on Percona XtraDB Cluster (pxc.percona.com/v1). Plan:
decide.py; files: render.py; README and MIGRATION.md sections: the templates beside this file."""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.mappings import sqlfamily as F
from generator.targets.k8s.mappings.mysql import decide as _decide, render as _render

# Objects the operator names after the cluster (Services and StatefulSets <c>-pxc/-haproxy(-replicas), the unready
# and ProxySQL Services, ConfigMaps, the system-user Secrets, the TLS Secrets' defaults) and c2p's own (the app's
# password Secret, the backup credentials). Its internal Secret is `internal-<c>` (a prefix): listed as well.
SUFFIXES = ("", "-pxc", "-pxc-unready", "-haproxy", "-haproxy-replicas", "-proxysql", "-proxysql-unready", "-secrets",
            "-ssl", "-ssl-internal", "-custom-user-secret", "-app", "-backup-s3", "-pxc-ca-issuer", "-pxc-issuer",
            "-ca-cert", "-env-vars-pxc", "-env-vars-haproxy", "-logcollector", "-mysql-init")
DOMAIN = "cluster.local"
NODE_PORTS = (3306, 4444, 4567, 4568, 33060, 33062)  # MySQL, SST, Galera group, IST, X protocol, admin
PROXY_PORTS = (3306, 3309, 33062, 33060)  # HAProxy: MySQL, proxy-protocol, admin, X protocol


class PXCMapping:
    name = "pxc-operator"
    kinds = ("mysql",)
    title = "MySQL (Percona XtraDB Cluster operator)"
    label = "Percona XtraDB Cluster"
    operator_namespace = V.PXC_OPERATOR_NAMESPACE
    peers = (f"the cluster's own pods (Galera replication, HAProxy, backup Jobs) and the operator in namespace "
             f"{V.PXC_OPERATOR_NAMESPACE}")

    def decide(self, resource: Resource, rec) -> Resource:
        return _decide.decide(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        st = resource.settings
        sec = st["password_secret"]
        return {"host": Output(st["host"]), "port": Output(str(st["port"])), "database": Output(st["database"]),
                "username": Output(st["owner"]),
                "password": Output(shown="<password>", secret=(sec["name"], sec["key"]))}

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        return _render.render(plan, resource)

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        c = resource.settings["name"]
        return tuple(f"{c}{s}" for s in SUFFIXES) + (f"internal-{c}", f"auto-{c}-pxc")

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        """One certificate for the clients (through HAProxy, which passes TLS through) and between the nodes
        (sslInternalSecretName names the same Secret): the names the operator itself would issue
        (pkg/controller/pxc/tls.go)."""
        c = resource.settings["name"]
        dns = [x for s in (f"{c}-haproxy", f"{c}-haproxy-replicas", f"{c}-pxc") for x in _forms(s, ns)]
        dns += [f"*.{c}-pxc", f"*.{c}-pxc.{ns}.svc", f"*.{c}-pxc.{ns}.svc.{DOMAIN}"]
        return {"secret": resource.settings["server_tls_secret"], "dns": dns, "ips": [],
                "usages": ["server auth", "client auth"], "labels": {},
                "why": f"Percona XtraDB Cluster {c}: the HAProxy Services apps connect to and every node (Galera "
                       "traffic between the nodes uses it as client and server certificate); the operator rolls "
                       "the pods when the Secret changes"}

    def network_policies(self, plan: Plan, resource: Resource) -> list[dict[str, Any]]:
        from generator.targets.k8s import netpol as N

        c, access = resource.settings["name"], resource.settings["access"]
        cluster = {"app.kubernetes.io/name": _render.APP, "app.kubernetes.io/instance": c}
        nodes = {**cluster, "app.kubernetes.io/component": "pxc"}
        proxies = {**cluster, "app.kubernetes.io/component": "haproxy"}
        op = self.operator_namespace
        return [
            N._policy(plan, f"{c}-access", nodes, [N._pods(cluster, *NODE_PORTS), N._namespace(op, 3306, 33062)]),
            N._policy(plan, f"{c}-haproxy-access", proxies, N._apps(access, 3306) + [
                N._pods(cluster, *PROXY_PORTS), N._namespace(op, *PROXY_PORTS)]),
        ]

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.mysql import docs as _docs

        return _docs.docs(plan, resource)


def _forms(service: str, ns: str) -> list[str]:
    return [service, f"{service}.{ns}.svc", f"{service}.{ns}.svc.{DOMAIN}"]


MAPPING = PXCMapping()
