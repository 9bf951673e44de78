"""App secrets from Vault through the Vault Secrets Operator (VSO), or the agent injector: x-c2p k8s.vault_secrets.

`vso` (the default): an app's variables that looked like secrets in compose (never carried over) are stored in Vault,
KV v2 mount `secret`, path `<project>/<app>`, one key per variable. VSO logs in to the release's Vault with the
Kubernetes auth method as the app's own ServiceAccount (role `vso-<app>`, audience `vault`), reads that path and
writes Kubernetes Secret `<app>-env` — the Secret the app chart already reads by secretKeyRef (app_values.py), so
the app is unchanged: it reads environment variables. Objects, under manifests/<vault service>/vso/:
`VaultConnection` <release> (the Vault's address in the namespace, the release CA's public certificate),
`VaultAuth` <app> and `VaultStaticSecret` <app>-env per app with such variables (rolloutRestartTargets: its
Deployment/StatefulSet, since env is read at start only).

`injector`: no VSO objects; the README's "App secrets" step has the user create `<app>-env` by hand and the Vault
chart runs the Agent injector (annotation-driven; the app then reads files under /vault/secrets).

VSO facts (hashicorp/vault-secrets-operator v1.4.1, api/v1beta1 and the CRDs packaged in schemas/crds/):
`caCertSecretRef` names a Secret in the VaultConnection's namespace and reads its key `ca.crt` (vault/config.go);
`kubernetes.serviceAccount` must live in the VaultStaticSecret's namespace; VSO asks a token for it (TokenRequest,
with `audiences`); a kv-v2 VaultStaticSecret reads `<mount>/data/<path>`; `destination.transformation.excludeRaw`
drops the `_raw` copy of the whole response; rolloutRestartTargets accepts Deployment, DaemonSet, StatefulSet,
argo.Rollout (Jobs are not restarted: they read the Secret when they next run).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.plan.model import App, Plan, Resource
from generator.targets.k8s import versions as V
from generator.plan.recorder import Recorder
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.tls import ca_configmap

MODES = ("vso", "injector")
KV_MOUNT = "secret"
AUDIENCE = "vault"
AUTH_MOUNT = "kubernetes"
REFRESH = "60s"
RESTARTABLE = {"deployment": "Deployment", "statefulset": "StatefulSet"}


def pick_mode(s: Recorder) -> str:
    """The Vault release's `vault_secrets` decision (called from mappings/vault_helm/vault_decide.py)."""
    return s.pick("vault_secrets", "vso",
                  f"the Vault Secrets Operator ({V.VSO_OPERATOR}, pinned) copies each app's secret-looking variables from "
                  "Vault KV into the Secret the app chart already reads: no Vault code or token in the app; "
                  "x-c2p k8s.vault_secrets: injector keeps the Vault Agent injector instead", option="vault_secrets")


def ca_secret(project: str) -> str:
    """The Secret holding only the release CA's public certificate (key ca.crt), copied from ConfigMap
    tls.ca_configmap(project): never the cert-manager CA Secret of the same name, which holds the CA's key."""
    return ca_configmap(project) + "-public"


@dataclass(frozen=True)
class Synced:
    """One app whose secret-looking variables VSO syncs from Vault."""

    app: str  # compose name
    name: str  # its Kubernetes name: ServiceAccount, workload, VaultAuth
    keys: tuple[str, ...]  # the variables = the KV keys = the Secret's keys
    path: str  # KV v2 path under KV_MOUNT
    restart: str | None  # Deployment / StatefulSet restarted on a change; None for a Job

    @property
    def secret(self) -> str:
        return f"{self.name}-env"

    @property
    def role(self) -> str:
        return f"vso-{self.name}"

    @property
    def policy_path(self) -> str:
        return f"{KV_MOUNT}/data/{self.path}"


@dataclass(frozen=True)
class Release:
    """One Vault release with vault_secrets: vso and the apps whose secrets it holds."""

    service: str  # the Vault's compose service
    release: str
    namespace: str  # the default namespace (README's NAMESPACE): the address VSO's controller dials names it
    tls: bool
    apps: tuple[Synced, ...]

    @property
    def address(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.release}-active.{self.namespace}.svc:8200"

    @property
    def folder(self) -> str:
        return f"manifests/{self.service}/vso"


def policy(app: Synced) -> str:
    """The Vault policy of an app's VSO role: read its own KV v2 path, nothing else (kv-v2 reads <mount>/data/<path>)."""
    return f'path "{app.policy_path}" {{ capabilities = ["read"] }}'


def user_secrets(app: App) -> tuple[str, ...]:
    """The variables the chart reads from Secret <app>-env (app_values._env: secret-looking, not wired)."""
    return tuple(sorted(v.name for v in app.env if v.override is None and v.secret))


def _vault_of(plan: Plan, app: App, vaults: list[Resource]) -> Resource:
    """The Vault an app's secrets live in: the one its env points at, else the one it depends on, else the first."""
    names = {r.name: r for r in vaults}
    for var in sorted(app.env, key=lambda v: v.name):
        if var.override is not None and var.override.resource in names:
            return names[var.override.resource]
    for dep in sorted(app.depends_on, key=lambda d: d.service):
        if dep.service in names:
            return names[dep.service]
    return vaults[0]


def serves_vault_api(resource: Resource) -> bool:
    """A Vault of this release (its mapping says so), which VSO or the injector can read the apps' secrets from."""
    from generator.targets.k8s.mapping import mapping_of

    mapping = mapping_of(resource)
    return bool(mapping and mapping.serves_vault_api)


def mode(resource: Resource) -> str:
    return str(resource.settings.get("vault_secrets") or "injector")


def releases(plan: Plan) -> list[Release]:
    vaults = sorted((r for r in plan.resources if serves_vault_api(r)), key=lambda r: r.name)
    if not vaults:
        return []
    per: dict[str, list[Synced]] = {r.name: [] for r in vaults}
    project = k8s_name(plan.project)
    for app in sorted(plan.apps, key=lambda a: a.name):
        keys = user_secrets(app)
        vault = _vault_of(plan, app, vaults) if keys else None
        if vault is None or mode(vault) != "vso":
            continue
        name = k8s_name(app.name)
        kind = RESTARTABLE.get(app.workload or ("job" if app.job else "deployment"))
        per[vault.name].append(Synced(app.name, name, keys, f"{project}/{name}", kind))
    return [Release(r.name, r.settings["release"], project, bool(r.settings.get("tls", True)), tuple(per[r.name]))
            for r in vaults if mode(r) == "vso"]


def synced_apps(plan: Plan) -> dict[str, Release]:
    """app compose name → the Release whose VSO syncs its secrets (the README's "App secrets" step skips them)."""
    return {s.app: rel for rel in releases(plan) for s in rel.apps}
