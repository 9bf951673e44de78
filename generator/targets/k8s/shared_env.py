"""The app Secret shared by several services (EnvVar.shared, plan/shared.py): one Secret `<project>-shared-env` the
user creates once, holding every secret that two or more services set to the same value; each service reads its keys
from it (secretKeyRef), so the values cannot diverge. A service whose secrets the Vault Secrets Operator syncs
(vso.py) keeps all of its own in `<service>-env`."""

from __future__ import annotations

from generator.names import k8s_label
from generator.plan.model import App, Plan


def secret_name(project: str) -> str:
    return k8s_label(project, 40) + "-shared-env"


def _synced(plan: Plan) -> set[str]:
    from generator.targets.k8s import vso

    return set(vso.synced_apps(plan))


def _shared(plan: Plan, app: App, synced: set[str]) -> set[str]:
    """The variables of `app` in the shared Secret: shared with at least one other service whose secrets are not
    synced by VSO (a lone remainder keeps its own `<app>-env`)."""
    if app.name in synced:
        return set()
    return {v.name for v in app.env if v.override is None and v.secret
            and len([s for s in v.shared if s not in synced]) > 1}


def shared_vars(plan: Plan, app: App) -> set[str]:
    """The variables `app` reads from the shared Secret."""
    return _shared(plan, app, _synced(plan))


def keys(plan: Plan) -> dict[str, tuple[str, ...]]:
    """key of the shared Secret → the services that read it (for the README's one `kubectl create secret`)."""
    synced = _synced(plan)
    out: dict[str, set[str]] = {}
    for app in plan.apps:
        for name in _shared(plan, app, synced):
            out.setdefault(name, set()).add(app.name)
    return {k: tuple(sorted(out[k])) for k in sorted(out)}
