"""An app whose compose Vault token was removed (plan/envmap.py: "logs in with Kubernetes auth instead") cannot
reach Vault until something logs in for it: a TODO per app, naming the two ways.

Sources: Vault's Kubernetes auth method (developer.hashicorp.com/vault/docs/auth/kubernetes: POST
auth/kubernetes/login with the role and the ServiceAccount JWT); the Agent injector's
`vault.hashicorp.com/agent-inject-token` annotation (hashicorp/vault-k8s agent-inject/agent/annotations.go: the agent
writes its token to /vault/secrets/token); VSO syncs static secrets into a Kubernetes Secret (it gives the app no token).
"""

from __future__ import annotations

from generator.targets.k8s.workload.draft import Draft

SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"


def carry(d: Draft) -> None:
    for var in d.app.env:
        ov = var.override
        if ov is None or ov.action != "remove" or ov.role != "token":
            continue
        d.refuse(
            f"environment {var.name}",
            f"compose gave the app a Vault token; the chart passes none, so it reaches Vault only once something logs "
            f"in for it. Either the app's own code logs in with Vault's Kubernetes auth method (role `{d.k8s}`, the "
            f"README's Vault step creates it: POST auth/kubernetes/login with role {d.k8s} and the JWT in {SA_TOKEN}), "
            "or an agent does: the Vault Agent injector (x-c2p k8s.vault_secrets: injector on the Vault service, and "
            "the pod annotation vault.hashicorp.com/agent-inject-token: \"true\" writes a token to "
            "/vault/secrets/token), or, when the app only reads static secrets, the Vault Secrets Operator (VSO) "
            "syncs them into a Secret and the app needs no token",
            todo=True, warn=True)
