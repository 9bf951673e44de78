"""Helpers shared by the aws kind modules: Terraform names, option checking, decisions."""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from generator.plan.recorder import Recorder

# Provider pins (versions.tf). Checked against: aws 6.25 (@cdktf/provider-aws), hcp 0.114, timescale 2.13.
PROVIDERS: Mapping[str, tuple[str, str]] = {
    "aws": ("hashicorp/aws", "~> 6.25"),
    "hcp": ("hashicorp/hcp", "~> 0.114"),
    "random": ("hashicorp/random", "~> 3.7"),
    "timescale": ("timescale/timescale", "~> 2.13"),
}
# The oldest Terraform/OpenTofu that accepts every construct the output uses: variables.tf has validations that
# refer to other variables (memory_gb vs milli_cpu, sync vs HA replicas, storage ceiling vs initial storage),
# accepted from Terraform 1.9.0 (hashicorp/terraform#34955) and OpenTofu 1.9.0 (CHANGELOG: opentofu#2216).
# tools/versions.sh TOFU_OLDEST_VERSION builds that OpenTofu and the aws tests run it on the output: keep in step.
TERRAFORM_VERSION = ">= 1.9.0"
# Target options that apply to the whole project (read by render from Plan.decisions), or to other targets.
DEFAULT_REGION = "eu-central-1"


def tf_id(name: str) -> str:
    """A Terraform identifier (resource/variable name part) for a compose service name."""
    ident = re.sub(r"[^a-z0-9_]", "_", name.lower())
    return ident if re.match(r"[a-z_]", ident) else f"s_{ident}"


def aws_name(name: str) -> str:
    """A name part valid in AWS identifiers (lowercase letters, digits, hyphens)."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", name.lower())).strip("-") or "svc"


class Decider(Recorder):
    """The shared Recorder (generator/plan/recorder.py) for x-c2p aws options."""

    def __init__(self, service: str, options: Mapping[str, Any]):
        super().__init__("aws", service, options)


def one_of(*allowed: Any) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value in allowed:
            return None
        return f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}"

    return check


def int_between(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"{value!r} is not a whole number between {low} and {high}"

    return check


def is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{value!r} is not true or false"


def matches(pattern: str, what: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return None
        return f"{value!r} is not {what}"

    return check
