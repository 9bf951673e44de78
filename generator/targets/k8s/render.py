"""The whole OUT/k8s tree: manifests, upstream chart values, the app chart, env files, docs."""

from __future__ import annotations

from generator.plan.model import Plan
from generator.render.envfiles import env_file
from generator.targets.k8s import app_chart, certs, docs, netpol, vso_render
from generator.targets.k8s.envwire import explain
from generator.targets.k8s.mapping import mapping_of


def render_tree(plan: Plan) -> dict[str, str]:
    tree: dict[str, str] = {}
    for resource in plan.resources:
        tree.update(mapping_of(resource).render(plan, resource))  # a planned resource always has its mapping
        tree.update(netpol.render(plan, resource))  # who may reach its pods (access_decide.py)
    tree.update(certs.render(plan))
    tree.update(vso_render.render(plan))
    if plan.apps:
        tree.update(app_chart.render(plan))
    tree.update({f"env/{a.name}.env": env_file(plan, a, explain(plan, a)) for a in plan.apps})  # a Job bypasses the pooler
    tree.update(docs.render(plan))
    return dict(sorted(tree.items()))
