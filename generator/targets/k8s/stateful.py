"""Render stage for Vault and Valkey: values/<release>.values.yaml for their upstream charts."""

from __future__ import annotations

from generator.plan.model import Plan, Resource
from generator.render.jinja import render_template


def _valkey_config(resource: Resource) -> list[str]:
    p = resource.settings["persistence"]
    lines = []
    if "aof" in p:
        lines += ["appendonly yes", "appendfsync everysec"]
    else:
        lines += ["appendonly no"]
    if "rdb" in p or p == "aof":
        lines += ["save 3600 1 300 100 60 10000"]
    if p == "none":
        lines += ['save ""']
    return lines


def render(plan: Plan, resource: Resource) -> dict[str, str]:
    s = resource.settings
    if resource.mapping == "vault-helm":
        text = render_template("helm/values/vault.values.yaml.j2", helm_chart=True, r=resource, s=s)
    else:
        text = render_template("helm/values/valkey.values.yaml.j2", helm_chart=True, r=resource, s=s, config=_valkey_config(resource))
    return {f"values/{s['release']}.values.yaml": text}
