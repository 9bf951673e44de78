"""README.md and MIGRATION.md for the k8s target: every decision with its reason, install order, runbooks."""

from __future__ import annotations

import re
from typing import Any

from generator.classify.kinds.base import first_version
from generator.plan.model import Plan
from generator.render.escape import Raw
from generator.render.jinja import render_template
from generator.targets.k8s import (app_chart, docs_install, docs_workload, images, shared_env, versions as V, vso,
                                   vso_render)
from generator.targets.k8s.mappings.cnpg import cnpg
from generator.targets.k8s.mappings.redis_operator import redis
from generator.targets.k8s.app_values import app_entry
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.envwire import explain


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value) or "—"
    return str(value)


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
            "decisions": [{"key": d.key, "value": _fmt(d.value), "reason": d.reason} for d in app.decisions],
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


def context(plan: Plan) -> dict[str, Any]:
    resources = []
    for r in plan.resources:
        item = {"r": r, "s": r.settings, "init": cnpg.init_sql(r) if r.mapping == "cnpg" else {}, "decisions": [(d.key, _fmt(d.value), d.reason, d.source) for d in r.decisions]}
        if r.mapping == "cnpg":
            item["secret"] = cnpg.secret_name(r)
            item["restore"] = cnpg.restore_sql(r)
            item["host"] = cnpg.host(r)
        elif r.mapping == "redis-operator":
            item["config_map"] = redis.config_map(r)
            item["replicas_behind"] = int(r.settings["replicas"]) - 1
            item["config_text"] = ", ".join(f"`{line}`" for line in r.settings["config"])
            item["version_text"] = redis.version_text(r)
            item["version_sentence"] = item["version_text"][:1].upper() + item["version_text"][1:]
            item["aof"] = "aof" in r.settings["persistence"]
            item["save_pairs"] = [tuple(p) for p in zip(*[iter(str(r.settings.get("save") or "").split())] * 2)]
            policy = r.settings.get("maxmemory_policy")
            item["policy_text"] = f"`{policy}` as in compose" if policy else \
                "`noeviction` (Redis's default; compose set none): writes fail when it is full"
        resources.append(item)
    by = lambda m: [x for x in resources if x["r"].mapping == m]  # noqa: E731
    warnings = list(plan.warnings) + [w for r in plan.resources for w in r.warnings if r.mapping != "unsupported"]
    warnings += [w for a in plan.apps for w in a.warnings if w not in warnings]  # plan.warnings has them already
    workload = docs_workload.context(plan)
    has = {"cnpg": by("cnpg"), "redis": by("redis-operator"), "vault": by("vault-helm"), "apps": plan.apps,
           "creates": workload.get("creates")}
    return {
        "plan": plan, "V": V, "resources": resources, "cnpg": by("cnpg"), "vault": by("vault-helm"), "redis": by("redis-operator"),
        "apps": _apps(plan), "chart": app_chart.chart_name(plan), "namespace": k8s_name(plan.project),
        "warnings": warnings, "skipped": list(plan.skipped), "tsdb": [x for x in by("cnpg") if x["r"].kind == "timescaledb"],
        "workload": workload, "steps": docs_install.steps(plan, has), "pinned": docs_install.pinned(plan, has),
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
