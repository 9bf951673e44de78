"""Plan stage for Vault (hashicorp/vault chart) on Kubernetes. Redis/Valkey: mappings/redis_operator/."""

from __future__ import annotations

from generator.plan.model import Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import tls, versions as V, vso
from generator.targets.k8s.common import k8s_name

SEALS = ("shamir", "awskms", "gcpckms", "azurekeyvault")


def decide_vault(resource: Resource, s: Recorder) -> Resource:
    release = s.pick("release", k8s_name(resource.name), "Helm release named after the compose service", option="release")
    s.pick("chart_version", V.VAULT_CHART, f"hashicorp/vault chart {V.VAULT_CHART} (Vault {V.VAULT_IMAGE}), pinned")
    s.pick("image_tag", V.VAULT_IMAGE, f"the chart's own Vault version; compose ran {resource.versions.get('vault', 'an unknown version')}"
           + (" in dev mode, which holds no data, so the jump carries no risk" if resource.facts.dev_mode else ""), option="version")
    s.pick("replicas", 3, "HA with integrated Raft storage: 3 voters tolerate one lost pod", option="replicas")
    s.pick("data_storage", "10Gi", "Raft data on a PersistentVolume per pod", option="storage")
    s.pick("audit_storage", "10Gi", "audit log on its own volume (a file audit device is enabled in the init steps)", option="audit_storage")
    s.pick("storage_class", None, "the cluster's default storage class", option="storage_class")
    s.pick("tls", True, "the listener serves TLS with the certificate in Secret <release>-tls, signed by the release CA "
           "(cert-manager, manifests/tls/)")
    s.pick("ca_file", tls.CA_FILE, "clients (apps, the agent injector's sidecars) verify Vault against the release CA's public "
           "certificate, never the Secret that holds Vault's key")
    seal = s.pick("seal", "shamir", "generic Kubernetes has no KMS: Shamir unseal keys, with the unseal procedure in the README; "
                  "set x-c2p k8s.seal to awskms, gcpckms or azurekeyvault for auto-unseal", option="seal")
    if seal not in SEALS:
        s.warnings.append(f"{resource.name}: unknown seal '{seal}' (known: {', '.join(SEALS)}); using shamir.")
        s.values["seal"] = "shamir"
    secrets = vso.pick_mode(s)
    s.pick("injector", secrets == "injector",
           "the Vault Agent injector puts secrets into app pods after a Kubernetes-auth login; no token in env"
           if secrets == "injector" else "off: the Vault Secrets Operator delivers the apps' secrets (vault_secrets: vso); "
           "x-c2p k8s.injector: true runs the Agent injector as well")
    s.pick("namespace", None, "self-managed Vault has no enterprise namespace")
    s.pick("addr", f"https://{release}-active:8200", "the active node's Service (in the app's namespace); TLS on")
    s.pick("resources", {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "256Mi"}},
           "Vault is light; memory request = limit")
    return s.apply(resource, "vault-helm")
