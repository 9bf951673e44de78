"""The typed project back to `docker compose config --format json`."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

from generator.model import ComposeProject


def thaw(value: Any) -> Any:
    if isinstance(value, (dict, MappingProxyType)):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value


def escape(value: Any) -> Any:
    """Compose prints every literal `$` as `$$` (so the output can be read back)."""
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, dict):
        return {k: escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape(v) for v in value]
    return value


def to_compose_json(project: ComposeProject) -> dict:
    doc: dict[str, Any] = {"name": project.name}
    for kind in ("networks", "volumes", "secrets", "configs"):
        section = getattr(project, kind)
        if section:
            doc[kind] = {n: thaw(r.raw) for n, r in section.items()}
    doc["services"] = {n: {k: thaw(v) for k, v in s.raw.items() if not k.startswith("x-")}
                       for n, s in project.services.items()}
    doc.update(thaw(project.extensions))
    return escape(dict(sorted(doc.items())))


def to_compose_json_text(project: ComposeProject) -> str:
    return json.dumps(to_compose_json(project), indent=2, ensure_ascii=False)
