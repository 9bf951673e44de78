"""`c2p plan` screens: the full plan (text or JSON) and the short summary `c2p generate` prints."""

from __future__ import annotations

import json

from generator.plan.model import App, Plan, Resource, to_dict


def _versions(res: Resource) -> str:
    names = {"postgres": "PostgreSQL", "timescaledb": "TimescaleDB", "redis": "Redis", "valkey": "Valkey", "vault": "Vault"}
    return ", ".join(f"{names.get(k, k)} {v}" for k, v in res.versions.items()) or "version not pinned"


def _rewired(app: App) -> tuple[list[str], list[str]]:
    sets = [v.name for v in app.env if v.override and v.override.action == "set"]
    removed = [v.name for v in app.env if v.override and v.override.action == "remove"]
    return sets, removed


def _json(plan: Plan) -> str:
    return json.dumps(to_dict(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _text(plan: Plan) -> str:
    out = [f"Plan for {plan.project} → {plan.target} ({', '.join(plan.sources)})", ""]
    if plan.decisions:
        out.append("PROJECT")
        out += [f"  {d.key} = {json.dumps(d.value)}   ({d.source}: {d.reason})" for d in plan.decisions]
        out.append("")
    out.append("RESOURCES" if plan.resources else "RESOURCES  (none: no stateful service is provisioned)")
    for res in plan.resources:
        out.append(f"  {res.name}  {res.kind} → {res.mapping}   {_versions(res)}")
        for d in res.decisions:
            out.append(f"      {d.key} = {json.dumps(d.value)}   ({d.source}: {d.reason})")
        out += [f"      ! {w}" for w in res.warnings]
    out += ["", "APPS" if plan.apps else "APPS  (none)"]
    for app in plan.apps:
        replicas = app.settings.get("replicas", app.replicas)
        what = "job, runs once" if app.job else f"{replicas} replica{'s' if replicas != 1 else ''}"
        what += f" ({app.workload})" if app.workload and not app.job else ""
        out.append(f"  {app.name}  {app.image or '(built from ' + str(app.build_context) + ')'}   {what}")
        for var in app.env:
            ov = var.override
            if ov is None:
                continue
            if ov.action == "remove":
                out.append(f"      {var.name}: removed — {ov.reason}")
            else:
                note = "  (secret)" if ov.secret else ""
                out.append(f"      {var.name} = {ov.template}   ← {ov.resource}{note}")
    if plan.skipped:
        out += ["", "SKIPPED (left out of the plan)"]
        out += [f"  {s.name}  {s.kind}: {s.reason}" for s in plan.skipped]
    if plan.not_carried:
        out += ["", "NOT CARRIED OVER (TODO: needs you)"]
        out += [f"  {n.service}: {'TODO ' if n.todo else ''}{n.item} — {n.reason}" for n in plan.not_carried]
    if plan.warnings:
        out += ["", "WARNINGS"] + [f"  ! {w}" for w in plan.warnings]
    return "\n".join(out) + "\n"


def show(plan: Plan, fmt: str = "text") -> str:
    return _json(plan) if fmt == "json" else _text(plan)


def summary(plan: Plan) -> str:
    """The short screen `c2p generate` prints before writing."""
    out = [f"Plan for {plan.project} → {plan.target}:"]
    width = max((len(r.name) for r in plan.resources), default=0)
    for res in plan.resources:
        out.append(f"  {res.name.ljust(width)} → {res.mapping} ({_versions(res)})")
        out += [f"  {' ' * width}   ! {w}" for w in res.warnings[:2]]
    groups: dict[tuple, list[str]] = {}
    for app in plan.apps:
        sets, removed = _rewired(app)
        if sets or removed:
            groups.setdefault((tuple(sets), tuple(removed)), []).append(app.name)
    for (sets, removed), names in groups.items():
        parts = ([", ".join(sets)] if sets else []) + ([f"{', '.join(removed)} removed"] if removed else [])
        text = f"{len(sets) + len(removed)} env vars rewired ({'; '.join(parts)})"
        out.append(f"  {', '.join(names)}: {text}")
    files: dict[str, list[str]] = {}
    for app in plan.apps:
        for v in app.volumes:
            if v.kind == "efs":
                files.setdefault(v.source or v.target, []).append(f"{app.name} at {v.target}")
    for source, users in files.items():
        out.append(f"  files {source} → Amazon EFS ({', '.join(users)}): copy them first (MIGRATION.md)")
    for s in plan.skipped:
        out.append(f"  skipped {s.name} ({s.kind}): {s.reason}")
    out += [f"  ! {w}" for w in plan.warnings if " is behind profile " in w]
    if plan.not_carried:
        todo = sum(1 for n in plan.not_carried if n.todo)
        services = len({n.service for n in plan.not_carried})
        out.append(f"  not carried over: {len(plan.not_carried)} item{'s' if len(plan.not_carried) != 1 else ''} of "
                   f"{services} service{'s' if services != 1 else ''}, {todo} TODO (README.md, \"Not carried over\")")
    return "\n".join(out) + "\n"
