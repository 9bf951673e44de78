"""README.md and MIGRATION.md parts of a Vault service (contract: targets/k8s/mapping.py, "Docs"), with the Vault
Secrets Operator's section (vso.md.j2) after the Vault sections; the text is in templates/*.md.j2 beside this file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from generator.plan.model import Plan, Resource
from generator.targets.k8s import versions as V, vso, vso_render
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.docs_install import item, markdown, shared

HERE = Path(__file__).parent


def _roles(plan: Plan) -> list[dict[str, str]]:
    """The app services with a Vault role (their ServiceAccount logs in with the Kubernetes auth method)."""
    from generator.targets.k8s.app_values import app_entry

    out = []
    for app in sorted(plan.apps, key=lambda a: a.name):
        role = app_entry(plan, app)["serviceAccount"]["vaultRole"]
        out.append({"vault_role": role, "k8s": k8s_name(app.name)})
    return out


def docs(plan: Plan, resource: Resource) -> Mapping[str, Any]:
    synced = vso_render.docs_context(plan)["releases"]
    row = next((x for x in synced if x["r"].service == resource.name and x["apps"]), None)
    ctx = {**shared(plan), "x": item(resource), "apps": _roles(plan), "vso_row": row}
    return {part: markdown(HERE, f"{part}.md.j2", **ctx) for part in ("files", "readme", "migration")}


def guide(plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
    ctx = shared(plan)
    pinned = [f"hashicorp/vault chart {V.VAULT_CHART} (Vault {V.VAULT_IMAGE})"]
    if vso.synced_apps(plan):
        pinned.append(f"Vault Secrets Operator {V.VSO_OPERATOR} (chart hashicorp/vault-secrets-operator {V.VSO_CHART})")
    return {
        "repos": [("hashicorp", V.VAULT_REPO)],
        "pinned": pinned,
        "install": [(f"vault:{r.settings['release']}", markdown(HERE, "install.md.j2", **ctx, x=item(r)))
                    for r in resources],
        "apps_note": "",
        "after": markdown(HERE, "vso.md.j2", **ctx, vso=vso_render.docs_context(plan)),
    }
