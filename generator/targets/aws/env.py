"""The app's production environment on AWS: each env override becomes a Terraform string built from the
resources' attributes (into one Secrets Manager secret per app service), and a line in env/<svc>.env.

A secret output (a password or token) is only ever a Terraform reference, never a value.
"""

from __future__ import annotations

import string
from typing import Mapping

from generator.plan.model import App, EnvOverride, Plan, Resource
from generator.render.escape import Raw, hcl_chars, hcl_literal
from generator.targets.aws.common import tf_id


# inside a URL these are percent-encoded (generated passwords may hold reserved characters)
URL_ENCODED = frozenset({"username", "password"})


def references(res: Resource) -> dict[str, tuple[str, str]]:
    """placeholder → (Terraform expression, what env/<svc>.env shows) for one mapped resource."""
    i = tf_id(res.name)
    if res.mapping == "tiger-cloud":
        svc = f"timescale_service.{i}"
        return {
            "host": (f"{svc}.hostname", f"<{svc}.hostname>"),
            "port": (f"{svc}.port", f"<{svc}.port>"),
            # the apps' own role (tiger.py: app_role), never tsdbadmin
            "username": (hcl_literal(str(res.settings.get("app_role"))), str(res.settings.get("app_role"))),
            "password": (f"random_password.{i}_app.result",
                         f"<password: random_password.{i}_app.result, also in output {i}_app_secret_arn>"),
            "database": ('"tsdb"', "tsdb"),
        }
    if res.mapping == "rds":
        # the apps' own role (rds.py: app_role), never the master: its password does not rotate under the apps
        db = f"aws_db_instance.{i}"
        role = str(res.settings.get("app_role"))
        return {
            "host": (f"{db}.address", f"<{db}.address>"),
            "port": (f"{db}.port", f"<{db}.port>"),
            "username": (hcl_literal(role), role),
            "password": (f"random_password.{i}_app.result",
                         f"<password: random_password.{i}_app.result, also in output {i}_app_secret_arn>"),
            "database": ('"postgres"', "postgres") if res.settings.get("database") == "postgres"
            else (f"{db}.db_name", str(res.settings.get("database"))),
        }
    if res.mapping == "elasticache":
        rg = f"aws_elasticache_replication_group.{i}"
        return {
            "host": (f"{rg}.primary_endpoint_address", f"<{rg}.primary_endpoint_address>"),
            "port": (f"{rg}.port", str(res.settings.get("port", 6379))),
            "username": ('""', ""),
            "password": (f"random_password.{i}_auth.result", f"<auth token: random_password.{i}_auth.result>"),
        }
    if res.mapping == "hcp-vault":
        vc = f"hcp_vault_cluster.{i}"
        return {
            "addr": (f"{vc}.vault_private_endpoint_url", f"<{vc}.vault_private_endpoint_url>"),
            "namespace": (f"{vc}.namespace", "admin"),
        }
    return {}


def _split(template: str):
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        yield literal, field


def hcl_string(template: str, refs: Mapping[str, tuple[str, str]]) -> Raw:
    """`postgresql://{username}:{password}@…` → `"postgresql://${…username}:${urlencode(…)}@…"`: an HCL
    expression c2p built (literal parts escaped, references from `references`), printed as is by app_env.tf."""
    parts = list(_split(template))
    if len(parts) == 1 and parts[0][0] == "" and parts[0][1] is not None:
        # the whole value is one attribute: no interpolation; env values are strings (port is a number)
        field = parts[0][1]
        return Raw(f"tostring({refs[field][0]})" if field == "port" else refs[field][0])
    out = []
    for literal, field in parts:
        out.append(hcl_chars(literal))  # compose data: escape.py's one HCL string function
        if field is not None:
            expr = refs[field][0]
            if field in URL_ENCODED:
                expr = f"urlencode({expr})"
            out.append(expr[1:-1] if expr.startswith('"') else "${" + expr + "}")
    return Raw('"' + "".join(out) + '"')


def shown(template: str, refs: Mapping[str, tuple[str, str]]) -> str:
    return "".join(literal + (refs[field][1] if field is not None else "") for literal, field in _split(template))


def mapped(plan: Plan) -> dict[str, Resource]:
    return {r.name: r for r in plan.resources if r.mapping not in ("unsupported", "")}


def usable(ov: EnvOverride | None, resources: Mapping[str, Resource]) -> bool:
    if ov is None or ov.action != "set" or ov.template is None:
        return False
    if ov.resource is None:
        return True
    res = resources.get(ov.resource)
    if res is None:
        return False
    refs = references(res)
    return all(field in refs for _lit, field in _split(ov.template) if field is not None)


def app_env(plan: Plan, app: App) -> list[tuple[str, str]]:
    """(var, HCL expression) for the app's secret, sorted by name: overrides and carried-over literals."""
    resources = mapped(plan)
    entries = []
    for var in sorted(app.env, key=lambda v: v.name):
        ov = var.override
        if ov is not None:
            if usable(ov, resources):
                refs = references(resources[ov.resource]) if ov.resource else {}
                entries.append((var.name, hcl_string(ov.template, refs)))
        elif not var.secret and var.value is not None:
            entries.append((var.name, hcl_string(var.value.replace("{", "{{").replace("}", "}}"), {})))
    return entries


def user_keys(app: App) -> list[str]:
    """The app's secret-looking variables that c2p cannot know or carry over (API keys, signing secrets): they go
    into the app's second secret, which Terraform creates empty and never writes (app_env.tf)."""
    return sorted(v.name for v in app.env if v.secret and v.override is None)


def explainer(plan: Plan):
    """The explain callback of generator.render.envfiles for this plan."""
    resources = mapped(plan)

    def explain(ov: EnvOverride) -> tuple[str, str]:
        if not usable(ov, resources):
            return "<not generated>", (f"not generated: {ov.resource} has no AWS mapping in this output "
                                       "(see README.md); set it by hand")
        refs = references(resources[ov.resource]) if ov.resource else {}
        where = "key " + ov.var + " of this service's Secrets Manager secret (output app_env_secret_arns)"
        if ov.resource:
            res = resources[ov.resource]
            where += f", built by Terraform from {res.name} ({res.mapping})"
        return shown(ov.template, refs), where

    return explain
