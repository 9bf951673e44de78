"""The release's TLS trust on Kubernetes (contract shared by the server side and the app side).

One CA, issued by cert-manager in the release's namespace, signs every server certificate the stateful services
present (CloudNativePG through `spec.certificates.serverTLSSecret`, Redis, Vault). Its public certificate — never
its key — reaches the apps as ConfigMap `ca_configmap(project)` (key CA_KEY), mounted read-only at CA_DIR, so a
client verifies the server (`sslmode=verify-full` + `sslrootcert`, `VAULT_CACERT`, the Redis client's CA option).
A resource whose clients must trust this CA carries `settings["ca_file"] = CA_FILE` in the plan.
"""

from __future__ import annotations

from generator.names import k8s_label

CA_KEY = "ca.crt"
CA_DIR = "/etc/c2p/ca"
CA_FILE = f"{CA_DIR}/{CA_KEY}"
CA_VOLUME = "c2p-ca"  # the pod volume name of the CA mount


def ca_configmap(project: str) -> str:
    """The ConfigMap (and the cert-manager CA Certificate/Secret/Issuer) name of the release's CA."""
    return k8s_label(project, 40) + "-ca"


def ca_selfsigned_issuer(project: str) -> str:
    """The self-signed cert-manager Issuer that signs the CA certificate (manifests/tls/ca.yaml)."""
    return ca_configmap(project) + "-selfsigned"


def ca_public_secret(project: str) -> str:
    """A Secret holding only CA_KEY (the CA's public certificate), for what mounts trust from a Secret only: the Vault
    agent injector's `vault.hashicorp.com/tls-secret`. Never the CA's own Secret, which holds its key."""
    return ca_configmap(project) + "-public"


def names(project: str) -> tuple[str, ...]:
    """Object names the release CA brings into the namespace (ConfigMap/Secret/Certificate/Issuer share the first)."""
    return (ca_configmap(project), ca_selfsigned_issuer(project), ca_public_secret(project))
