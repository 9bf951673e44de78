"""--target aws: Terraform for managed services, plus the app's env overrides.

TimescaleDB → Tiger Cloud (timescale/timescale), PostgreSQL → RDS, Redis/Valkey → ElastiCache,
Vault → HCP Vault Dedicated. decide() (plan stage) lives in decide.py and one module per kind;
render() (render stage) in render.py. Templates under templates/terraform/aws/ only print.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.plan.model import Plan, Resource


class _AwsTarget:
    name = "aws"

    def decide(self, resource: Resource, options: Mapping[str, Any]) -> Resource:
        from generator.targets.aws.decide import decide

        return decide(resource, options)

    def render(self, plan: Plan) -> dict[str, str]:
        from generator.targets.aws.render import render

        return render(plan)


TARGET = _AwsTarget()
