"""PostgreSQL and TimescaleDB → a CloudNativePG Cluster (cnpg_decide.py decides, cnpg.py and templates/ render,
docs.py writes its README and MIGRATION.md sections)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import netpol
from generator.targets.k8s.certs import forms
from generator.targets.k8s.mappings.cnpg import cnpg

OPERATOR_NAMESPACE = "cnpg-system"  # where the README installs the operator
PORT = 5432


class CnpgMapping:
    name = "cnpg"
    kinds = ("postgres", "timescaledb")
    title = "CloudNativePG"
    label = "CloudNativePG cluster"
    runner = "CloudNativePG"
    env_note = ("read by c2p for the cluster's database, owner and version; CloudNativePG generates the credentials; other "
                "server settings are not copied (add them under postgresql.parameters in cluster.yaml)")
    operator_namespace = OPERATOR_NAMESPACE
    access_namespaces: Mapping[str, str] = {}
    peers = ("the cluster's own pods (replication, join Jobs, the pooler) and the operator in namespace "
             f"{OPERATOR_NAMESPACE} (status port 8000, 5432)")
    cert_manager_for = "the barman-cloud plugin"  # its backups (README step "CloudNativePG operator")
    public_ca_for = None
    serves_vault_api = False
    init_sql = True

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        from generator.targets.k8s.mappings.cnpg.cnpg_decide import decide_postgres

        return decide_postgres(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        """A Job (a migration) connects to `<cluster>-rw` even with the pooler on: PgBouncer's transaction mode breaks
        the session advisory locks and prepared statements migration tools use (review k8s #11; CloudNativePG docs,
        "Connection pooling"). The user name lives in the app Secret with the password."""
        st, sec = resource.settings, cnpg.secret_name(resource)
        return {
            "host": Output(value=f"{st['cluster']}-rw" if job else cnpg.host(resource)),
            "port": Output(value=str(PORT)),
            "database": Output(value=st["database"]),
            "username": Output(secret=(sec, "username")),
            "password": Output(secret=(sec, "password")),
        }

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        return cnpg.render(plan, resource)

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        return cnpg.generated_names(resource.settings["cluster"])

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        st = resource.settings
        if not st.get("ca_file"):
            return None
        c = st["cluster"]
        services = [f"{c}-rw", f"{c}-r", f"{c}-ro"] + ([f"{c}-pooler-rw"] if st.get("pooler") else [])
        return {"secret": st["server_tls_secret"], "dns": [n for s in services for n in forms(s, ns)], "ips": [],
                "usages": ["server auth"], "labels": {"cnpg.io/reload": ""},
                "why": f"CloudNativePG cluster {c}: its Services (the names the operator itself would list) and the "
                       "pooler's (PgBouncer serves the same certificate); cnpg.io/reload makes the instances reload it",
                "what": "CloudNativePG cluster", "reload": ("reloads", "CloudNativePG reloads its own (label `cnpg.io/reload`)")}

    def network_policies(self, plan: Plan, resource: Resource) -> tuple[str, list[dict[str, Any]]]:
        s, access = resource.settings, resource.settings["access"]
        op = access.get("operator_namespace")
        own = {"cnpg.io/cluster": s["cluster"]}
        scrape = [{"from": [{"namespaceSelector": {}}], "ports": netpol.ports(9187)}] if s.get("monitoring") else []
        head = (f"the CloudNativePG Cluster {s['cluster']}'s pods: port 5432 from the app services that use it "
                f"({', '.join(access['consumers']) or 'none'}); 5432 and 8000\n"
                f"# from the Cluster's own pods (replication, join Jobs, Pooler) and from namespace {op} (the operator).")
        return head, [netpol.policy(plan, f"{s['cluster']}-access", own, netpol.apps(access, PORT) + [
            netpol.pods(own, PORT, 8000), netpol.namespace(op, 8000, PORT)] + scrape)]  # scrape: Prometheus, wherever it runs

    def wait_for(self, resource: Resource, job: bool = False) -> tuple[str, int]:
        return self.outputs(resource, job)["host"].value, PORT

    def install_steps(self, resources: Sequence[Resource]) -> tuple[str, ...]:
        return ("cnpg", "backup", "clusters")

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.cnpg import docs

        return docs.docs(plan, resource)

    def guide(self, plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.cnpg import docs

        return docs.guide(plan, resources)


MAPPING = CnpgMapping()
