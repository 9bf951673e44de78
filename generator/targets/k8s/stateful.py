"""Render stage for Vault: values/<release>.values.yaml for the hashicorp/vault chart. Redis/Valkey: redis.py."""

from __future__ import annotations

from generator.plan.model import Plan, Resource
from generator.render.jinja import render_template


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    s = resource.settings
    text = render_template("helm/values/vault.values.yaml.j2", helm_chart=True, r=resource, s=s)
    return {f"values/{s['release']}.values.yaml": text}


# Objects the hashicorp/vault chart names after its release (Services, StatefulSet, injector, its
# certificates) and the TLS Secret the README has you create.
SUFFIXES = ("", "-active", "-standby", "-internal", "-ui", "-tls", "-agent-injector", "-agent-injector-svc",
            "-agent-injector-cfg", "-server-test", "-config")


def generated_names(release: str) -> tuple[str, ...]:
    """Every object name a Vault release named `release` brings into the namespace."""
    return tuple(f"{release}{suffix}" for suffix in SUFFIXES)
