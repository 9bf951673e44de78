"""Names on --target aws: the Terraform identifier and the AWS name part c2p makes from each compose service
must stay distinct (`db.main`/`db_main` → one `aws_db_instance.db_main`; names sharing their first 16
characters → one ElastiCache/RDS identifier): refused, naming both. Env var names follow the rule both
targets share (generator/names.py)."""

from __future__ import annotations

from generator.errors import C2PError
from generator.names import check_app_env_names, service_location as _where, shown
from generator.plan.model import Plan
from generator.targets.aws.common import aws_name, tf_id


def resource_names(name: str) -> tuple[tuple[str, str], ...]:
    """(what, name) pairs one stateful service is known by in the Terraform and in AWS."""
    return (("Terraform name", tf_id(name)), ("AWS identifier part", aws_name(name)[:16].strip("-")))


def check_names(plan: Plan, project) -> None:
    owner: dict[tuple[str, str], str] = {}
    for res in plan.resources:
        for key in resource_names(res.name):
            prior = owner.setdefault(key, res.name)
            if prior != res.name:
                a, b = sorted((prior, res.name))
                raise C2PError(f"services {shown(a)} and {shown(b)} both become the {key[0]} {key[1]!r}",
                               _where(project, b), "rename one of them")
    check_app_env_names(plan, project)
