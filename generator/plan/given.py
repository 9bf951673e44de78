"""Where compose set each user-supplied value (review aws round 2, item 4): the project-relative env_file or compose
file that last set a variable, read once here so a target never re-reads the compose files. aws's README names it for
the values the user must carry over (targets/aws/given.py); the value itself is never kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Mapping

from generator.errors import C2PError
from generator.model import ComposeProject


def _env_keys(path: Path) -> set[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError:
        return set()
    return set(re.findall(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]", text, re.M))


def _documents(project: ComposeProject) -> list[tuple[str, object]]:
    from generator.load.yamlio import read_yaml_all

    out = []
    for f in project.files:
        try:
            docs = read_yaml_all(Path(f))
        except C2PError:
            continue
        out += [(f, doc) for doc, _locs, _tags in docs]
    return out


def _where(docs: list[tuple[str, object]], working_dir: str, service: str, key: str, keys) -> str:
    """The project-relative file that last set `key` for `service`: a compose file's `environment` or an `env_file`
    it names (the later file, and `environment` over `env_file`, win as in Docker Compose); "" when not found there
    (extends, includes): the README then says "the compose files"."""
    found = ""
    for f, doc in docs:
        svc = ((doc.get("services") or {}) if isinstance(doc, dict) else {}).get(service)
        if not isinstance(svc, dict):
            continue
        entries = svc.get("env_file") or []
        for entry in [entries] if isinstance(entries, (str, dict)) else entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and key in keys(Path(f).parent / path):
                found = str(Path(f).parent / path)
        env = svc.get("environment") or {}
        names = env.keys() if isinstance(env, dict) else [str(e).split("=", 1)[0] for e in env]
        if key in names:
            found = f
    return os.path.relpath(found, working_dir) if found else ""


def where_given(project: ComposeProject, wanted: Mapping[str, Iterable[str]]) -> dict[str, dict[str, str]]:
    """service → {variable → file that set it, "" when not found} for the variables `wanted` names."""
    if not any(wanted.values()):
        return {}
    docs = _documents(project)
    cache: dict[Path, set[str]] = {}

    def keys(path: Path) -> set[str]:
        if path not in cache:
            cache[path] = _env_keys(path)
        return cache[path]

    return {service: {name: _where(docs, project.working_dir, service, name, keys) for name in sorted(names)}
            for service, names in wanted.items() if names}
