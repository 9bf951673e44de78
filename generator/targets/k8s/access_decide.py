"""Who may reach the stateful pods (review 2026-12-k8s #13): the plan side of manifests/<service>/networkpolicy.yaml.

Without a NetworkPolicy any pod of the cluster reaches the CloudNativePG, Redis and Vault pods. Each gets an
ingress policy admitting only: this release's app pods that use it (an env var wired to it, or depends_on), the
operator's namespace, and its own pods (replication, Sentinel, Raft). The labels are the ones the operators and the
chart put on the pods (read in their sources, cited in netpol.py).

    carry(resource, apps, chart) -> Resource   # settings["access"] + a Decision; called from workload.decide_apps
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Iterable

from generator.plan.model import App, Decision, Resource
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.mapping import mapping_of


def consumers(resource: Resource, apps: Iterable[App]) -> list[str]:
    """The app services (chart names) that connect to it: an env var wired to it, or a depends_on on it."""
    out = set()
    for app in apps:
        wired = any(v.override is not None and v.override.resource == resource.name for v in app.env)
        if wired or any(d.service == resource.name for d in app.depends_on):
            out.add(k8s_name(app.name))
    return sorted(out)


def carry(resource: Resource, apps: Iterable[App], chart: str) -> Resource:
    mapping = mapping_of(resource)
    if mapping is None:
        return resource
    users = consumers(resource, apps)
    # the namespaces the README installs its operator (and the Vault Secrets Operator) in
    access = {"consumers": users, "chart": chart, "operator_namespace": mapping.operator_namespace,
              **mapping.access_namespaces}
    who = f"the app services that use it ({', '.join(users)})" if users else "no app service (none uses it)"
    decision = Decision(key="network_policy", value={"consumers": users},
                        reason=f"ingress only from {who}, from {mapping.peers}; every other pod is refused "
                               f"(manifests/{resource.name}/networkpolicy.yaml)")
    settings = dict(resource.settings)
    settings["access"] = access
    return replace(resource, settings=MappingProxyType(settings), decisions=tuple(resource.decisions) + (decision,))
