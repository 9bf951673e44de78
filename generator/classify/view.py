"""`c2p inspect` (text for people, JSON for scripts, Mermaid for pictures) and `c2p kinds`."""

from __future__ import annotations

import json
import os

from generator.classify.model import Classification, ServiceInfo
from generator.model import ComposeProject
from generator.plan.model import to_dict


def _plain(value):
    return to_dict(value)


def service_json(info: ServiceInfo, c: Classification) -> dict:
    return {
        "name": info.name,
        "kind": info.kind,
        "stateful": info.stateful,
        "image": info.image,
        "confidence": info.confidence,
        "evidence": [{"source": e.source, "detail": e.detail, "weight": e.weight} for e in info.evidence],
        "versions": dict(info.versions),
        "facts": _plain(info.facts),
        "data_volumes": list(info.data_volumes),
        "consumes": [
            {"service": u.target, "env": u.env, "role": u.role, "matched_by": u.matched_by, "dev_only": list(u.dev_only)}
            for u in info.consumes
        ],
        "used_by": [{"service": u.service, "env": u.env} for u in c.used_by(info.name)],
        "depends_on": list(info.depends_on),
        "job": info.job,
        "profiles": list(info.profiles),
        "skip": info.skip,
        "conflicts": list(info.conflicts),
        "warnings": list(info.warnings),
    }


def to_json(project: ComposeProject, c: Classification) -> dict:
    return {
        "project": project.name,
        "files": [os.path.relpath(f, project.working_dir) for f in project.files],
        "overrides": list(c.sources),
        "services": [service_json(i, c) for i in c.services.values()],
        "disabled_services": sorted(project.disabled_services),
        "warnings": list(c.warnings),
    }


def show(project: ComposeProject, classification: Classification, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(to_json(project, classification), indent=2, ensure_ascii=False) + "\n"
    if fmt == "mermaid":
        from generator.classify.view_mermaid import mermaid

        return mermaid(project, classification)
    from generator.classify.view_text import text

    return text(project, classification)


def _how(kind: str) -> dict[str, str]:
    """target → how it realises `kind`: a built target from its registry (its mappings' titles, or "not mapped yet"
    with what would run it), a planned one from the kind's own note."""
    from generator.classify.kinds import BY_NAME
    from generator.targets import BUILT, get_target

    out = {}
    for name in BUILT:
        target = get_target(name)
        titles = [m.title for m in target.mappings if kind in m.kinds]
        offer = target.not_mapped.get(kind)
        out[name] = " or ".join(titles) if titles else f"not mapped yet (would be {offer})" if offer else "not mapped"
    out.update({t: how for t, how in BY_NAME[kind].targets.items() if t not in out})
    return out


def kinds_table(fmt: str = "text") -> str:
    from generator.classify.kinds import KINDS

    rows = [
        {
            "kind": k.name,
            "label": k.label,
            "core": k.core,
            "family": k.family,
            "images": k.images,
            "commands": k.commands,
            "default_port": k.default_port,
            "data_paths": list(k.data_paths),
            "targets": _how(k.name),
        }
        for k in KINDS
    ]
    if fmt == "json":
        return json.dumps(rows, indent=2) + "\n"
    out = ["KIND           SUPPORT     RECOGNISED BY (image names, plus command, env, healthcheck, ports, data paths)"]
    for r in rows:
        support = "full" if r["core"] else "recognised"
        out.append(f"{r['kind']:<14} {support:<11} {r['images'].replace('|', ', ')}")
        for target, how in sorted(r["targets"].items()):
            out.append(f"{'':<14} {'':<11} {target:<6} {how}")
    out.append("app            —           everything else (a stateless workload)")
    out.append("unknown-stateful —         no known kind but a named or data bind volume: reported; aws runs one that is "
               "not a database as an app with its files on EFS and leaves a database out, k8s runs it as compose did "
               "(a StatefulSet with its volumes)")
    return "\n".join(out) + "\n"
