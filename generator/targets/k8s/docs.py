"""README.md and MIGRATION.md for the k8s target: every decision with its reason, install order, runbooks.

templates/helm/docs print the app services' parts and, for the stateful services, what each mapping's `docs` and
`guide` return (targets/k8s/mapping.py, "Docs"): no template tests a kind or a mapping name."""

from __future__ import annotations

import re
from typing import Any, Mapping

from generator.classify.kinds.base import first_version
from generator.plan.model import Plan
from generator.render.escape import Raw
from generator.render.jinja import render_template
from generator.targets.k8s import app_chart, docs_install, docs_workload, images, shared_env, versions as V, vso, vso_render
from generator.targets.k8s.app_values import app_entry
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.envwire import explain
from generator.targets.k8s.mapping import DOCS_KEYS, GUIDE_KEYS, by_mapping, mapping_of


def _pin_tag(tag: str) -> str:
    """The tag README step "The app chart" pins: compose's own when it names a version, else CHANGE-ME (a floating tag
    such as latest/alpine, or an image compose builds) — a plain word the reader replaces, safe to paste in a shell."""
    return tag if first_version(tag) else "CHANGE-ME"


def _apps(plan: Plan) -> list[dict[str, Any]]:
    synced = vso.synced_apps(plan)  # their <app>-env Secret comes from Vault through VSO, not by hand
    out = []
    for app in sorted(plan.apps, key=lambda a: a.name):
        ex = explain(plan, app)
        entry = app_entry(plan, app)
        rows = []
        for var in sorted(app.env, key=lambda v: v.name):
            ov = var.override
            if ov is None:
                continue
            if ov.action == "remove":
                rows.append({"var": var.name, "value": "(removed)", "source": ov.reason})
            else:
                shown, source = ex(ov)
                rows.append({"var": var.name, "value": shown, "source": f"{source}. {ov.reason}"})
        out.append({
            "name": app.name, "k8s": k8s_name(app.name), "job": app.job, "rows": rows,
            "user_secrets": entry["_userSecrets"], "vso": app.name in synced, "wait": [w["host"] for w in entry["waitFor"]],
            "vault_role": entry["serviceAccount"]["vaultRole"], "replicas": entry.get("replicas"),
            "warnings": list(app.warnings), "values_path": f"{'jobs' if app.job else 'apps'}.{k8s_name(app.name)}.image.tag",
            "pin_tag": _pin_tag(entry["image"]["tag"]),
            # a built image with no registry image in compose: REGISTRY/<name> would end in ImagePullBackOff
            "pin_repository": "CHANGE-ME" if entry["image"]["repository"].startswith("REGISTRY/") else "",
            "repository_path": f"{'jobs' if app.job else 'apps'}.{k8s_name(app.name)}.image.repository",
            "decisions": [{"key": d.key, "value": docs_install.fmt(d.value), "reason": d.reason} for d in app.decisions],
        })
    return out


def rwx_sets(plan: Plan) -> list[Raw]:
    """`--set-string persistentVolumeClaims.<claim>.storageClass="${RWX_STORAGE_CLASS:?…}"` per ReadWriteMany claim
    still naming the placeholder class: the install stops with that message while the variable is unset, instead of
    leaving the claim (and its pods) Pending on a class that does not exist."""
    out = []
    for claim in docs_workload.rwx_claims(plan):
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", claim), claim  # a Kubernetes name: safe bare in a shell
        out.append(Raw(f'persistentVolumeClaims.{claim}.storageClass="${{RWX_STORAGE_CLASS:?set it to a StorageClass '
                       f'that supports ReadWriteMany}}"'))
    return out


# README's file table, helm repos and pinned versions list the mappings in the order they had before the mapping
# redesign (so the output did not change with it); a mapping not named here comes after them, in MAPPINGS order. The
# sections (README, MIGRATION.md, install steps, network policies) follow MAPPINGS.
ORDER = {"files": ("cnpg", "vault-helm", "redis-operator"), "repos": ("vault-helm", "redis-operator", "cnpg"),
         "pinned": ("cnpg", "cert-manager", "vault-helm", "redis-operator")}


def _parts(plan: Plan) -> list[tuple[Any, list[Mapping[str, Any]], Mapping[str, Any]]]:
    """(mapping, its docs per resource, its guide) for every mapping with planned resources, in MAPPINGS order."""
    out = []
    for mapping, resources in by_mapping(plan):
        docs = [mapping.docs(plan, r) for r in resources]
        guide = mapping.guide(plan, resources)
        for part, keys in [(d, DOCS_KEYS) for d in docs] + [(guide, GUIDE_KEYS)]:
            missing = [k for k in keys if k not in part]
            if missing:
                raise KeyError(f"k8s mapping {mapping.name} gives no docs part {', '.join(missing)} (targets/k8s/mapping.py)")
        out.append((mapping, docs, guide))
    return out


def _mappings(plan: Plan, steps: dict[str, int]) -> dict[str, Any]:
    """What README.md and MIGRATION.md print of the mappings (contract: targets/k8s/mapping.py, "Docs")."""
    parts = _parts(plan)
    pinned = [(m.name, text) for m, _, g in parts for text in g["pinned"]]
    if "certmanager" in steps:
        pinned.append(("cert-manager", f"cert-manager {V.CERT_MANAGER}"))
    repos = docs_install.ordered(ORDER["repos"], [(m.name, repo) for m, _, g in parts for repo in g["repos"]])
    if "certmanager" in steps:
        repos.append(("jetstack", "https://charts.jetstack.io"))
    return {
        "files": docs_install.ordered(ORDER["files"], [(m.name, d["files"]) for m, docs, _ in parts for d in docs]),
        "repos": repos,
        "pinned": ", ".join(docs_install.ordered(ORDER["pinned"], pinned)) or "none (no operator or upstream chart is needed)",
        "install": [text for _, _, g in parts for _, text in g["install"]],
        "readme_sections": [section for _, docs, g in parts for section in [d["readme"] for d in docs] + [g["after"]]],
        "migration_sections": [d["migration"] for _, docs, _ in parts for d in docs],
        "apps_notes": [g["apps_note"] for _, _, g in parts if g["apps_note"]],
        "cert_manager_for": [m.cert_manager_for for m, _, _ in parts if m.cert_manager_for],
        "public_ca_for": [m.public_ca_for for m, _, _ in parts if m.public_ca_for],
        # who may reach the stateful pods: every planned resource, grouped by mapping
        "guarded": [{"r": r} for _, resources in by_mapping(plan) for r in resources],
    }


def context(plan: Plan) -> dict[str, Any]:
    warnings = list(plan.warnings) + [w for r in plan.resources for w in r.warnings if mapping_of(r) is not None]
    warnings += [w for a in plan.apps for w in a.warnings if w not in warnings]  # plan.warnings has them already
    steps = docs_install.steps(plan)
    return {
        "plan": plan, "V": V, **_mappings(plan, steps),
        "apps": _apps(plan), "chart": app_chart.chart_name(plan), "namespace": k8s_name(plan.project),
        "warnings": warnings, "skipped": list(plan.skipped),
        "workload": docs_workload.context(plan), "steps": steps,
        "shared_env": {"secret": shared_env.secret_name(plan.project), "keys": shared_env.keys(plan)},
        "tls": docs_install.tls_context(plan), "vso": vso_render.docs_context(plan),
        "known_images": images.families(), "rwx_sets": rwx_sets(plan),
    }


def render(plan: Plan) -> dict[str, str]:
    ctx = context(plan)
    return {
        "README.md": render_template("helm/docs/README.md.j2", **ctx),
        "MIGRATION.md": render_template("helm/docs/MIGRATION.md.j2", **ctx),
    }
