"""Assemble the Plan: resources decided by the target, apps with their env overrides, what was skipped."""

from __future__ import annotations

import os
from dataclasses import replace
from types import MappingProxyType

from generator.classify.model import UNKNOWN_STATEFUL, Classification
from generator.classify.overrides import plain
from generator.classify.secrets import project_secrets
from generator.errors import C2PError
from generator.model import ComposeProject
from generator.plan.apps import build_app, with_compose_facts
from generator.plan.gather import compose_facts
from generator.plan.model import Decision, Plan, Resource, Skipped
from generator.plan.resources import base_resource
from generator.plan import proxies
from generator.plan.shared import mark_shared
from generator.plan.plainclients import plain_clients


def _options(classification: Classification, name: str, target: str) -> dict:
    merged = dict(classification.target_options.get(target, {}))
    info = classification.services[name]
    merged.update(info.options.get(target, {}))
    return merged


def _skip_reason(info) -> str | None:
    if info.skip:
        return "skipped by x-c2p (skip: true)"
    if info.job:
        return (f"a one-off job on the {info.kind} image, not a server ({info.conflicts[0] if info.conflicts else 'runs once'}): "
                "c2p does not provision a database for it; run it against the production service as a job")
    if info.kind == UNKNOWN_STATEFUL:
        what = f"holds data in {', '.join(info.data_volumes)}" if info.data_volumes else \
            (info.evidence[0].detail if info.evidence else "holds data")
        return (f"{what} but its kind is unknown: c2p does not guess a managed "
                "service; set x-c2p kind to map it, or skip: true to silence this")
    return None


def build(project: ComposeProject, classification: Classification, target: str, get_target=None) -> Plan:
    if get_target is None:
        from generator.targets import get_target
    impl = get_target(target)
    resources: list[Resource] = []
    skipped: list[Skipped] = []
    # A target that can run a container of unknown kind as compose ran it (k8s: a StatefulSet with its volumes;
    # aws: an app whose files go to EFS) plans such a service as an app instead of leaving it out; it never guesses
    # a managed service for it. `adopts_unknown_stateful` is True (every such service) or a predicate on its info.
    adopt = impl.adopts_unknown_stateful
    adopted = {n for n, i in classification.services.items() if i.kind == UNKNOWN_STATEFUL and not i.skip
               and (adopt(i) if callable(adopt) else bool(adopt))}
    stateful = {n for n, i in classification.services.items() if i.stateful and n not in adopted}
    secrets = project_secrets(project)
    for name, info in classification.services.items():
        if not info.stateful or name in adopted:
            continue
        reason = _skip_reason(info)
        if reason is None:
            base = replace(base_resource(info, project.name),
                           plain_clients=plain_clients(name, info.kind, project, classification),
                           compose=compose_facts(project.services[name], project, read_binds=False,
                                                 secrets=secrets))
            decided = _decide(impl, project, name, base, _options(classification, name, target))
            if decided.mapping == "unsupported":
                reason = decided.warnings[0] if decided.warnings else f"{target} does not map {info.kind}"
            else:
                resources.append(decided)
                continue
        skipped.append(Skipped(name=name, kind=info.kind, reason=reason))
    by_name = {r.name: r for r in resources}
    apps = []
    for name, info in classification.services.items():
        if info.stateful and name not in adopted:
            continue
        if info.skip:
            skipped.append(Skipped(name=name, kind=info.kind, reason="skipped by x-c2p (skip: true)"))
            continue
        provider = project.services[name].raw.get("provider")
        if provider is not None:
            what = provider.get("type", "?") if hasattr(provider, "get") else "?"
            skipped.append(Skipped(name=name, kind=info.kind, reason=(
                f"a provider service (type {what}): Docker Compose delegates it to a plugin, there is no container "
                "image to run; provide its production equivalent yourself")))
            continue
        apps.append(build_app(project.services[name], info, by_name, target, project.working_dir, secrets, stateful))
    apps = with_compose_facts(proxies.without_app_secrets(mark_shared(apps, project), project), project, secrets)
    decisions = tuple(
        Decision(key=f"{target}.{k}", value=plain(v), reason="set in x-c2p / c2p.yaml", source="override")
        for k, v in sorted(classification.target_options.get(target, {}).items())
    )
    sources = tuple(os.path.relpath(f, project.working_dir) if os.path.isabs(f) else f for f in project.files)
    plan = Plan(
        project=project.name,
        target=target,
        sources=sources,
        resources=tuple(sorted(resources, key=lambda r: r.name)),
        apps=tuple(sorted(apps, key=lambda a: a.name)),
        skipped=tuple(sorted(skipped, key=lambda s: s.name)),
        decisions=decisions,
    )
    # The target decides how each app runs (workload, mounts, security, networking) and what it cannot
    # carry over; a target without app decisions keeps the apps as planned here.
    plan = impl.decide_apps(plan, project, classification)
    own = {w for r in resources for w in r.warnings}
    # an adopted service's "kind is unknown" warning is replaced by the target's own (how it runs it)
    warnings = sorted({w for n, i in classification.services.items() if n not in adopted for w in i.warnings if w not in own}
                      | {w for a in plan.apps for w in a.warnings} | set(_inactive(project)))
    return replace(plan, warnings=tuple(warnings))


def _inactive(project: ComposeProject) -> list[str]:
    """Services behind a profile that is not enabled are left out, as compose leaves them out: say which."""
    return [f"{name} is behind profile {', '.join(svc.profiles)}, which is not enabled: it is left out; generate "
            f"with --profile {svc.profiles[0]} to include it" for name, svc in sorted(project.disabled_services.items())
            if svc.profiles]


def _decide(impl, project: ComposeProject, name: str, resource: Resource, options: dict) -> Resource:
    """The target's decision for one stateful service; a refused option is reported where the service is defined."""
    from generator.names import service_location

    try:
        from generator.mapping import decide

        return decide(impl, resource, MappingProxyType(options))
    except C2PError as exc:
        if exc.location is not None:
            raise
        raise C2PError(exc.message, service_location(project, name), exc.hint) from None
