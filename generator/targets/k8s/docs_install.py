"""The README's "Install, in order" section: which steps the output needs, their numbers (no gaps whatever is
generated), the release CA step's names and commands; and what every mapping's docs templates share (`shared`, `item`,
`markdown`: targets/k8s/mapping.py, "Docs")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.plan.model import Plan, Resource
from generator.render.escape import Raw
from generator.targets.k8s import certs, tls, versions as V
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.mapping import by_mapping, render



def steps(plan: Plan) -> dict[str, int]:
    """Step key → number. Order: cert-manager, the CA and server certificates, then each mapping's steps (operators,
    servers: `install_steps`, in MAPPINGS order), then the apps."""
    from generator.targets.k8s.docs_workload import creates

    groups = by_mapping(plan)
    keys = []
    if certs.uses_ca(plan) or any(m.cert_manager_for for m, _ in groups):
        keys.append("certmanager")
    if certs.uses_ca(plan):
        keys.append("ca")
    for mapping, resources in groups:
        keys += mapping.install_steps(resources)
    if plan.apps:
        keys += ["app_secrets"] + (["compose_secrets"] if creates(plan) else []) + ["chart"]
    return {key: number for number, key in enumerate(keys, 1)}


def ordered(names: tuple[str, ...], parts: list[tuple[str, Any]]) -> list[Any]:
    """`parts` ((mapping name, part)) in the order `names` gives; a name it does not list comes after, as given."""
    rank = {n: i for i, n in enumerate(names)}
    return [p for _, p in sorted(parts, key=lambda np: rank.get(np[0], len(names)))]


def shared(plan: Plan) -> dict[str, Any]:
    """What every mapping's README/MIGRATION templates may print besides their own items."""
    return {"plan": plan, "V": V, "steps": steps(plan), "tls": tls_context(plan), "namespace": k8s_name(plan.project)}


def fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value) or "—"
    return str(value)


def item(resource: Resource) -> dict[str, Any]:
    """One stateful service for its mapping's docs templates: r, s, and its settings table (helm/docs/settings.md.j2)."""
    return {"r": resource, "s": resource.settings,
            "decisions": [(d.key, fmt(d.value), d.reason, d.source) for d in resource.decisions]}


def markdown(folder: str | Path, name: str, **context: Any) -> Raw:
    """A mapping's markdown template (escaped as it renders), as text the main README/MIGRATION print as is."""
    return Raw(render(folder, name, **context))


def tls_context(plan: Plan) -> dict[str, Any]:
    ns = certs.namespace(plan)
    assert re.fullmatch(r"[a-z][a-z0-9-]*", ns), ns  # a DNS label: safe inside the sed expression and the shell line
    listed = []
    for r in plan.resources:
        cert = certs.server_certificate(r, ns)
        if cert:
            listed.append({"secret": cert["secret"], "what": f"{cert['what']} {r.name}"})
    # how each server picks up a renewed certificate, in the order of the mappings (each named once)
    how = [cert["reload"] for _, rs in by_mapping(plan) for r in rs if (cert := certs.server_certificate(r, ns))]
    reload = list(dict.fromkeys(text for way, text in how if way == "reloads"))
    restart = list(dict.fromkeys(text for way, text in how if way == "restart"))
    if restart:
        reload.append(f"{' and '.join(restart)} read{'s its own' if len(restart) == 1 else ' theirs'} "
                      "when starting (restart: see the sections below)")
    return {
        "reload": "; ".join(reload) or "nothing to do",
        "ca": tls.ca_configmap(plan.project), "public": tls.ca_public_secret(plan.project), "certs": listed,
        # the certificates name the default namespace; another $NAMESPACE replaces it in every `.<ns>.svc`
        "sed_apply": Raw(f'sed "s/\\.{ns}\\.svc/.$NAMESPACE.svc/g" "$f" | kubectl -n "$NAMESPACE" apply -f -'),
    }
