"""--target aws: Terraform for managed services, plus the app's env overrides.

TimescaleDB → Tiger Cloud (timescale/timescale), PostgreSQL → RDS, Redis/Valkey → ElastiCache,
Vault → HCP Vault Dedicated. decide() (plan stage) lives in decide.py and one module per kind;
render() (render stage) in render.py. Templates under templates/terraform/aws/ only print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from generator.plan.model import Plan, Resource


class _AwsTarget:
    name = "aws"

    @staticmethod
    def adopts_unknown_stateful(info) -> bool:
        """An unknown-stateful service that is not a database runs as an app, its files on EFS (files.py)."""
        from generator.targets.aws.files import adopts

        return adopts(info)

    def decide(self, resource: Resource, options: Mapping[str, Any]) -> Resource:
        from generator.targets.aws.decide import decide

        return decide(resource, options)

    def decide_apps(self, plan: Plan, project, classification) -> Plan:
        """The apps run as planned, an adopted app's data volumes on EFS; the names are checked here."""
        from generator.targets.aws.files import decide_files
        from generator.targets.aws.names import check_names

        from generator.targets.aws.given import mark_given

        check_names(plan, project)
        return mark_given(decide_files(plan, classification))

    def render(self, plan: Plan) -> dict[str, str]:
        from generator.targets.aws.render import render

        return render(plan)

    def next_steps(self, plan: Plan, dest: Path) -> list[str]:
        tf = dest / "terraform"
        return [f"review {dest}/README.md (every decision and warning)",
                f"cp {tf}/terraform.tfvars.example {tf}/terraform.tfvars and fill it in",
                f"tofu -chdir={tf} init && tofu -chdir={tf} plan"]


TARGET = _AwsTarget()
