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


# The merged trust bundle, for clients that trust only the system store (plan/clients.py TRUST_STORE_ONLY: Ruby's
# OpenSSL, PHP's openssl, Go's crypto/x509): an init container running the app's own image concatenates the image's
# system bundle and CA_FILE into an emptyDir at TRUST_DIR, and the app's SSL_CERT_FILE names TRUST_FILE. OpenSSL's
# default store reads SSL_CERT_FILE (crypto/x509/by_file.c, X509_FILETYPE_DEFAULT → X509_get_default_cert_file_env);
# Go reads it too (crypto/x509/root_unix.go).
TRUST_DIR = "/etc/c2p/trust"
TRUST_FILE = f"{TRUST_DIR}/ca-certificates.crt"
TRUST_VOLUME = "c2p-trust"
# Where images keep their system bundle, the list Go's crypto/x509 (root_linux.go certFiles) searches: Debian/Ubuntu/
# Gentoo, Fedora/RHEL 6, OpenSUSE, OpenELEC, CentOS/RHEL 7+, Alpine.
SYSTEM_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
                  "/etc/pki/tls/cacert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem")


def trust_command() -> list[str]:
    """The init container's command: c2p's own constant text, no compose value in it. Fails (the pod stays in
    Init:Error, the log says why) when the image has no system bundle or no /bin/sh."""
    script = (
        "set -eu; for f in " + " ".join(SYSTEM_BUNDLES) + "; do "
        f'if [ -s "$f" ]; then {{ cat "$f"; echo; cat {CA_FILE}; }} > {TRUST_FILE}.tmp; mv {TRUST_FILE}.tmp {TRUST_FILE}; '
        f'echo "c2p: {TRUST_FILE} = $f + the release CA"; exit 0; fi; done; '
        'echo "c2p: no system CA bundle in this image (looked in ' + " ".join(SYSTEM_BUNDLES) + '): install '
        'ca-certificates in the image" >&2; exit 1')
    return ["/bin/sh", "-c", script]
