"""`c2p inspect --format mermaid`: services (shaped by kind), their data volumes, and consumer edges."""

from __future__ import annotations

import re

from generator.classify.model import Classification
from generator.model import ComposeProject


def _id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid(project: ComposeProject, c: Classification) -> str:
    out = ["flowchart LR"]
    for info in c.services.values():
        sid = _id("s_", info.name)
        versions = ", ".join(f"{k} {v}" for k, v in info.versions.items())
        label = _label(f"{info.name}<br/>{info.kind}" + (f"<br/>{versions}" if versions else ""))
        out.append(f'  {sid}[("{label}")]' if info.stateful else f'  {sid}["{label}"]')
    volumes = sorted({v for i in c.services.values() for v in i.data_volumes})
    for vol in volumes:
        out.append(f'  {_id("v_", vol)}[/"volume {_label(vol)}"/]')
    for info in c.services.values():
        for vol in info.data_volumes:
            out.append(f"  {_id('s_', info.name)} --- {_id('v_', vol)}")
        edges: dict[str, list[str]] = {}
        for u in info.consumes:
            edges.setdefault(u.target, []).append(u.env)
        for target, envs in sorted(edges.items()):
            out.append(f"  {_id('s_', info.name)} -->|{_label(', '.join(sorted(envs)))}| {_id('s_', target)}")
        for dep in info.depends_on:
            if dep not in edges and dep in c.services:
                out.append(f"  {_id('s_', info.name)} -.->|depends_on| {_id('s_', dep)}")
    out.append("  classDef stateful fill:#fde68a,stroke:#b45309")
    out.append("  classDef unknown fill:#fecaca,stroke:#b91c1c")
    for info in c.services.values():
        if info.stateful:
            cls = "unknown" if info.kind == "unknown-stateful" else "stateful"
            out.append(f"  class {_id('s_', info.name)} {cls}")
    return "\n".join(out) + "\n"
