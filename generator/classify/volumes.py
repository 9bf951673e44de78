"""Which mounts hold data (state to migrate) and which are scratch, config or source code."""

from __future__ import annotations

import os
import re

from generator.model import Mount

_SCRATCH = re.compile(
    r"^/(tmp|run|var/run|var/tmp|var/cache|var/log|dev|proc|sys)(/|$)|/node_modules(/|$)|/(\.?cache|logs?)(/|$)"
)
_DATA_BIND = re.compile(r"^/data(/|$)|^/var/lib/|^/srv(/|$)|/data$|/storage$|/uploads?$|/media$|/pgdata$")


def is_data_mount(mount: Mount) -> bool:
    """A named volume or a data-looking bind, writable, not scratch space."""
    if mount.read_only or mount.type not in ("volume", "bind") or _SCRATCH.search(mount.target):
        return False
    if mount.type == "volume":
        return bool(mount.source)
    return bool(_DATA_BIND.search(mount.target))


def covers(mount_target: str, path: str) -> bool:
    t, p = mount_target.rstrip("/") or "/", path.rstrip("/") or "/"
    return t == p or p.startswith(t + "/") or t.startswith(p + "/")


def kind_data_mount(mounts: tuple[Mount, ...], paths: tuple[str, ...]) -> Mount | None:
    for mount in mounts:
        if mount.read_only or mount.type not in ("volume", "bind"):
            continue
        if any(covers(mount.target, p) for p in paths):
            return mount
    return None


def mount_label(mount: Mount, working_dir: str) -> str:
    """The volume name, or the bind path relative to the project (./db/data), never absolute home paths."""
    if mount.type == "volume":
        return mount.source or "(anonymous)"
    source = mount.source or ""
    if working_dir and os.path.isabs(source):
        rel = os.path.relpath(source, working_dir)
        return rel if rel.startswith("..") else "./" + rel if rel != "." else "."
    return source
