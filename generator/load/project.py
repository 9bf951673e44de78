"""load_project: the whole pipeline of the loader, in Docker Compose's order."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Mapping

from generator.errors import C2PError, Location
from generator.load import files as F
from generator.load.finalize import check_consistency, check_cycles, check_dependencies, finalize_service
from generator.load.merge import merge_top
from generator.load.resets import drop_paths, merge_paths
from generator.load.source import FileLoader
from generator.load.toplevel import normalize_top
from generator.model import ComposeProject


def load_document(
    files: tuple[str, ...], profiles: tuple[str, ...], env_files: tuple[str, ...],
    environ: Mapping[str, str], working_dir: str | None = None,
) -> tuple[dict, dict, dict, dict]:
    """(normalized document, enabled services, disabled services, facts) — the JSON compose prints."""
    cwd = os.path.abspath(working_dir or os.getcwd())
    paths = F.find_files(tuple(files), environ, cwd)
    for p in paths:
        if not p.exists():
            raise C2PError("compose file not found", Location(str(p)))
        if p.is_dir():
            raise C2PError("is a directory, not a compose file", Location(str(p)))
    project_dir = paths[0].parent
    env = _Recording(F.project_environment(project_dir, tuple(env_files), environ, cwd))
    loader = FileLoader(env, env.get("HOME") or os.path.expanduser("~"))
    if len(paths) > 1:  # -f files together within the node budget, before any is loaded
        loader.budget.look_ahead(paths, Location(str(paths[0])))
    merged: dict = {}
    for path in paths:
        part = loader.load(path, str(project_dir))
        if merged:
            merged = merge_top(drop_paths(merged, merge_paths(loader.tags(path))), part)
        else:
            merged = part
    name_loc = None
    explicit = merged.get("name")
    if explicit is not None:
        for path in reversed(paths):
            named = [src for doc, src in loader.read_all(path) if "name" in doc]
            if named:
                name_loc = named[-1].loc(("name",))
                break
    name = F.project_name(None if explicit is None else str(explicit), env, project_dir, name_loc)
    active = F.active_profiles(tuple(profiles), env)
    all_services = merged.get("services") or {}
    where = lambda svc: loader.service_locations.get(svc)  # noqa: E731
    services = {n: finalize_service(n, s, env, where(n)) for n, s in sorted(all_services.items())}
    enabled = {n for n, s in services.items() if _enabled(s, active)}
    check_dependencies(services, enabled, where)
    check_cycles(services, enabled, where)
    for n in sorted(enabled):
        check_consistency(n, services[n], where)
    on = {n: s for n, s in services.items() if n in enabled}
    off = {n: s for n, s in services.items() if n not in enabled}
    top = normalize_top(merged, on, name, where)
    doc: dict = {"name": name, **top, "services": on}
    for key, value in merged.items():
        if key.startswith("x-"):
            doc[key] = _sorted(value)
    doc = dict(sorted(doc.items()))
    facts = {"project_dir": str(project_dir), "files": [str(p) for p in paths], "locations": {
        n: str(loc) for n, loc in loader.service_locations.items() if loc is not None}, "all_top": merged,
        "interpolated": {k: env.data[k] for k in sorted(env.used) if k in env.data}}
    return doc, on, off, facts


class _Recording(Mapping[str, str]):
    """The interpolation variables, remembering which ones the project looked up: a secret-named variable from
    .env or the shell that a value used (`${DB_SECRET}`) makes that value a secret downstream."""

    def __init__(self, data: Mapping[str, str]):
        self.data = data
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.used.add(key)
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def _enabled(svc: dict, active: frozenset[str]) -> bool:
    profiles = svc.get("profiles") or []
    return not profiles or "*" in active or bool(active.intersection(profiles))


def load_project(
    files: tuple[str, ...], profiles: tuple[str, ...], env_files: tuple[str, ...],
    environ: Mapping[str, str], working_dir: str | None = None,
) -> ComposeProject:
    from generator.load.typed import build_project

    try:
        doc, on, off, facts = load_document(files, profiles, env_files, environ, working_dir)
    except RecursionError:  # a safety net: extends and depends_on chains are walked without recursion
        raise C2PError("the compose project nests too deeply to load (include or extends chains)", None) from None
    return build_project(doc, off, facts)


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
