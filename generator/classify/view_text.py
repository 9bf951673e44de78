"""The `c2p inspect` table: service, kind, state, version, evidence, used by."""

from __future__ import annotations

import os

from generator.classify.model import APP, Classification, ServiceInfo
from generator.imageref import parse_image
from generator.model import ComposeProject

_NAMES = {"postgres": "PostgreSQL", "timescaledb": "TSDB", "redis": "Redis", "valkey": "Valkey", "vault": "Vault"}


def _label(key: str) -> str:
    from generator.classify.kinds import BY_NAME

    return _NAMES.get(key) or (BY_NAME[key].label if key in BY_NAME else key)


def _version(info: ServiceInfo) -> str:
    if info.kind == APP:
        ref = parse_image(info.image)
        return ref.repository if ref is not None and "/" in info.image else (info.image or "(built)")
    text = ", ".join(f"{_label(k)} {v}" for k, v in info.versions.items()) or "version ?"
    if info.facts.get("dev_mode"):
        text += " (dev mode)"
    if info.facts.get("persistence") and info.facts["persistence"] != "rdb":
        text += f", {info.facts['persistence'].upper()}"
    return text


def _state(info: ServiceInfo) -> str:
    if not info.stateful:
        return "–"
    if info.facts.get("dev_mode"):
        return "dev"
    return "data" if info.data_volumes or info.facts.get("data_volume") else "no volume"


def _evidence(info: ServiceInfo) -> str:
    if info.kind == APP:
        return "profile " + ", ".join(info.profiles) + ("; runs once" if info.job else "") if info.profiles else ("runs once" if info.job else "—")
    return "; ".join(e.detail for e in sorted(info.evidence, key=lambda e: -e.weight)[:2])


def _used_by(info: ServiceInfo, c: Classification) -> str:
    uses = c.used_by(info.name)
    if not uses:
        return "—"
    who = sorted({u.service + ("*" if c.services[u.service].profiles else "") for u in uses})
    env = sorted({u.env for u in uses})
    return f"{', '.join(who)} ({', '.join(env)})"


def text(project: ComposeProject, c: Classification) -> str:
    files = ", ".join(os.path.basename(f) for f in project.files)
    stateful = [i for i in c.services.values() if i.stateful]
    out = [f"{project.name} ({files}) — {len(c.services)} services, {len(stateful)} stateful", ""]
    order = sorted(c.services.values(), key=lambda i: (not i.stateful, i.name))
    rows = [("SERVICE", "KIND", "STATE", "VERSION", "EVIDENCE", "USED BY")]
    for i in order:
        name = i.name + ("*" if i.profiles else "")
        kind = i.kind + (" (job)" if i.job else "") + (" [skip]" if i.skip else "")
        rows.append((name, kind, _state(i), _version(i), _evidence(i), _used_by(i, c)))
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    for r in rows:
        out.append("  ".join(r[k].ljust(widths[k]) for k in range(5)) + "  " + r[5])
    if any(i.profiles for i in c.services.values()):
        out.append("* behind a profile")
    if project.disabled_services:
        out.append(f"not active (profile off): {', '.join(sorted(project.disabled_services))}")
    dev: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for i in c.services.values():
        for u in i.consumes:
            if u.dev_only:
                dev.setdefault((u.env, u.dev_only), []).append(i.name)
    notes = [f"{env} uses {', '.join(what)} ({', '.join(sorted(who))}): development-only, not carried to production"
             for (env, what), who in sorted(dev.items())]
    if c.warnings or notes:
        out.append("")
        out += [f"! {n}" for n in list(c.warnings) + notes]
    return "\n".join(out) + "\n"
