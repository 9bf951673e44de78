"""The whole OUT/k8s tree: manifests, upstream chart values, the app chart, env files, docs."""

from __future__ import annotations

from generator.plan.model import Plan
from generator.render.envfiles import env_file
from generator.targets.k8s import app_chart, certs, cnpg, docs, netpol, redis, stateful, vso_render
from generator.targets.k8s.envwire import explain


def render_tree(plan: Plan) -> dict[str, str]:
    tree: dict[str, str] = {}
    for resource in plan.resources:
        if resource.mapping == "cnpg":
            tree.update(cnpg.render(plan, resource))
        elif resource.mapping == "vault-helm":
            tree.update(stateful.render(plan, resource))
        elif resource.mapping == "redis-operator":
            tree.update(redis.render(plan, resource))
        tree.update(netpol.render(plan, resource))  # who may reach its pods (access_decide.py)
    tree.update(certs.render(plan))
    tree.update(vso_render.render(plan))
    if plan.apps:
        tree.update(app_chart.render(plan))
    tree.update({f"env/{a.name}.env": env_file(plan, a, explain(plan, a)) for a in plan.apps})  # a Job bypasses the pooler
    tree.update(docs.render(plan))
    return dict(sorted(tree.items()))
