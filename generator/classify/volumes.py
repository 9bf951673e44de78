"""Which mounts hold data (state to migrate) and which are scratch, config or source code."""

from __future__ import annotations

import os
import re

from generator.model import Mount

_SCRATCH = re.compile(
    r"^/(tmp|run|var/run|var/tmp|var/cache|var/log|dev|proc|sys)(/|$)|/node_modules(/|$)|/(\.?cache|logs?)(/|$)"
)
_DATA_BIND = re.compile(r"^/data(/|$)|^/var/lib/|^/var/opt/|^/srv(/|$)|/data$|/storage$|/uploads?$|/media$|/pgdata$")
# A host folder named like data (`$GITLAB_HOME/data:/var/opt/gitlab`, `./db:/app/db`) holds data wherever it is mounted.
_DATA_SOURCE = re.compile(r"/(\.?data|db|database|pgdata|mysql|postgres(ql)?|storage|uploads?)(-data|_data)?/*$", re.I)


_CONFIG_TARGET = re.compile(
    r"^/etc(/|$)|initdb|/conf(ig)?(/|$|\.)|/templates?(/|$)|/scripts?(/|$)|\.(sql|sh|conf|ya?ml|json|xml|ini|js)$"
)


def is_scratch_target(target: str) -> bool:
    """/tmp, /var/log, caches, node_modules: written, but nothing to keep."""
    return bool(_SCRATCH.search(target))


def is_config_target(target: str) -> bool:
    """/etc/…, *.conf, init scripts, templates: what the container reads, put there by the user."""
    return bool(_CONFIG_TARGET.search(target))


def is_data_mount(mount: Mount) -> bool:
    """A named volume or a data-looking bind, writable, not scratch space."""
    if mount.read_only or mount.type not in ("volume", "bind") or _SCRATCH.search(mount.target):
        return False
    if mount.type == "volume":
        return bool(mount.source)
    if _DATA_BIND.search(mount.target):
        return True
    if mount.source and not os.path.lexists(mount.source) and not _CONFIG_TARGET.search(mount.target):
        # a writable bind of a host folder that does not exist yet (mastodon's ./public/system): `docker compose up`
        # creates it empty, so all it can hold is what the container writes there — data, not code or config
        return True
    return bool(_DATA_SOURCE.search(mount.source or "")) and not _CONFIG_TARGET.search(mount.target)


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
