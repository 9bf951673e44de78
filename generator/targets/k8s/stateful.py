"""Render stage for Vault: values/<release>.values.yaml for the hashicorp/vault chart. Redis/Valkey: redis.py."""

from __future__ import annotations

from generator.plan.model import Plan, Resource
from generator.render.jinja import render_template


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    s = resource.settings
    text = render_template("helm/values/vault.values.yaml.j2", helm_chart=True, r=resource, s=s)
    return {f"values/{s['release']}.values.yaml": text}
