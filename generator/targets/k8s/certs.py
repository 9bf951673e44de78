"""Render stage for the release CA (contract: tls.py): cert-manager manifests under manifests/tls/.

selfsigned-issuer.yaml, ca-certificate.yaml, ca-issuer.yaml: a self-signed Issuer signs one CA Certificate (isCA) whose
Secret backs a CA Issuer. certificate-<secret>.yaml: that CA Issuer signs one server Certificate per stateful service whose clients trust the CA
(`settings["ca_file"]`): the CloudNativePG cluster's `spec.certificates.serverTLSSecret`/`serverCASecret`, the Redis
TLS Secret the operator mounts, the Vault listener's Secret. A cert-manager Secret holds `tls.crt`, `tls.key` and
`ca.crt` (the CA's certificate, never its key).

Namespace-qualified names (`<svc>.<ns>.svc`) name the default namespace (`namespace(plan)`, the README's
`export NAMESPACE=`); the README's apply command rewrites `.<ns>.svc` to `.$NAMESPACE.svc` when another is chosen.
Sources: cert-manager v1.18.2 CRDs (schemas/crds), CloudNativePG 1.30 docs/src/certificates.md and
`Cluster.GetClusterAltDNSNames` (api/v1/cluster_funcs.go), vault-helm 0.34.1 templates (VAULT_ADDR
https://127.0.0.1:8200 in the server pod, the injector's https://<release>.<ns>.svc:8200).
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Resource
from generator.render.escape.yaml import yaml_dump
from generator.targets.k8s import tls
from generator.targets.k8s.common import k8s_name

API = "cert-manager.io/v1"
CA_DURATION = "87600h"  # 10 years: the apps hold a copy of the CA certificate (README), so it changes rarely
SERVER_DURATION = "8760h"  # 1 year; Redis and Vault read their certificate at start (README: restart after renewal)
RENEW_BEFORE = "720h"
KEY = {"algorithm": "ECDSA", "size": 256}
DOMAIN = "cluster.local"  # the Kubernetes default cluster domain
CA_FILES = ("selfsigned-issuer.yaml", "ca-certificate.yaml", "ca-issuer.yaml")  # in apply order


def namespace(plan: Plan) -> str:
    return k8s_name(plan.project)


def uses_ca(plan: Plan) -> bool:
    return any(r.settings.get("ca_file") for r in plan.resources)


def forms(service: str, ns: str) -> list[str]:
    return [service, f"{service}.{ns}.svc", f"{service}.{ns}.svc.{DOMAIN}"]


def server_certificate(resource: Resource, ns: str) -> dict[str, Any] | None:
    """{secret, dns, ips, usages, labels, why, what, reload} of the server certificate one resource presents (its
    mapping's `server_certificate`), or None."""
    from generator.targets.k8s.mapping import mapping_of

    mapping = mapping_of(resource)
    return mapping.server_certificate(resource, ns) if mapping is not None else None


def _meta(name: str, project: str) -> dict[str, Any]:
    return {"name": name, "labels": {"app.kubernetes.io/part-of": project, "app.kubernetes.io/managed-by": "c2p"}}


def _issuer_ref(name: str) -> dict[str, str]:
    return {"name": name, "kind": "Issuer", "group": "cert-manager.io"}


def ca_objects(plan: Plan) -> list[dict[str, Any]]:
    ca = tls.ca_configmap(plan.project)
    selfsigned = tls.ca_selfsigned_issuer(plan.project)
    return [
        {"apiVersion": API, "kind": "Issuer", "metadata": _meta(selfsigned, plan.project), "spec": {"selfSigned": {}}},
        {"apiVersion": API, "kind": "Certificate", "metadata": _meta(ca, plan.project), "spec": {
            "isCA": True, "commonName": f"{plan.project} release CA", "secretName": ca,
            "duration": CA_DURATION, "renewBefore": RENEW_BEFORE,
            # the same key on renewal: the copies of the CA certificate the apps hold keep verifying new server certificates
            "privateKey": {**KEY, "rotationPolicy": "Never"},
            "issuerRef": _issuer_ref(selfsigned)}},
        {"apiVersion": API, "kind": "Issuer", "metadata": _meta(ca, plan.project), "spec": {"ca": {"secretName": ca}}},
    ]


def server_objects(plan: Plan) -> list[dict[str, Any]]:
    ns, ca, out = namespace(plan), tls.ca_configmap(plan.project), []
    for r in plan.resources:
        cert = server_certificate(r, ns)
        if cert is None:
            continue
        spec: dict[str, Any] = {"secretName": cert["secret"]}
        if cert["labels"]:
            spec["secretTemplate"] = {"labels": cert["labels"]}
        spec.update({"duration": SERVER_DURATION, "renewBefore": RENEW_BEFORE, "privateKey": {**KEY, "rotationPolicy": "Always"},
                     "usages": ["digital signature", *cert["usages"]], "dnsNames": cert["dns"]})
        if cert["ips"]:
            spec["ipAddresses"] = cert["ips"]
        spec["issuerRef"] = _issuer_ref(ca)
        out.append((cert["why"], {"apiVersion": API, "kind": "Certificate", "metadata": _meta(cert["secret"], plan.project),
                                  "spec": spec}))
    return out


def certificate_file(secret: str) -> str:
    """The file of the server Certificate whose Secret is `secret` (named after it; other manifests cite this path)."""
    return f"manifests/tls/certificate-{secret}.yaml"


def _document(header: list[str], doc: dict[str, Any]) -> str:
    return "".join(f"# {line}\n" for line in header) + yaml_dump(doc)


def render(plan: Plan) -> dict[str, str]:
    """One object per file, as every c2p manifest: the CA's three under their role, each server Certificate under its
    Secret's name (the README applies the CA files first, then the certificate-*.yaml files through its `sed`)."""
    if not uses_ca(plan):
        return {}
    ca = tls.ca_configmap(plan.project)
    ns = namespace(plan)
    who = f"The release CA of {plan.project}, by cert-manager (README, install step \"Release CA\"). Generated by c2p."
    out = {}
    for file, why, doc in zip(CA_FILES, [
            "Signs the CA certificate (ca-certificate.yaml), once.",
            f"The release CA (Secret {ca}: its key stays there; the apps get its public certificate as ConfigMap {ca}).",
            "Signs every server certificate of this release (certificate-*.yaml)."], ca_objects(plan)):
        out[f"manifests/tls/{file}"] = _document([who, why], doc)
    for why, doc in server_objects(plan):
        out[certificate_file(doc["metadata"]["name"])] = _document([
            f"A server certificate signed by the release CA (Issuer {ca}), generated by c2p.", why,
            f"The namespace-qualified names assume namespace {ns}; the README's apply command rewrites them for another."], doc)
    return out
