"""What a k8s mapping provides beyond generator/mapping.py `Mapping`: the names it brings into the namespace, the
server certificate it presents (signed by the release CA), who may reach its pods, and its operator's namespace.

Each k8s mapping (targets/k8s/mappings/<name>/) implements this; render.py, names.py, certs.py, netpol.py,
access_decide.py and envwire.py ask the resource's mapping (`mapping_of`) and never test `resource.mapping == "…"`.
`docs(plan, resource)` returns the sections templates/helm/docs print for it, by these keys:
  "files":     [(path, what it is)] for README's file table
  "install":   [markdown steps] for README's "Install, in order" (operator, CRs, …)
  "readme":    its README section (markdown)
  "migration": its MIGRATION.md section (markdown)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from generator.mapping import Mapping

if TYPE_CHECKING:
    from generator.plan.model import Plan, Resource


class K8sMapping(Mapping, Protocol):
    operator_namespace: str | None  # where its operator runs (its NetworkPolicy admits it); None: no operator
    peers: str  # who else reaches its pods, for the network_policy decision's reason

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        """Every object name it brings into the namespace (checked for collisions with the apps')."""

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        """{secret, dns, ips, usages, labels, why} of the certificate it serves, or None (no TLS)."""

    def network_policies(self, plan: Plan, resource: Resource) -> list[dict[str, Any]]:
        """The NetworkPolicies that admit exactly its consumers, its own pods and its operator."""


def mapping_of(resource: Resource) -> K8sMapping | None:
    """The mapping that realised a planned resource (None for "unsupported")."""
    from generator.targets.k8s import MAPPINGS

    return next((m for m in MAPPINGS if m.name == resource.mapping), None)
