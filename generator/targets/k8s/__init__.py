"""`c2p generate --target k8s`: CloudNativePG for PostgreSQL/TimescaleDB, the hashicorp/vault chart,
the OT-CONTAINER-KIT redis-operator (RedisReplication + RedisSentinel) for Redis/Valkey, and a Helm chart for the
app services.

Plan stage: `choose` (per stateful service: the mapping of its kind, which then decides; generator/mapping.py),
`decide_apps` (workloads, mounts, security, networking of the app services, and what is not carried over). Render
stage: `render` (the whole OUT/k8s tree). Each mapping is a folder under mappings/ (contract: mapping.py).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from generator.mapping import NotMapped
from generator.plan.model import Plan, Resource
from generator.targets.k8s.mapping import K8sMapping
from generator.targets.k8s.mappings.cnpg import MAPPING as CNPG
from generator.targets.k8s.mappings.mariadb import MAPPING as MARIADB
from generator.targets.k8s.mappings.mysql import MAPPING as MYSQL
from generator.targets.k8s.mappings.redis_operator import MAPPING as REDIS_OPERATOR
from generator.targets.k8s.mappings.vault_helm import MAPPING as VAULT_HELM


class _K8sTarget:
    name = "k8s"
    # A service holding data whose kind c2p does not know runs as compose ran it: a StatefulSet with its volumes
    # (no operator, so no replication or backups: the README says so). Nothing is guessed about what it is.
    adopts_unknown_stateful = True

    @property
    def mappings(self) -> tuple[K8sMapping, ...]:
        return MAPPINGS

    @property
    def not_mapped(self) -> Mapping[str, str]:
        return NOT_MAPPED

    def choose(self, resource: Resource, options: Mapping[str, Any]) -> K8sMapping | NotMapped:
        mapping = next((m for m in MAPPINGS if resource.kind in m.kinds), None)
        if mapping is not None:
            return mapping
        return NotMapped(resource.kind, f"{resource.name}: {resource.kind} {UNMAPPED}")

    def decide(self, resource: Resource, options: Mapping[str, Any]) -> Resource:
        """One stateful service, as the plan stage decides it (generator/mapping.py decide): for tests and tools."""
        from generator.mapping import decide

        return decide(self, resource, options or {})

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


# The k8s mappings (generator/mapping.py, contract: targets/k8s/mapping.py), one folder each under mappings/. Their
# order is the order of their sections in README.md and MIGRATION.md.
MAPPINGS: tuple[K8sMapping, ...] = (CNPG, MARIADB, MYSQL, REDIS_OPERATOR, VAULT_HELM)

# Kinds c2p recognises (generator/classify/kinds) that --target k8s does not map: the service is left out, and said so.
# The value is what would run it (said by `c2p kinds`); the plan's warning says the kind has no mapping yet.
UNMAPPED = ("has no Kubernetes mapping in c2p yet; run it with its own operator (see `c2p kinds`) and point the "  # prose
            "app at it by hand.")
NOT_MAPPED: Mapping[str, str] = MappingProxyType({
    "mongodb": "MongoDB Controllers for Kubernetes",
    "rabbitmq": "RabbitMQ Cluster Operator",
    "kafka": "Strimzi (KRaft)",
    "minio": "an S3-compatible store (MinIO is maintenance-only)",
    "opensearch": "OpenSearch Operator",
    "elasticsearch": "ECK",
    "memcached": "a memcached Deployment",
    "clickhouse": "Altinity ClickHouse Operator",
})

TARGET = _K8sTarget()
