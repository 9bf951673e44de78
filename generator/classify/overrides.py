"""User overrides: `x-c2p` on a service or at the top level of the compose file, and c2p.yaml.

All three follow schemas/c2p.schema.json (a service's own x-c2p is #/$defs/service). Later sources
win, key by key: service x-c2p, then top-level x-c2p.services.<name>, then c2p.yaml. An invalid
override is bad input: C2PError (exit 2) saying where and why.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from generator.errors import C2PError, Location
from generator.model import EMPTY, ComposeProject
from generator.numbers import is_uint
from generator.paths import schema_path
from generator.targets import NAMES as TARGET_KEYS

CONFIG_NAMES = ("c2p.yaml", "c2p.yml")


@dataclass(frozen=True)
class Overrides:
    services: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: EMPTY)
    targets: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: EMPTY)  # project-wide per-target options
    sources: tuple[str, ...] = ()

    def service(self, name: str) -> Mapping[str, Any]:
        return self.services.get(name, EMPTY)


@cache
def _validator():
    import jsonschema

    from generator.names import go_anchors

    schema = go_anchors(json.loads(schema_path("c2p").read_text(encoding="utf-8")))  # `$` ends the text
    return jsonschema.Draft202012Validator(schema)


def _message(error) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra and error.schema.get("additionalProperties") is False:
            hint = difflib.get_close_matches(extra[0], allowed, n=1)
            tip = f" (did you mean '{hint[0]}'?)" if hint else f" (allowed: {', '.join(allowed)})"
            return f"{where}: unknown key '{extra[0]}'{tip}"
    if error.validator == "enum":
        hint = difflib.get_close_matches(str(error.instance), [str(v) for v in error.validator_value], n=1)
        tip = f" (did you mean '{hint[0]}'?)" if hint else ""
        return f"{where}: {error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}{tip}"
    if error.validator in ("pattern", "maxLength") and isinstance(error.instance, str):
        from generator.names import shown

        what = (error.schema.get("description") or "allowed here").rstrip(".")
        what = what[0].lower() + what[1:]
        return f"{where}: {shown(error.instance)} is not {what}" if error.schema.get("description") else \
            f"{where}: {shown(error.instance)} is not allowed here"
    return f"{where}: {error.message}"


def plain(value: Any) -> Any:
    """Read-only mappings and tuples (as the loader gives them) → dicts and lists for the validator."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def validate(document: Any, what: str, location: Location | None, locate=None) -> None:
    document = plain(document)
    errors = sorted(_validator().iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        err = errors[0]
        loc = locate(list(err.absolute_path)) if locate else location
        raise C2PError(f"invalid {what}: {_message(err)}", loc or location)


def _location(text: str | None, fallback: str) -> Location:
    if text:
        parts = text.rsplit(":", 2)
        if len(parts) == 3 and is_uint(parts[1]) and is_uint(parts[2]):
            return Location(parts[0], int(parts[1]), int(parts[2]))
    return Location(fallback)


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        out[key] = _merge(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) else value
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in sorted(value.items())})
    return value


def find_config(project: ComposeProject) -> str | None:
    dirs = [Path(f).parent for f in project.files[:1]] + [Path(project.working_dir)]
    for folder in dirs:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return str(folder / name)
    return None


def load_overrides(project: ComposeProject, config_file: str | None = None) -> Overrides:
    from generator.classify.overrides_file import read_config

    compose_file = project.files[0] if project.files else "compose.yaml"
    known = set(project.services) | set(project.disabled_services)
    services: dict[str, dict[str, Any]] = {}
    sources = []
    for name, svc in sorted({**project.disabled_services, **project.services}.items()):
        own = svc.extensions.get("x-c2p")
        if own is None:
            continue
        validate({"services": {name: own}}, f"x-c2p of service '{name}'",
                 _location(project.locations.get(name), compose_file))
        services[name] = plain(own)
        sources.append(f"x-c2p on {name}")
    top = plain(project.extensions.get("x-c2p"))
    targets: dict[str, Any] = {}
    layers = []
    if top is not None:
        validate(top, "top-level x-c2p", Location(compose_file))
        layers.append((top, Location(compose_file), None))
        sources.append("x-c2p")
    path = config_file or find_config(project)
    if path:
        data, locate = read_config(path)
        validate(data, Path(path).name, Location(path), locate)
        layers.append((data, Location(path), locate))
        sources.append(Path(path).name)
    for data, loc, locate in layers:
        for name, value in (data.get("services") or {}).items():
            if name not in known:
                hint = difflib.get_close_matches(name, sorted(known), n=1)
                tip = f"did you mean '{hint[0]}'?" if hint else None
                raise C2PError(f"services.{name}: no such service in the compose file",
                               locate(["services", name]) if locate else loc, tip)
            services[name] = _merge(services.get(name, {}), value)
        for key in TARGET_KEYS:
            if key in data:
                targets[key] = _merge(targets.get(key, {}), data[key])
    return Overrides(services=_freeze(services), targets=_freeze(targets), sources=tuple(sources))
