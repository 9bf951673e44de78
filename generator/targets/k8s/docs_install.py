"""The README's "Install, in order" section: which steps the output needs, their numbers (no gaps whatever is
generated), the pinned versions actually installed, and the release CA step's names and commands."""

from __future__ import annotations

import re
from typing import Any

from generator.plan.model import Plan
from generator.render.escape import Raw
from generator.targets.k8s import certs, tls, versions as V, vso
from generator.targets.k8s.mapping import by_mapping



def steps(plan: Plan, has: dict[str, Any]) -> dict[str, int]:
    """Step key → number. Order: cert-manager, the CA and server certificates, then the servers, then the apps."""
    keys = []
    if certs.uses_ca(plan) or has["cnpg"]:
        keys.append("certmanager")
    if certs.uses_ca(plan):
        keys.append("ca")
    if has["cnpg"]:
        keys += ["cnpg", "backup", "clusters"]
    if has["redis"]:
        keys.append("redis")
    keys += [f"vault:{x['s']['release']}" for x in has["vault"]]
    if has["apps"]:
        keys += ["app_secrets"] + (["compose_secrets"] if has["creates"] else []) + ["chart"]
    return {key: number for number, key in enumerate(keys, 1)}


def pinned(plan: Plan, has: dict[str, Any]) -> str:
    out = []
    if has["cnpg"]:
        out.append(f"CloudNativePG {V.CNPG_OPERATOR} (chart cnpg/cloudnative-pg {V.CNPG_CHART}), barman-cloud plugin {V.BARMAN_PLUGIN}")
    if certs.uses_ca(plan) or has["cnpg"]:
        out.append(f"cert-manager {V.CERT_MANAGER}")
    if has["vault"]:
        out.append(f"hashicorp/vault chart {V.VAULT_CHART} (Vault {V.VAULT_IMAGE})")
    if vso.synced_apps(plan):
        out.append(f"Vault Secrets Operator {V.VSO_OPERATOR} (chart hashicorp/vault-secrets-operator {V.VSO_CHART})")
    if has["redis"]:
        out.append(f"OT-CONTAINER-KIT redis-operator {V.REDIS_OPERATOR} (chart ot-helm/redis-operator {V.REDIS_OPERATOR_CHART})")
    return ", ".join(out) or "none (no operator or upstream chart is needed)"


def tls_context(plan: Plan) -> dict[str, Any]:
    ns = certs.namespace(plan)
    assert re.fullmatch(r"[a-z][a-z0-9-]*", ns), ns  # a DNS label: safe inside the sed expression and the shell line
    listed = []
    for r in plan.resources:
        cert = certs.server_certificate(r, ns)
        if cert:
            listed.append({"secret": cert["secret"], "what": f"{cert['what']} {r.name}"})
    # how each server picks up a renewed certificate, in the order of the mappings (each named once)
    how = [cert["reload"] for _, rs in by_mapping(plan) for r in rs if (cert := certs.server_certificate(r, ns))]
    reload = list(dict.fromkeys(text for way, text in how if way == "reloads"))
    restart = list(dict.fromkeys(text for way, text in how if way == "restart"))
    if restart:
        reload.append(f"{' and '.join(restart)} read{'s its own' if len(restart) == 1 else ' theirs'} "
                      "when starting (restart: see the sections below)")
    return {
        "reload": "; ".join(reload) or "nothing to do",
        "ca": tls.ca_configmap(plan.project), "public": tls.ca_public_secret(plan.project), "certs": listed,
        # the certificates name the default namespace; another $NAMESPACE replaces it in every `.<ns>.svc`
        "sed_apply": Raw(f'sed "s/\\.{ns}\\.svc/.$NAMESPACE.svc/g" "$f" | kubectl -n "$NAMESPACE" apply -f -'),
    }
