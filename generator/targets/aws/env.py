"""The app's production environment on AWS: each env override becomes a Terraform string built from the
resources' attributes (into one Secrets Manager secret per app service), and a line in env/<svc>.env.

A secret output (a password or token) is only ever a Terraform reference, never a value.
"""

from __future__ import annotations

import string
from typing import Mapping

from generator.mapping import Output
from generator.plan.model import App, EnvOverride, Plan, Resource
from generator.render.escape import Raw, hcl_chars


# inside a URL these are percent-encoded (generated passwords may hold reserved characters)
URL_ENCODED = frozenset({"username", "password"})


def references(res: Resource) -> Mapping[str, Output]:
    """placeholder → Output(Terraform expression, what env/<svc>.env shows) for one mapped resource: its mapping's
    outputs (mappings/<name>/__init__.py)."""
    from generator.targets.aws import BY_NAME

    return BY_NAME[res.mapping].outputs(res)


def _ref(refs: Mapping[str, Output], res: Resource | None, field: str) -> Output:
    """One output; a mapping that lacks it fails loudly (generator.mapping.MissingOutput), never a placeholder."""
    if field not in refs:
        from generator.mapping import MissingOutput

        what = f"{res.name} ({res.mapping})" if res is not None else "a literal value"
        raise MissingOutput(f"{what} provides no output {field!r}; it provides " + (", ".join(sorted(refs)) or "none"))
    return refs[field]


def _split(template: str):
    for literal, field, _spec, _conv in string.Formatter().parse(template):
        yield literal, field


def hcl_string(template: str, refs: Mapping[str, Output], res: Resource | None = None) -> Raw:
    """`postgresql://{username}:{password}@…` → `"postgresql://${…username}:${urlencode(…)}@…"`: an HCL
    expression c2p built (literal parts escaped, references from `references`), printed as is by app_env.tf."""
    parts = list(_split(template))
    if len(parts) == 1 and parts[0][0] == "" and parts[0][1] is not None:
        # the whole value is one attribute: no interpolation; env values are strings (port is a number)
        field = parts[0][1]
        value = _ref(refs, res, field).value
        return Raw(f"tostring({value})" if field == "port" else value)
    out = []
    for literal, field in parts:
        out.append(hcl_chars(literal))  # compose data: escape.py's one HCL string function
        if field is not None:
            expr = _ref(refs, res, field).value
            if field in URL_ENCODED:
                expr = f"urlencode({expr})"
            out.append(expr[1:-1] if expr.startswith('"') else "${" + expr + "}")
    return Raw('"' + "".join(out) + '"')


def shown(template: str, refs: Mapping[str, Output], res: Resource | None = None) -> str:
    return "".join(literal + (_ref(refs, res, field).display if field is not None else "")
                   for literal, field in _split(template))


def mapped(plan: Plan) -> dict[str, Resource]:
    """The resources a mapping of this target realises (the others were left out: README "Not generated")."""
    from generator.targets.aws import BY_NAME

    return {r.name: r for r in plan.resources if BY_NAME.get(r.mapping)}


def usable(ov: EnvOverride | None, resources: Mapping[str, Resource]) -> bool:
    """A "set" override whose resource is mapped here (or none): its value is generated. A mapped resource whose
    mapping lacks an output the template names fails when the value is built, never falls back to a placeholder."""
    if ov is None or ov.action != "set" or ov.template is None:
        return False
    return ov.resource is None or ov.resource in resources


def app_env(plan: Plan, app: App) -> list[tuple[str, str]]:
    """(var, HCL expression) for the app's secret, sorted by name: overrides and carried-over literals."""
    resources = mapped(plan)
    entries = []
    for var in sorted(app.env, key=lambda v: v.name):
        ov = var.override
        if ov is not None:
            if usable(ov, resources):
                res = resources[ov.resource] if ov.resource else None
                entries.append((var.name, hcl_string(ov.template, references(res) if res else {}, res)))
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
            return "<not generated>", (f"not generated: {ov.resource} has no AWS mapping "
                                       "in this output (see README.md); set it by hand")
        res = resources[ov.resource] if ov.resource else None
        where = "key " + ov.var + " of this service's Secrets Manager secret (output app_env_secret_arns)"
        if res is not None:
            where += f", built by Terraform from {res.name} ({res.mapping})"
        return shown(ov.template, references(res) if res else {}, res), where

    return explain
