"""`c2p generate --target k8s`: CloudNativePG for PostgreSQL/TimescaleDB, the hashicorp/vault chart,
the OT-CONTAINER-KIT redis-operator (RedisReplication + RedisSentinel) for Redis/Valkey, and a Helm chart for the
app services.

Plan stage: `decide` (per stateful service), `decide_apps` (workloads, mounts, security, networking of the
app services, and what is not carried over). Render stage: `render` (the whole OUT/k8s tree).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from generator.plan.model import Plan, Resource


class _K8sTarget:
    name = "k8s"
    # A service holding data whose kind c2p does not know runs as compose ran it: a StatefulSet with its volumes
    # (no operator, so no replication or backups: the README says so). Nothing is guessed about what it is.
    adopts_unknown_stateful = True

    def decide(self, resource: Resource, options: Mapping[str, Any]) -> Resource:
        from generator.targets.k8s.common import unsupported

        options = options or {}
        if resource.kind in ("postgres", "timescaledb"):
            from generator.targets.k8s.cnpg_decide import decide_postgres

            return decide_postgres(resource, options)
        if resource.kind == "redis":
            from generator.targets.k8s.redis_decide import decide_redis

            return decide_redis(resource, options)
        if resource.kind == "vault":
            from generator.targets.k8s.stateful_decide import decide_vault

            return decide_vault(resource, options)
        return unsupported(
            resource,
            f"{resource.name}: {resource.kind} has no Kubernetes mapping in c2p yet; run it with its own operator "
            "(see `c2p kinds`) and point the app at it by hand.",
        )

    def decide_apps(self, plan: Plan, project, classification) -> Plan:
        from generator.targets.k8s.names import check_names
        from generator.targets.k8s.workload import decide_apps

        check_names(plan, project)  # before any object is named: collisions and reserved names refused
        return decide_apps(plan, project, classification)

    def render(self, plan: Plan) -> dict[str, str]:
        from generator.targets.k8s.render import render_tree

        return render_tree(plan)

    def next_steps(self, plan: Plan, dest: Path) -> list[str]:
        return [f"review {dest}/README.md (every decision and warning) and fill in what it marks FILL IN / CHANGE-ME",
                f"install in the order of its \"Install, in order\" section (cert-manager and the release CA, operators, "
                f"secrets, clusters, then charts/{plan.project})"]


TARGET = _K8sTarget()

# The k8s mappings, one per kind (generator/mapping.py, targets/k8s/mapping.py); filled by the mapping redesign.
MAPPINGS: tuple = ()
