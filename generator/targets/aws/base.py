"""The plumbing every aws mapping shares (targets/aws/mapping.py `AwsMapping`): a mapping subclasses `AwsBase`, sets
its attributes and `here = __file__`, and writes decide, outputs and docs; its templates sit beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from generator.mapping import Output
    from generator.plan.model import Plan, Resource
    from generator.plan.recorder import Recorder
    from generator.targets.aws.variables import Variable


class AwsBase:
    name: str = ""
    kinds: tuple[str, ...] = ()
    title: str = ""
    here: str = ""  # the mapping's __init__.py: its templates sit in the same folder
    in_vpc = False
    home = "aws"
    providers: tuple[str, ...] = ()
    kms_covers = ""
    uses_kms = False  # var.kms_key_arn encrypts something of it although it is not in the VPC (Secrets Manager)
    replaced_by: tuple[str, tuple[tuple[str, str], ...]] | None = None
    state_secret = ""
    env_secret = ""
    checkov_skips: Mapping[str, tuple[str, Mapping[str, str]]] = {}
    engine_family = ""
    withheld: Mapping[str, str] = {}  # output of its kind it does not provide on purpose → why (tests/test_registry.py)

    def __repr__(self) -> str:
        return f"<aws mapping {self.name}>"

    def template(self, name: str) -> str:
        from generator.render.jinja import beside

        return beside(self.here, name)

    @property
    def outputs_template(self) -> str:
        """Its blocks of outputs.tf, printed once per resource (`r`)."""
        return self.template("outputs.tf.j2")

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        raise NotImplementedError

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        raise NotImplementedError

    def peering(self, resource: Resource) -> bool:
        return False

    def variables(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list[Variable]:
        return []

    def shared_variables(self) -> list[Variable]:
        return []

    def tfvars(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list[str]:
        return []

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        """terraform/<service>.tf from main.tf.j2 beside the mapping."""
        from generator.render.jinja import render_template
        from generator.targets.aws.docs_ops import checkov_skips
        from generator.targets.aws.hclfmt import format_hcl
        from generator.targets.aws.render import resource_ctx, tf_files

        text = render_template(self.template("main.tf.j2"), r=resource_ctx(resource), checkov_skips=checkov_skips(plan))
        return {tf_files(plan)[resource.name]: format_hcl(text)}

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        return {}
