"""MariaDB on Kubernetes: mariadb-operator (k8s.mariadb.com/v1alpha1). Plan: decide.py; files: render.py; README and
MIGRATION.md sections: the templates beside this file."""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.mappings import sqlfamily as F
from generator.targets.k8s.mappings.mariadb import decide as _decide, render as _render

# Objects named after the MariaDB (api/v1alpha1/mariadb_keys.go: Services, Secrets, ConfigMaps, Jobs, the SQL objects
# the operator makes for itself) and c2p's own (the server certificate's Secret, the app's password Secret, the
# Database/User/Grant "-app", the PhysicalBackup "-daily" and its S3 Secret).
SUFFIXES = ("", "-primary", "-secondary", "-internal", "-metrics", "-metrics-password", "-metrics-config", "-maxscale",
            "-root", "-password", "-repl-password", "-agent-auth", "-config", "-config-default", "-config-tls",
            "-ca", "-ca-bundle", "-server-cert", "-client-cert", "-server-tls", "-app", "-daily", "-backup-s3",
            "-init", "-restore", "-bootstrap-staging", "-pitr", "-pb-scaleout", "-pb-recovery", "-database", "-user",
            "-user-all", "-mariadb-sys", "-mariadb-sys-global-priv")
DOMAIN = "cluster.local"


class MariaDBMapping:
    name = "mariadb-operator"
    kinds = ("mariadb",)
    title = "MariaDB (mariadb-operator)"
    label = "mariadb-operator MariaDB"
    operator_namespace = V.MARIADB_OPERATOR_NAMESPACE
    peers = (f"the MariaDB pods among themselves (replication), its PhysicalBackup Jobs and the operator in namespace "
             f"{V.MARIADB_OPERATOR_NAMESPACE} (SQL on 3306, the agent API on 5555)")

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
        return tuple(f"{resource.settings['name']}{s}" for s in SUFFIXES)

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        """The names the operator itself puts in a server certificate (api/v1alpha1/mariadb_types.go
        TLSServerDNSNames): the Services, every pod through the -internal headless Service, localhost."""
        n = resource.settings["name"]
        dns = [x for s in (n, f"{n}-primary", f"{n}-secondary") for x in _forms(s, ns)]
        dns += [f"*.{n}-internal", f"*.{n}-internal.{ns}.svc", f"*.{n}-internal.{ns}.svc.{DOMAIN}", "localhost"]
        return {"secret": resource.settings["server_tls_secret"], "dns": dns, "ips": [], "usages": ["server auth"],
                "labels": {"k8s.mariadb.com/watch": ""},
                "why": f"MariaDB {n}: its Services, each pod (replicas reach the primary through {n}-internal) and "
                       "localhost, the names mariadb-operator itself would list; k8s.mariadb.com/watch makes the "
                       "operator roll the pods when cert-manager renews it"}

    def network_policies(self, plan: Plan, resource: Resource) -> list[dict[str, Any]]:
        from generator.targets.k8s import netpol as N

        st, access = resource.settings, resource.settings["access"]
        own = {"app.kubernetes.io/name": _render.APP, "app.kubernetes.io/instance": st["name"]}
        backup = {"app.kubernetes.io/name": _render.BACKUP_APP, "app.kubernetes.io/instance": st["name"]}
        return [N._policy(plan, f"{st['name']}-access", own, N._apps(access, F.PORT) + [
            N._pods(own, F.PORT), N._pods(backup, F.PORT), N._namespace(self.operator_namespace, F.PORT, 5555)])]

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.mariadb import docs as _docs

        return _docs.docs(plan, resource)


def _forms(service: str, ns: str) -> list[str]:
    return [service, f"{service}.{ns}.svc", f"{service}.{ns}.svc.{DOMAIN}"]


MAPPING = MariaDBMapping()
