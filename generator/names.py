"""Name rules in one place: what a name from the compose file may be, per stage and per target.

A name from the compose file is data. Each rule here is a predicate returning the problem (a short phrase) or
None, so the caller can raise `C2PError` with the location it knows.

- Compose (load): service, volume, network, config and secret names follow compose-spec's
  `^[a-zA-Z0-9._-]+$` with Go's anchors (`$` is the end of the text; Python's `$` also matches before a final
  newline, which let `"db\n"` through). Env var names: Compose takes almost anything, but no target can carry a
  name that is empty or holds `=`, NUL, a newline or another control character: refused at load.
- Kubernetes: env var names follow the classic `IsEnvVarName` rule `[-._a-zA-Z][-._a-zA-Z0-9]*` (Kubernetes 1.34
  relaxed it to any printable ASCII but `=`; c2p keeps the strict rule so the chart installs on older clusters):
  another name is refused at plan. Object names are DNS-1123 labels starting with a letter (`k8s_label`).
- aws: ECS takes any env var name in the task definition JSON, but `env/<svc>.env` and the runbooks need a
  plain `NAME=value`; c2p applies the same classic rule on both targets and refuses another name at plan, so a
  compose file is refused (or accepted) the same way whichever target it is generated for.
"""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the Unicode line/paragraph separators YAML treats as line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
K8S_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")


def shown(name: str) -> str:
    """A name as an error message shows it: quoted, control characters escaped, never more than 60 chars."""
    text = repr(str(name))
    return text if len(text) <= 60 else text[:57] + "...'"


def env_name_problem(name: str) -> str | None:
    """The target-neutral rule: what no output can carry."""
    if not isinstance(name, str) or name == "":
        return "is empty"
    if "=" in name:
        return "contains '='"
    if _CONTROL.search(name):
        return "contains a control character or line break"
    return None


def target_env_name_problem(name: str) -> str | None:
    """Both targets' rule (see the module's docstring)."""
    if K8S_ENV_NAME.fullmatch(name):
        return None
    return "is not an env var name c2p can carry over (letters, digits, '-', '.', '_'; not starting with a digit)"


def k8s_label(name: str, limit: int = 40) -> str:
    """A DNS-1123 label that starts with a letter (so it is a valid Service name too), ≤ `limit` characters.

    Lowercase, runs of other characters → '-'; a name starting with a digit gets the prefix `s-`; a name with
    nothing left becomes `svc`. Two names can map to the same label (`my_app`/`my-app`): callers that name
    objects refuse the plan then (targets/k8s/names.py).
    """
    out = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    if not out:
        out = "svc"
    elif not out[0].isalpha():
        out = f"s-{out}"
    return out[:limit].rstrip("-")


def check_app_env_names(plan, project) -> None:
    """Both targets: every app's env var name follows target_env_name_problem, or the plan is refused where the
    service is defined."""
    from generator.errors import C2PError

    for app in plan.apps:
        for var in app.env:
            problem = target_env_name_problem(var.name)
            if problem:
                raise C2PError(f"services.{app.name}.environment: {shown(var.name)} {problem}",
                               service_location(project, app.name), "rename it")


def service_location(project, service: str):
    """Where the compose file defines `service` (a Location), for errors raised after loading."""
    from generator.classify.overrides import _location

    text = (getattr(project, "locations", None) or {}).get(service)
    files = getattr(project, "files", None) or ("compose.yaml",)
    return _location(text, files[0]) if text else None


def go_anchors(schema):
    """A JSON schema whose regexes anchor as Go's (and ECMA-262's non-multiline) do: a final `$` becomes `\\Z`,
    so a trailing newline no longer matches. Patterns are rewritten in `pattern` and `patternProperties` keys."""
    def fix(p: str) -> str:
        return p[:-1] + r"\Z" if p.endswith("$") and not p.endswith("\\$") else p

    if isinstance(schema, dict):
        out = {}
        for k, v in schema.items():
            if k == "patternProperties" and isinstance(v, dict):
                out[k] = {fix(p): go_anchors(s) for p, s in v.items()}
            elif k == "pattern" and isinstance(v, str):
                out[k] = fix(v)
            else:
                out[k] = go_anchors(v)
        return out
    if isinstance(schema, list):
        return [go_anchors(v) for v in schema]
    return schema
