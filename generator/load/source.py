"""Reading one compose file into a canonical document: YAML, interpolation, schema, extends, include."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from generator.errors import C2PError, Location
from generator.load.interpolate import interpolate
from generator.load.typecast import cast_types
from generator.load.merge import merge_service, merge_top
from generator.load.mounts import SyntaxProblem, resolve_path
from generator.load.resets import drop_paths, merge_paths, reset_paths
from generator.load.service import canonical
from generator.load.yamlio import Locations, NodeBudget, read_yaml_all


@dataclass
class Source:
    file: str
    locs: Locations = field(default_factory=dict)
    tags: dict = field(default_factory=dict)  # path → "!reset" | "!override"

    def where(self, path: tuple) -> tuple[int | None, int | None]:
        for end in range(len(path), -1, -1):
            if path[:end] in self.locs:
                return self.locs[path[:end]]
        return (None, None)

    def loc(self, path: tuple) -> Location:
        return Location(self.file, *self.where(path))


class FileLoader:
    def __init__(self, env: Mapping[str, str], home: str | None, budget: NodeBudget | None = None):
        self.env = env
        self.home = home
        self.budget = budget or NodeBudget()  # shared with the loaders of included files: one per project
        self._cache: dict[str, list[tuple[dict, Source]]] = {}
        self.service_locations: dict[str, Location] = {}
        self._resolved: dict[tuple, dict] = {}  # (file, document, service, base dir) → the service, extends resolved

    def read(self, path: Path, env: Mapping[str, str] | None = None) -> tuple[dict, Source]:
        """The first document of a file (name lookups, `extends: file:`)."""
        return self.read_all(path, env)[0]

    def read_all(self, path: Path, env: Mapping[str, str] | None = None) -> list[tuple[dict, Source]]:
        """Every document of a file, interpolated, cast and validated (a file usually has one)."""
        key = str(path)
        if key not in self._cache:
            from generator.load.schema import validate

            docs = []
            for doc, locs, tags in read_yaml_all(path, self.budget):
                src = Source(key, locs, tags)
                doc = drop_paths(doc, reset_paths(tags))
                doc = interpolate(doc, env or self.env, key, src.where)
                doc = cast_types(doc, key, src.where)
                validate(doc, src)
                docs.append((doc, src))
            self._cache[key] = docs
        return self._cache[key]

    def tags(self, path: Path) -> dict:
        """The !reset / !override paths of every document of a file."""
        return {p: t for _, src in self.read_all(path) for p, t in src.tags.items()}

    def load(self, path: Path, base_dir: str, stack: tuple = ()) -> dict:
        """One file as a canonical document (services with extends resolved; includes merged in);
        the documents of a multi-document file are merged in order, as several -f files are."""
        out: dict | None = None
        for doc, src in self.read_all(path):
            part = self._load_doc(doc, src, base_dir, stack, path)
            out = part if out is None else merge_top(drop_paths(out, merge_paths(src.tags)), part)
        return out or {}

    def _load_doc(self, doc: dict, src: Source, base_dir: str, stack: tuple, path: Path) -> dict:
        out = {k: v for k, v in doc.items() if k not in ("services", "include", "version")}
        services = doc.get("services") or {}
        self._look_ahead_extends(services, src)
        resolved = {}
        for name in services:
            resolved[name] = self._service(name, services, src, base_dir, ())
            self.service_locations.setdefault(name, src.loc(("services", name)))
        out["services"] = resolved
        for section in ("secrets", "configs"):
            for cfg in (out.get(section) or {}).values():
                if isinstance(cfg, dict) and isinstance(cfg.get("file"), str):
                    cfg["file"] = resolve_path(cfg["file"], base_dir, self.home)
        if doc.get("include"):
            from generator.load.include import apply_includes

            out = apply_includes(self, out, doc["include"], src, stack + (str(path),))
        return out

    def _look_ahead_extends(self, services: dict, src: Source) -> None:
        """The files this document's services extend, checked together against the node budget before any
        is loaded (each is charged when it is read, once: a file is read once per loader): several extended
        alias bombs fail at once."""
        files: list[Path] = []
        for svc in services.values():
            ext = svc.get("extends") if isinstance(svc, dict) else None
            if isinstance(ext, dict) and ext.get("file"):
                path = Path(resolve_path(str(ext["file"]), os.path.dirname(src.file), self.home))
                if path.is_file() and str(path) not in self._cache and path not in files:
                    files.append(path)
        if len(files) > 1:
            self.budget.look_ahead(files, src.loc(("services",)))

    def _service(self, name: str, services: dict, src: Source, base_dir: str, stack: tuple = ()) -> dict:
        """A service with its `extends` chain resolved. The chain is walked in a loop, not by recursion (a
        chain of thousands of services is valid compose), and each resolved service is kept for the next."""
        chain: list[tuple[str, dict, Source, str]] = []
        seen: list[tuple[str, str]] = []
        base = None
        cur = (name, services, src, base_dir)
        while True:
            c_name, c_services, c_src, c_dir = cur
            memo = (c_src.file, id(c_services), c_name, c_dir)
            if memo in self._resolved:
                base = self._resolved[memo]
                break
            key = (c_src.file, c_name)
            if key in seen:
                names = " → ".join(n for _, n in seen + [key])
                raise C2PError(f"services.{c_name}.extends: extends cycle: {names}",
                               c_src.loc(("services", c_name, "extends")))
            seen.append(key)
            chain.append(cur)
            svc = c_services[c_name] if isinstance(c_services[c_name], dict) else {}
            ext = svc.get("extends")
            if not ext:
                break
            ext = {"service": ext} if isinstance(ext, str) else ext
            base_name = ext.get("service")
            where = c_src.loc(("services", c_name, "extends"))
            if "file" in ext and ext["file"]:
                path = Path(resolve_path(str(ext["file"]), os.path.dirname(c_src.file), self.home))
                if not path.exists() or path.is_dir():  # a FIFO or a device: refused by the bounded reader
                    raise C2PError(f"services.{c_name}.extends: file {ext['file']!r} not found", where)
                other, other_src = self.read(path)
                other_services = other.get("services") or {}
                if base_name not in other_services:
                    raise C2PError(f"services.{c_name}.extends: service {base_name!r} not found in {path}", where)
                cur = (base_name, other_services, other_src, str(path.parent))
            else:
                if base_name not in c_services:
                    raise C2PError(f"services.{c_name}.extends: unknown service {base_name!r}", where)
                cur = (base_name, c_services, c_src, c_dir)
        for c_name, c_services, c_src, c_dir in reversed(chain):
            svc = c_services[c_name] if isinstance(c_services[c_name], dict) else {}
            own = self._canonical({k: v for k, v in svc.items() if k != "extends"}, c_dir, c_src, c_name)
            base = own if base is None else merge_service(
                drop_paths(base, merge_paths(c_src.tags, ("services", c_name))), own)
            self._resolved[(c_src.file, id(c_services), c_name, c_dir)] = base
        return base

    def _canonical(self, svc: dict, base_dir: str, src: Source, name: str) -> dict:
        try:
            return canonical(svc, base_dir, self.home)
        except SyntaxProblem as exc:
            key = next((k for k in svc if _fails(k, svc[k], base_dir, self.home)), None)
            path: tuple = ("services", name) if key is None else ("services", name, key)
            if key is not None and isinstance(svc[key], list):
                index = next((i for i, item in enumerate(svc[key]) if _fails(key, [item], base_dir, self.home)), None)
                path = path if index is None else path + (index,)
            dotted = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
            raise C2PError(f"{dotted}: {exc}", src.loc(path)) from None


def _fails(key: str, value, base_dir: str, home: str | None) -> bool:
    """Which key made a service fail to normalize (only on the error path)."""
    try:
        canonical({key: value}, base_dir, home)
    except SyntaxProblem:
        return True
    return False
