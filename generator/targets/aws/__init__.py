"""--target aws: Terraform for managed services, plus the app's env overrides.

TimescaleDB → Tiger Cloud (timescale/timescale), PostgreSQL → RDS, MySQL/MariaDB → RDS for MySQL/MariaDB,
Redis/Valkey → ElastiCache, Vault → HCP Vault Dedicated or AWS Secrets Manager: one folder per mapping under mappings/
(what it holds: mapping.py), listed in MAPPINGS; what AWS would offer for the kinds c2p does not map yet is NOT_MAPPED. The render stage (render.py) and the
templates under templates/terraform/aws/ print what the mappings declare, never asking which mapping a resource has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from generator.errors import C2PError
from generator.mapping import NotMapped, by_name
from generator.plan.model import Plan, Resource
from generator.targets.aws import extensions as ext
from generator.targets.aws.mapping import AwsMapping
from generator.targets.aws.mappings.elasticache import MAPPING as ELASTICACHE
from generator.targets.aws.mappings.hcp_vault import MAPPING as HCP_VAULT
from generator.targets.aws.mappings.rds import MAPPING as RDS
from generator.targets.aws.mappings.rds_mysql import MAPPING as RDS_MYSQL
from generator.targets.aws.mappings.secrets_manager import MAPPING as SECRETS_MANAGER
from generator.targets.aws.mappings.tiger import MAPPING as TIGER

# The order of the Terraform files, variables, outputs and README sections.
MAPPINGS: tuple[AwsMapping, ...] = (TIGER, RDS, RDS_MYSQL, ELASTICACHE, HCP_VAULT, SECRETS_MANAGER)
BY_NAME: Mapping[str, AwsMapping] = by_name(MAPPINGS)

# The recognised kinds c2p does not map on AWS yet → what AWS would offer: the warning says why nothing was generated
# (no mapping yet) and names the offer (never generated). A kind in neither MAPPINGS nor here gets a generic reason.
NOT_MAPPED: Mapping[str, str] = {
    "mongodb": "Amazon DocumentDB (MongoDB-compatible, not MongoDB itself) or MongoDB Atlas",
    "rabbitmq": "Amazon MQ for RabbitMQ (aws_mq_broker)",
    "kafka": "Amazon MSK (aws_msk_cluster)",
    "minio": "Amazon S3 (aws_s3_bucket), with the app moved to IAM credentials",
    "elasticsearch": "Amazon OpenSearch Service (aws_opensearch_domain) or Elastic Cloud",
    "opensearch": "Amazon OpenSearch Service (aws_opensearch_domain)",
    "memcached": "ElastiCache for Memcached (aws_elasticache_cluster)",
    "clickhouse": "ClickHouse Cloud on AWS (no AWS-native managed ClickHouse)",
}
VAULT_CHOICES = ("hcp", "secrets-manager")  # x-c2p aws.vault


def _not_mapped(resource: Resource) -> NotMapped:
    offer = NOT_MAPPED.get(resource.kind)
    if offer:
        return NotMapped(resource.kind, f"{resource.name}: kind '{resource.kind}' has no AWS mapping "
                         f"in c2p yet; it was left out, not guessed (the managed option would be {offer}: provision "
                         "it by hand or keep running it yourself)")
    return NotMapped(resource.kind, f"{resource.name}: kind '{resource.kind}' has no AWS mapping "
                     "in c2p; it was left out, not guessed (set x-c2p.kind if c2p misread it, or provision it by hand)")


class _AwsTarget:
    name = "aws"
    mappings = MAPPINGS
    not_mapped = NOT_MAPPED

    def choose(self, resource: Resource, options: Mapping[str, Any]) -> AwsMapping | NotMapped:
        """TimescaleDB → Tiger Cloud (RDS when x-c2p aws.engine says so); PostgreSQL → RDS unless it needs an extension
        RDS lacks; MySQL/MariaDB → RDS for MySQL/MariaDB; Redis → ElastiCache; Vault → HCP Vault Dedicated, or Secrets
        Manager by x-c2p aws.vault."""
        kind, engine = resource.kind, (options or {}).get("engine")
        if kind == "timescaledb":
            if engine in ("rds", "postgres"):
                return RDS
            lacking = ext.missing(resource, ext.TIGER_EXTENSIONS)
            if lacking:
                return NotMapped(kind, ext.refusal(resource, "Tiger Cloud", ext.TIGER_SOURCE, lacking))
            return TIGER
        if kind == "postgres":
            lacking = ext.missing(resource, ext.RDS_EXTENSIONS)
            if lacking and engine != "rds":
                return NotMapped(kind, ext.refusal(resource, "Amazon RDS for PostgreSQL", ext.RDS_SOURCE, lacking))
            return RDS
        if kind in RDS_MYSQL.kinds:
            return RDS_MYSQL
        if kind == "redis":
            return ELASTICACHE
        if kind == "vault":
            choice = (options or {}).get("vault", "hcp")
            if choice not in VAULT_CHOICES:
                raise C2PError(f"x-c2p aws.vault of service '{resource.name}': {choice!r} is not one of "
                               + ", ".join(repr(c) for c in VAULT_CHOICES))
            return SECRETS_MANAGER if choice == "secrets-manager" else HCP_VAULT
        return _not_mapped(resource)

    def decide(self, resource: Resource, options: Mapping[str, Any]) -> Resource:
        """Plan stage for one stateful service (generator.mapping.decide: choose, then the mapping decides)."""
        from generator.mapping import decide

        return decide(self, resource, options)

    @staticmethod
    def adopts_unknown_stateful(info) -> bool:
        """An unknown-stateful service that is not a database runs as an app, its files on EFS (files.py)."""
        from generator.targets.aws.files import adopts

        return adopts(info)

    def decide_apps(self, plan: Plan, project, classification) -> Plan:
        """The apps run as planned, an adopted app's data volumes on EFS; the names are checked here."""
        from generator.targets.aws.files import decide_files
        from generator.targets.aws.given import mark_given
        from generator.targets.aws.names import check_names

        check_names(plan, project)
        return mark_given(decide_files(plan, project, classification), project)

    def render(self, plan: Plan) -> dict[str, str]:
        from generator.targets.aws.render import render

        return render(plan)

    def next_steps(self, plan: Plan, dest: Path) -> list[str]:
        tf = dest / "terraform"
        return [f"review {dest}/README.md (every decision and warning)",
                f"cp {tf}/terraform.tfvars.example {tf}/terraform.tfvars and fill it in",
                f"tofu -chdir={tf} init && tofu -chdir={tf} plan"]


TARGET = _AwsTarget()
