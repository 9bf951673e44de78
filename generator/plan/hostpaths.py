"""The host paths a service uses, looked at once in the plan stage: its bind-mount sources (read when a target may
copy them: plan/hostfiles.py), its secrets' and configs' files, and its /docker-entrypoint-initdb.d scripts. Targets
take these from ComposeFacts.host_paths / init_scripts and never touch the host filesystem themselves.

A bind source is not read when it is outside the project, the service's own build context (a live-reload mount), or
a data folder (`is_data_mount`: it becomes a volume, and walking a database's files would be slow). A secret's file
is never read.
"""

from __future__ import annotations

import os
from dataclasses import replace
from types import MappingProxyType
from typing import Mapping

from generator.classify.volumes import is_data_mount, mount_label
from generator.model import ComposeProject, Service
from generator.plan import hostfiles
from generator.plan.facts import HostPath, InitScript

INITDB = "/docker-entrypoint-initdb.d"


def bind_label(path: str, working_dir: str) -> str:
    """./rel for a project file, the absolute path for a host path (never ../../.. chains)."""
    if hostfiles.outside(path, working_dir):
        return path
    rel = os.path.relpath(path, working_dir).replace(os.sep, "/")
    return "." if rel == "." else "./" + rel


def host_path(path: str, working_dir: str, *, secrets: frozenset[str] = frozenset(), read: bool = False,
              build_context: bool = False, label: str | None = None) -> HostPath:
    """What is at `path`; with `read`, its content as hostfiles.read_source gives it (jailed to the project)."""
    outside = hostfiles.outside(path, working_dir)
    label = label or (path if outside else bind_label(path, working_dir))
    return HostPath(path=path, label=label, outside=outside, exists=os.path.lexists(path), is_dir=os.path.isdir(path),
                    is_file=os.path.isfile(path), build_context=build_context,
                    read=hostfiles.read_source(path, label, secrets, project=working_dir) if read else None)


def init_scripts(svc: Service, working_dir: str) -> tuple[InitScript, ...]:
    """(name as the image sees it, host path, label) of every init mount, in the image's run order."""
    found = []
    for m in svc.volumes:
        target = m.target.rstrip("/")
        if m.type != "bind" or not (target == INITDB or target.startswith(INITDB + "/")) or not m.source:
            continue
        label = mount_label(m, working_dir)
        if not os.path.exists(m.source):
            found.append(("", m.source, label))  # missing at generate time: the target reports it
        elif target == INITDB and os.path.isdir(m.source):
            found += [(f, os.path.join(m.source, f), f"{label}/{f}") for f in sorted(os.listdir(m.source))
                      if os.path.isfile(os.path.join(m.source, f))]
        else:
            found.append((target[len(INITDB):].strip("/") or os.path.basename(m.source), m.source, label))
    return tuple(InitScript(name=n, path=p, label=lab) for n, p, lab in sorted(found))


def host_paths(svc: Service, project: ComposeProject, secrets: frozenset[str], *, read_binds: bool,
               scripts: tuple[InitScript, ...]) -> Mapping[str, HostPath]:
    wd = project.working_dir
    out: dict[str, HostPath] = {}
    build = svc.build
    context = os.path.realpath(build.context) if build is not None and os.path.isabs(build.context) else None
    binds = [(n, os.path.realpath(m.source)) for n, s in project.services.items() for m in s.volumes
             if m.type == "bind" and m.source]
    for m in svc.volumes:
        if m.type != "bind" or (m.source or "") in out:
            continue
        path = m.source or ""
        real = os.path.realpath(path)
        own = context is not None and real == context
        data = is_data_mount(m) and (os.path.isdir(path) or not os.path.lexists(path))
        found = host_path(path, wd, secrets=secrets, build_context=own,
                          read=read_binds and not own and not data and not hostfiles.outside(path, wd))
        out[path] = replace(found, users=tuple(sorted({n for n, r in binds if r == real}))) if path else found
    for what, refs, top in (("secret", svc.secrets, project.secrets), ("config", svc.configs, project.configs)):
        for ref in refs:
            t = top.get(ref.source)
            path = str(t.raw.get("file") or "") if t is not None else ""
            if path and path not in out:
                out[path] = host_path(path, wd, secrets=secrets, read=what == "config" and os.path.isfile(path))
    for s in scripts:  # a .sql script inside the project is read (with its own label); the target decides the rest
        if s.name.endswith(".sql") and (s.path not in out or out[s.path].read is None):
            out[s.path] = host_path(s.path, wd, secrets=secrets, read=not hostfiles.outside(s.path, wd), label=s.label)
    return MappingProxyType(out)
