"""Env overrides on Kubernetes: each override's template becomes container env entries.

Non-secret outputs (host, port, database, addr) are literals; secret outputs (passwords, and the
CloudNativePG user name, which lives in the same Secret) come from a `secretKeyRef` into a helper
variable C2P_<RESOURCE>_<OUTPUT>, and the variable itself is composed with Kubernetes dependent env
expansion `$(C2P_…)`: the kubelet builds DATABASE_URL inside the pod, no value is ever written down.
Each mapping says which outputs it provides and how (`outputs`); a template naming an output its mapping lacks raises
MissingOutput (a registry test catches it first) instead of writing `<host>` into the output. CloudNativePG generates
alphanumeric passwords, so they need no URL encoding; the Redis password is generated hex (README), for the same reason.
"""

from __future__ import annotations

import re
import string
from typing import Mapping

from generator.mapping import MissingOutput, Output
from generator.plan.model import App, EnvOverride, Plan, Resource
from generator.render.escape import k8s_literal
from generator.targets.k8s.mapping import mapping_of


def _helper(resource: str, output: str) -> str:
    return "C2P_" + re.sub(r"[^A-Z0-9]+", "_", f"{resource}_{output}".upper())


def sources(resource: Resource, job: bool = False) -> Mapping[str, Output]:
    """output → Output(value=literal) | Output(secret=(Secret name, key)) for one resource: its mapping's `outputs`
    (`job`: a run-once app, which may need another endpoint)."""
    mapping = mapping_of(resource)
    return mapping.outputs(resource, job) if mapping is not None else {}


def _output(res: Resource, src: Mapping[str, Output], name: str) -> Output:
    """One output a template names; a mapping that lacks it is a bug c2p reports, never a `<name>` in the output."""
    if name not in src:
        if res is None:
            raise MissingOutput(f"placeholder {{{name}}} names no stateful service")
        mapping = mapping_of(res)
        raise MissingOutput(f"{res.name} ({mapping.name if mapping else res.mapping}) provides no output {name!r}; "
                            f"it provides {', '.join(sorted(src)) or 'none'}")
    return src[name]


def _fields(template: str) -> list[tuple[str, str | None]]:
    return [(lit, name) for lit, name, _spec, _conv in string.Formatter().parse(template)]


def wire(plan: Plan, ov: EnvOverride, app: App | None = None) -> tuple[list[dict], list[dict], str | None]:
    """(secret env entries, composed env entries, literal value) for one "set" override of `app`."""
    res = plan.resource(ov.resource) if ov.resource else None
    src = sources(res, bool(app and app.job)) if res else {}
    template = ov.template or ""
    fields = _fields(template)
    secret_refs: list[dict] = []
    if len(fields) == 1 and not fields[0][0] and fields[0][1] and _output(res, src, fields[0][1]).secret:
        name, key = src[fields[0][1]].secret
        return [{"name": ov.var, "secretName": name, "key": key}], [], None
    out: list[str] = []  # literal text (from compose or a resource) and, between them, $(C2P_…) references
    refs: set[int] = set()  # indexes in `out` of the references
    for lit, name in fields:
        out.append(lit)
        if name is None:
            continue
        val = _output(res, src, name)
        if val.secret:
            helper = _helper(res.name, name)
            if not any(e["name"] == helper for e in secret_refs):
                secret_refs.append({"name": helper, "secretName": val.secret[0], "key": val.secret[1]})
            refs.add(len(out))
            out.append(f"$({helper})")
        else:
            out.append(val.value)
    value = k8s_compose(out, refs)
    if refs:
        return secret_refs, [{"name": ov.var, "value": value}], None
    return [], [], value


def k8s_compose(parts: list[str], refs: set[int]) -> str:
    """One env value for Kubernetes' $(VAR) expansion: the parts at `refs` are references, kept as they are; the text
    between them is literal, escaped (k8s_literal) as a whole so that it expands to itself — with a `$` at its end
    doubled when a reference follows (`$` + `$(REF)` would read as `$$` + `(REF)`)."""
    text, literal = [], ""
    for i, part in enumerate(parts):
        if i in refs:
            text += [k8s_literal(literal + "$")[:-1], part]
            literal = ""
        else:
            literal += part
    return "".join(text) + k8s_literal(literal)


def explain(plan: Plan, app: App | None = None):
    """The callback for generator.render.envfiles: (value shown, where it comes from) for `app`'s overrides."""

    def _explain(ov: EnvOverride) -> tuple[str, str]:
        res = plan.resource(ov.resource) if ov.resource else None
        src = sources(res, bool(app and app.job)) if res else {}
        shown, secrets = [], []
        for lit, name in _fields(ov.template or ""):
            shown.append(lit)
            if name is None:
                continue
            val = _output(res, src, name)
            if val.secret:
                shown.append(f"<{name}>")  # a secret is never shown: its placeholder says which one
                secrets.append(f"key {val.secret[1]} of Secret {val.secret[0]}")
            else:
                shown.append(val.display)
        mapping = mapping_of(res) if res else None
        where = f"{mapping.label if mapping else res.mapping} {res.name}" if res else "c2p"
        fields = _fields(ov.template or "")
        if len(secrets) == 1 and len(fields) == 1 and not fields[0][0]:
            return "".join(shown), f"{where}; {secrets[0]} (secretKeyRef)"
        if secrets:
            return "".join(shown), f"{where}; built in the pod from {', '.join(dict.fromkeys(secrets))} (secretKeyRef + $(VAR) expansion)"
        return "".join(shown), where

    return _explain
