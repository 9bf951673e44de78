"""`include:`: other compose projects pulled in, each read relative to its own directory."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import C2PError
from generator.load.files import project_environment
from generator.load.mounts import resolve_path


def apply_includes(loader, doc: dict, includes: list, src, stack: tuple) -> dict:
    _look_ahead(loader, includes, src)
    for i, entry in enumerate(includes):
        entry = {"path": entry} if isinstance(entry, str) else dict(entry)
        paths = entry.get("path")
        paths = [paths] if isinstance(paths, str) else list(paths or [])
        here = os.path.dirname(src.file)
        files = [Path(resolve_path(str(p), here, loader.home)) for p in paths]
        where = src.loc(("include", i))
        for f in files:
            if not f.exists() or f.is_dir():  # a FIFO or a device is refused by the bounded reader, by name
                raise C2PError(f"include: {f} not found" if not f.is_dir() else f"include: {f} is a directory", where)
            if str(f) in stack:
                raise C2PError(f"include: {f} includes itself (cycle)", where)
        project_dir = resolve_path(str(entry["project_directory"]), here, loader.home) \
            if entry.get("project_directory") else str(files[0].parent)
        env_files = entry.get("env_file")
        env_files = [env_files] if isinstance(env_files, str) else list(env_files or [])
        env = project_environment(
            Path(project_dir), tuple(resolve_path(str(e), here, loader.home) for e in env_files), loader.env, here
        )
        from generator.load.source import FileLoader
        from generator.load.merge import merge_top

        sub = FileLoader(env, loader.home, loader.budget)
        sub._cache = {}
        included: dict = {}
        for f in files:
            part = sub.load(f, project_dir, stack)
            included = merge_top(included, part) if included else part
        for name, loc in sub.service_locations.items():
            loader.service_locations.setdefault(name, loc)
        for section in ("services", "networks", "volumes", "secrets", "configs"):
            mine = dict(doc.get(section) or {})
            for name, value in (included.get(section) or {}).items():
                if name in mine and mine[name] != value:
                    raise C2PError(f"include: {section}.{name} conflicts with the one defined in {files[0]}", where)
                mine[name] = value
            if mine:
                doc[section] = mine
    return doc


def _look_ahead(loader, includes: list, src) -> None:
    """The project's node budget checked against every file this `include:` names before any is loaded,
    so that several included alias bombs fail in milliseconds (missing files are reported by the loop)."""
    here = os.path.dirname(src.file)
    files = []
    for entry in includes:
        paths = entry if isinstance(entry, str) else (entry.get("path") if isinstance(entry, dict) else None)
        paths = [paths] if isinstance(paths, str) else list(paths or [])
        files += [f for f in (Path(resolve_path(str(p), here, loader.home)) for p in paths) if f.is_file()]
    if files:
        loader.budget.look_ahead(files, src.loc(("include",)))
