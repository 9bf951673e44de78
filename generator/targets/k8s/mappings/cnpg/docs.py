"""README.md and MIGRATION.md parts of a CloudNativePG service (contract: targets/k8s/mapping.py, "Docs"); the text is
in templates/*.md.j2 beside this file. What differs for TimescaleDB comes from `timescale` (cnpg_decide.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from generator.plan.model import Plan, Resource
from generator.render.escape import Raw
from generator.targets.k8s import versions as V
from generator.targets.k8s.docs_install import item as base_item, markdown, shared
from generator.targets.k8s.mappings.cnpg import cnpg
from generator.targets.k8s.mappings.cnpg.cnpg_decide import timescale

HERE = Path(__file__).parent

# appended to the app chart's "Secrets only by secretKeyRef." point
APPS_NOTE = Raw(
    " `DATABASE_URL` is composed in the pod by Kubernetes from the CloudNativePG `<cluster>-app` Secret\n"
    "  (`$(VAR)` expansion of `username` and `password`), with the cluster's `sslmode` (its settings table): the Secret's "
    "own `uri` key has no sslmode, so it is not used\n"
    "  as-is. CloudNativePG's generated passwords are alphanumeric and need no URL encoding; if you set your own, keep it "
    "URL-safe.")


def item(resource: Resource) -> dict[str, Any]:
    return {**base_item(resource), "init": cnpg.init_sql(resource), "secret": cnpg.secret_name(resource),
            "restore": cnpg.restore_sql(resource), "host": cnpg.host(resource), "timescale": timescale(resource)}


def docs(plan: Plan, resource: Resource) -> Mapping[str, Any]:
    ctx = {**shared(plan), "x": item(resource)}
    return {part: markdown(HERE, f"{part}.md.j2", **ctx) for part in ("files", "readme", "migration")}


def guide(plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
    ctx = {**shared(plan), "items": [item(r) for r in resources]}
    return {
        "repos": [("cnpg", V.CNPG_REPO)],
        "pinned": [f"CloudNativePG {V.CNPG_OPERATOR} (chart cnpg/cloudnative-pg {V.CNPG_CHART}), barman-cloud plugin "
                   f"{V.BARMAN_PLUGIN}"],
        "install": [(key, markdown(HERE, f"install-{name}.md.j2", **ctx))
                    for key, name in (("cnpg", "operator"), ("backup", "backup"), ("clusters", "clusters"))],
        "apps_note": APPS_NOTE,
        "after": "",
    }
