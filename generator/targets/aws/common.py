"""Helpers shared by the aws kind modules: Terraform names, option checking, decisions."""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from generator.errors import C2PError
from generator.plan.model import Decision

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
PROJECT_WIDE = frozenset({"region", "namespace", "engine", "vault"})  # vault: hcp | secrets-manager
DEFAULT_REGION = "eu-central-1"


def tf_id(name: str) -> str:
    """A Terraform identifier (resource/variable name part) for a compose service name."""
    ident = re.sub(r"[^a-z0-9_]", "_", name.lower())
    return ident if re.match(r"[a-z_]", ident) else f"s_{ident}"


def aws_name(name: str) -> str:
    """A name part valid in AWS identifiers (lowercase letters, digits, hyphens)."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", name.lower())).strip("-") or "svc"


class Decider:
    """Collects settings and their decisions for one resource, honouring the user's options."""

    def __init__(self, service: str, options: Mapping[str, Any]):
        self.service = service
        self.options = dict(options or {})
        self.used: set[str] = set()
        self.settings: dict[str, Any] = {}
        self.decisions: list[Decision] = []

    def set(self, key: str, value: Any, reason: str, option: str | tuple[str, ...] | None = None,
            check: Callable[[Any], str | None] | None = None, convert: Callable[[Any], Any] | None = None) -> Any:
        """Set `key` to the user's option when given (first of `option` names present, validated by
        `check` after `convert`), else to `value`."""
        source = "default"
        names = (option,) if isinstance(option, str) else tuple(option or ())
        given_name = next((n for n in names if n in self.options), None)
        if given_name is not None:
            self.used.add(given_name)
            given = self.options[given_name]
            if convert is not None:
                given = convert(given)
            problem = check(given) if check else None
            if problem:
                raise C2PError(f"x-c2p aws.{given_name} of service '{self.service}': {problem}")
            value, source = given, "override"
            reason = f"set by the user (x-c2p aws.{given_name}); the default was chosen because: {reason}"
        self.settings[key] = value
        self.decisions.append(Decision(key=key, value=value, reason=reason, source=source))
        return value

    def fact(self, key: str, value: Any) -> Any:
        """A setting the templates need that is not a team decision (no Decision recorded)."""
        self.settings[key] = value
        return value

    def unknown_options(self, not_applicable: Mapping[str, str] | None = None) -> list[str]:
        """Warnings for options this kind did not use: explained when known, listed otherwise."""
        warnings = []
        for key in sorted(set(self.options) - self.used - PROJECT_WIDE):
            why = (not_applicable or {}).get(key)
            if why:
                warnings.append(f"{self.service}: x-c2p aws.{key} is not used here: {why}")
            else:
                warnings.append(f"{self.service}: ignored unknown x-c2p aws option '{key}'")
        return warnings


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
