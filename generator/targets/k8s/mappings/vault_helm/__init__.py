"""Vault → the hashicorp/vault chart (HA Raft, TLS), with the Vault Secrets Operator for the apps' secrets
(vault_decide.py decides, vault.py and templates/ render, docs.py writes its README and MIGRATION.md sections;
VSO itself: targets/k8s/vso.py, vso_render.py)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import netpol, versions as V
from generator.targets.k8s.certs import DOMAIN, forms
from generator.targets.k8s.mappings.vault_helm import vault

PORT = 8200  # API; 8201: cluster/Raft


class VaultHelmMapping:
    name = "vault-helm"
    kinds = ("vault",)
    title = "hashicorp/vault chart"
    label = "Vault release"
    runner = "the vault chart"
    env_note = "compose's dev-mode settings: the production Vault is configured by the chart values (README)"
    operator_namespace = None
    access_namespaces: Mapping[str, str] = {"vso_namespace": V.VSO_NAMESPACE}  # the README installs VSO there
    peers = (f"the Vault server pods among themselves (Raft, 8201) and the Vault Secrets Operator's "
             f"namespace {V.VSO_NAMESPACE}")
    cert_manager_for = None
    public_ca_for = "the Vault agent's `tls-secret` annotation"
    serves_vault_api = True
    init_sql = False

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        from generator.targets.k8s.mappings.vault_helm.vault_decide import decide_vault

        return decide_vault(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        return {"addr": Output(value=resource.settings["addr"]), "namespace": Output(value="")}

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        return vault.render(plan, resource)

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        return vault.generated_names(resource.settings["release"])

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        if not resource.settings.get("ca_file"):
            return None
        r = resource.settings["release"]
        dns = [x for s in (r, f"{r}-active", f"{r}-internal") for x in forms(s, ns)]
        dns += [f"*.{r}-internal", f"*.{r}-internal.{ns}.svc", f"*.{r}-internal.{ns}.svc.{DOMAIN}"]
        return {"secret": f"{r}-tls", "dns": dns, "ips": ["127.0.0.1"], "usages": ["server auth"], "labels": {},
                "why": f"Vault {r}: the Services, each pod for retry_join ({r}-0.{r}-internal), and 127.0.0.1 (the chart's "
                       "VAULT_ADDR inside the pod, used by `kubectl exec … vault`)",
                "what": "Vault", "reload": ("restart", "Vault")}

    def network_policies(self, plan: Plan, resource: Resource) -> tuple[str, list[dict[str, Any]]]:
        access, release = resource.settings["access"], resource.settings["release"]
        # the chart's server pods (templates/server-statefulset.yaml)
        server = {"app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": release, "component": "server"}
        head = (f"the Vault server pods of release {release}: 8200 from the app services that use it "
                f"({', '.join(access['consumers']) or 'none'}); 8200 and 8201\n"
                f"# (Raft) from each other; 8200 from namespace {access.get('vso_namespace')} (the Vault Secrets Operator, "
                "when you use it).")
        return head, [netpol.policy(plan, f"{release}-access", server, netpol.apps(access, PORT) + [
            netpol.pods(server, PORT, 8201), netpol.namespace(access["vso_namespace"], PORT)])]

    def wait_for(self, resource: Resource, job: bool = False) -> tuple[str, int]:
        return f"{resource.settings['release']}-active", PORT

    def install_steps(self, resources: Sequence[Resource]) -> tuple[str, ...]:
        return tuple(f"vault:{r.settings['release']}" for r in resources)

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.vault_helm import docs

        return docs.docs(plan, resource)

    def guide(self, plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.vault_helm import docs

        return docs.guide(plan, resources)


MAPPING = VaultHelmMapping()
