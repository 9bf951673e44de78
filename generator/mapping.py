"""A mapping: one kind on one target (PostgreSQL → Amazon RDS, Redis → redis-operator). The unit of extension.

A target is a tuple of mappings (`MAPPINGS` in its package) plus what it cannot map and why (`NOT_MAPPED`). A mapping
module holds everything about its pair: how the target realises the kind (`decide`, through the shared validating
`Recorder` of generator/plan/recorder.py), what it hands to consumers (`outputs`: host, port, username, password,
database, addr, … — every output the kind's consumers can ask for, plan/model.OUTPUTS), its files (`render`, with its
templates beside it) and its parts of README.md and MIGRATION.md (`docs`). tests/test_registry.py checks that every
kind on every target has a mapping or a reason, and that every mapping provides every output its consumers can ask
for: a forgotten piece fails that test, not the user.

Adding a kind to a target: a module (or folder) with a `MAPPING` object, one line in the target's `MAPPINGS`, a golden
case. Adding a target: a package with `TARGET` (generator/targets/__init__.py `Target`) and its `MAPPINGS`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping as MappingType, Protocol, runtime_checkable

if TYPE_CHECKING:
    from generator.plan.model import Plan, Resource
    from generator.plan.recorder import Recorder


@dataclass(frozen=True)
class Output:
    """What one placeholder of an env override becomes on a target.

    `value`: the literal text (k8s) or the target expression (aws: a Terraform expression); `shown`: what
    env/<svc>.env shows for it (None: `value` itself); `secret`: (Secret name, key) when the value is read from a
    Kubernetes Secret at run time rather than written down."""

    value: str = ""
    shown: str | None = None
    secret: tuple[str, str] | None = None

    @property
    def display(self) -> str:
        return self.value if self.shown is None else self.shown


@runtime_checkable
class Mapping(Protocol):
    """One kind (or a family of kinds) on one target."""

    name: str  # the plan's Resource.mapping: "rds", "cnpg", … (unique within a target)
    kinds: tuple[str, ...]  # the classify kinds it realises
    title: str  # what it is, for people: "Amazon RDS for PostgreSQL"

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        """Plan stage: the settings (each with its reason, through `rec`) → the resource with mapping/settings/
        decisions/warnings filled (`rec.apply`), or a refusal (`refused`) when the target lacks what it needs."""

    def outputs(self, resource: Resource, job: bool = False) -> MappingType[str, Output]:
        """Render stage: every output consumers can ask for (plan/model.OUTPUTS[kind]) → how the target provides it.
        `job`: for a run-once app (a migration), which may need another endpoint (k8s: the primary, not the pooler)."""

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        """Render stage: its files, relative path → content (templates beside the mapping only print)."""

    def docs(self, plan: Plan, resource: Resource) -> MappingType[str, Any]:
        """Render stage: its parts of README.md and MIGRATION.md, by the section names the target's docs templates
        print (a target documents its section names in its docs module)."""


@dataclass(frozen=True)
class NotMapped:
    """A kind a target recognises but does not map: said in the output, never guessed."""

    kind: str
    because: str  # "…has no AWS mapping in c2p yet; the managed option would be …"


def refused(resource: Resource, reason: str) -> Resource:
    """Recognised and mappable in kind, but needing what the target lacks: left out of the plan, with the reason."""
    from generator.plan.model import Decision

    return dataclasses.replace(
        resource, mapping="unsupported",
        decisions=resource.decisions + (Decision("mapping", "unsupported", reason),),
        warnings=(reason,) + tuple(resource.warnings))


def by_name(mappings: tuple[Mapping, ...]) -> dict[str, Mapping]:
    out: dict[str, Mapping] = {}
    for m in mappings:
        if m.name in out:
            raise ValueError(f"two mappings named {m.name!r}")
        out[m.name] = m
    return out


class MissingOutput(LookupError):
    """A consumer asked a mapping for an output it does not provide (a registry test should have caught it)."""


def output(mapping: Mapping, resource: Resource, name: str, job: bool = False) -> Output:
    """One output of a mapped resource; never a made-up placeholder such as `<host>`."""
    provided = mapping.outputs(resource, job)
    if name not in provided:
        raise MissingOutput(f"{resource.name} ({mapping.name}) provides no output {name!r}; it provides "
                            + ", ".join(sorted(provided)))
    return provided[name]


def decide(target: Any, resource: Resource, options: MappingType[str, Any]) -> Resource:
    """Plan stage, one stateful service: the target chooses its mapping, which decides through a fresh Recorder; a
    kind the target does not map is left out with the target's reason (mapping "unsupported")."""
    from generator.plan.recorder import Recorder

    choice = target.choose(resource, options)
    if isinstance(choice, NotMapped):
        return refused(resource, choice.because)
    return choice.decide(resource, Recorder(target.name, resource.name, options))
