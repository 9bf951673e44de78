"""A redis.conf that compose bind-mounts from the project and names on redis-server's command line
(`redis-server /redis.conf`): read as data, for the few directives c2p carries (persistence, save points, fsync,
eviction policy) and whether it sets a password. Nothing from it is printed; the password is never kept.

redis-server takes its first argument as the config file when it does not start with `-` (redis src/server.c main),
and the official image's entrypoint runs redis-server for a first argument ending in `.conf` (docker-library/redis
docker-entrypoint.sh). The file's lines come first and the command line's `--option value` after them, in one config
text read top to bottom (config.c loadServerConfig appends the options to the file), so a command-line flag overrides
the file and `save` lines from both combine as Redis combines them.
"""

from __future__ import annotations

import os
import posixpath
import shlex

from generator.errors import C2PError
from generator.load.reader import read_user_text, within
from generator.model import Mount

SERVERS = ("redis-server", "valkey-server", "keydb-server")
WANTED = ("appendonly", "appendfsync", "save", "maxmemory-policy", "requirepass")
WORKDIR = "/data"  # the official redis/valkey images' WORKDIR: where a relative config path points


def config_path(argv: tuple[str, ...]) -> str | None:
    """The config file redis-server is started with, as the container sees it; None without one."""
    for i, word in enumerate(argv):
        if posixpath.basename(word) in SERVERS:
            nxt = argv[i + 1] if i + 1 < len(argv) else ""
            return nxt if nxt and not nxt.startswith("-") else None
    if argv and argv[0].endswith(".conf"):
        return argv[0]
    return None


def _host_file(path: str, mounts: tuple[Mount, ...]) -> str | None:
    """The host file a bind mount puts at `path` (the mount of the file itself or of a folder holding it)."""
    best = None
    for m in mounts:
        if m.type != "bind" or not m.source:
            continue
        target = m.target.rstrip("/") or "/"
        if path == target:
            best = (len(target), m.source)
        elif path.startswith(target.rstrip("/") + "/") and (best is None or len(target) > best[0]):
            best = (len(target), os.path.join(m.source, path[len(target):].lstrip("/")))
    return best[1] if best else None


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=False, posix=True)  # Redis's sdssplitargs: quotes, escapes
    except ValueError:
        return line.split()


def read(argv: tuple[str, ...], mounts: tuple[Mount, ...], project_dir: str
         ) -> tuple[str | None, tuple[str, ...] | None, bool, str | None]:
    """(config path or None, the file's directives as command-line flags or None if unread, sets a password,
    why it could not be read)."""
    path = config_path(argv)
    if path is None:
        return None, (), False, None
    full = path if path.startswith("/") else posixpath.join(WORKDIR, path)
    host = _host_file(posixpath.normpath(full), mounts)
    if host is None:
        return path, None, False, f"{path} is not bind-mounted from the project (it is in the image)"
    if not project_dir or not within(host, project_dir):
        return path, None, False, f"{path} is mounted from outside the project folder, which c2p does not read"
    try:
        text = read_user_text(host, "redis config file", lenient=True)
    except C2PError as exc:
        return path, None, False, f"{path}: {exc.message if hasattr(exc, 'message') else exc}"
    flags: list[str] = []
    password = False
    for raw in text.splitlines():
        words = _words(raw.strip())
        if not words or words[0].startswith("#"):
            continue
        name = words[0].lower()
        if name == "requirepass":
            password = len(words) > 1 and words[1] != ""  # `requirepass ""` turns it off; the value is not kept
        elif name in WANTED:
            flags += ["--" + name] + (words[1:] or [""])
    return path, tuple(flags), password, None
