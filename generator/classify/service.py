"""One service's kind, facts and warnings (consumers are added once every kind is known)."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, Mapping

from generator.classify.kinds import BY_NAME
from generator.classify.kinds.base import Context
from generator.classify.model import APP, UNKNOWN_STATEFUL, Evidence, ServiceInfo
from generator.classify.recognise import own_evidence, recognise
from generator.classify.other_databases import other_database
from generator.classify.signals import gather
from generator.classify.volumes import is_data_mount, mount_label
from generator.model import ComposeProject, Service
from generator.targets import NAMES as TARGET_NAMES

_JOB_WORDS = re.compile(r"(^|[^a-z])(migrat\w*|seed\w*|init|setup|bootstrap|createbuckets|provision\w*)([^a-z]|$)", re.I)


def awaited(project: ComposeProject) -> frozenset[str]:
    """Services another service waits for to complete (depends_on: service_completed_successfully)."""
    return frozenset(d.service for other in project.services.values() for d in other.depends_on
                     if d.condition == "service_completed_successfully")


def is_job(svc: Service, project: ComposeProject, waited: frozenset[str] | None = None) -> bool:
    """Runs once: another service waits for it to complete, it is never restarted (restart: "no") and serves nothing,
    or it is named/commanded like a one-off."""
    if svc.name in (awaited(project) if waited is None else waited):
        return True
    restart = svc.restart or (svc.deploy.restart_policy.get("condition") if svc.deploy else None)
    if restart is not None and restart.split(":", 1)[0] not in ("no", "none", "on-failure"):  # on-failure:5 too
        return False
    if svc.restart == "no" and not (svc.ports or svc.expose or svc.healthcheck) and not any(
            d.service == svc.name and d.condition == "service_healthy" for o in project.services.values() for d in o.depends_on):
        return True  # explicitly never restarted, and nothing shows it serves: it runs to completion
    text = " ".join([svc.name, *(svc.command or ()), *(svc.entrypoint or ())])
    return bool(_JOB_WORDS.search(text))


def _supporting(kind_name: str, sig, secrets: frozenset[str]) -> tuple[Evidence, ...]:
    """The signals that agree with a forced kind (and its family), relabelled as that kind."""
    kind = BY_NAME.get(kind_name)
    if kind is None:
        return ()
    found = own_evidence(kind, sig, secrets)
    if kind.family:
        found += own_evidence(BY_NAME[kind.family], sig, secrets)
    seen, out = set(), []
    for e in found:
        if (e.source, e.detail) not in seen:
            seen.add((e.source, e.detail))
            out.append(Evidence(e.source, e.detail, kind_name, e.weight))
    return tuple(out)


def classify_service(svc: Service, override: Mapping[str, Any], ctx: Context, secrets: frozenset[str]) -> ServiceInfo:
    sig = gather(svc)
    image = svc.image or (f"(built from {sig.built_from.short()})" if sig.built_from else None)
    common = dict(name=svc.name, image=image, profiles=tuple(svc.profiles), skip=bool(override.get("skip", False)),
                  options=MappingProxyType({k: v for k, v in override.items() if k in TARGET_NAMES}))
    verdict = recognise(sig, secrets)
    forced = override.get("kind")
    kind_name, evidence, conf, conflicts = verdict.kind, verdict.evidence, verdict.confidence, verdict.conflicts
    if forced:
        if verdict.kind and verdict.kind != forced:
            conflicts = conflicts + (f"recognised as {verdict.kind} ({verdict.confidence:.2f}) but x-c2p sets kind {forced}",)
        kind_name = forced
        evidence = (Evidence("override", f"x-c2p kind: {forced}", forced, 1.0),) + _supporting(forced, sig, secrets)
        conf = 1.0
    data = tuple(sorted({mount_label(m, ctx.working_dir) for m in svc.volumes if is_data_mount(m)}))
    if kind_name is None or kind_name == APP:
        other = None if forced else (other_database(sig.image) or other_database(sig.built_from))
        if data and not forced:
            # a database image c2p has no kind for is said in the evidence too (the aws target leaves it out)
            ran = (Evidence("image", f"image {(sig.image or sig.built_from).short()} runs {other}", UNKNOWN_STATEFUL,
                            0.8),) if other else ()
            return ServiceInfo(kind=UNKNOWN_STATEFUL, stateful=True, confidence=0.5, data_volumes=data,
                               evidence=ran + tuple(Evidence("volume", f"data in {d}", UNKNOWN_STATEFUL, 0.5)
                                                    for d in data),
                               warnings=(f"{svc.name}: holds data in {', '.join(data)} but its kind is unknown; "
                                         "c2p will not guess a managed service for it (set x-c2p kind, or skip)",),
                               **common)
        if other:
            detail = f"image {(sig.image or sig.built_from).short()} runs {other}"
            return ServiceInfo(kind=UNKNOWN_STATEFUL, stateful=True, confidence=0.8, data_volumes=data,
                               evidence=(Evidence("image", detail, UNKNOWN_STATEFUL, 0.8),),
                               warnings=(f"{svc.name}: runs {other}, a database c2p has no kind for; it is left out "
                                         "of the plan rather than run as a stateless app (set x-c2p kind, or skip)",),
                               **common)
        return ServiceInfo(kind=APP, stateful=False, confidence=1.0 if forced else round(1 - conf, 2),
                           evidence=evidence, data_volumes=data, conflicts=tuple(conflicts),
                           warnings=tuple(f"{svc.name}: {c}" for c in conflicts), **common)
    kind = BY_NAME[kind_name]
    found = kind.facts(svc, sig, ctx)
    versions = dict(found.versions)
    warnings = list(found.warnings)
    if verdict.named_only and not forced and versions:
        versions = {}  # goharbor/redis-photon:v2.10.2 is Harbor's version, not Redis's
        warnings.append(f"{svc.name}: {svc.image or image} is named after {kind.label} but is not its official image, "
                        "so its tag says nothing about the version; set x-c2p version to pin one")
    if override.get("version") is not None:
        key = kind.name if kind.name != "redis" else found.facts.get("engine", "redis")
        versions[key if key != "timescaledb" else "postgres"] = str(override["version"])
        # the user said which version compose runs: the floating tag's "production runs …" no longer holds
        warnings = [w for w in warnings if not w.startswith(f"{svc.name}: floating tag `")]
    warnings += [f"{svc.name}: {c}" for c in conflicts]
    return ServiceInfo(kind=kind.name, stateful=True, confidence=conf, evidence=tuple(evidence),
                       versions=MappingProxyType(versions), facts=found.facts, conflicts=tuple(conflicts),
                       warnings=tuple(warnings), data_volumes=data, job=bool(verdict.job) and not forced, **common)
