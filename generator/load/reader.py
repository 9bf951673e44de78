"""The one way c2p reads a file a compose project names: bounded, regular files only.

Compose files, overrides, included and extended files, `.env`, `--env-file`, a service's `env_file`,
the c2p config and the Dockerfiles classify reads all come through `read_user_text`. A user-named
path can be anything: `/dev/zero` (endless), a FIFO (blocks until someone writes), a terminal or a
socket. So the file is opened with O_NONBLOCK (opening a FIFO never waits), checked with fstat to be
a regular file, and read only up to MAX_BYTES; anything else is one line of bad input.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import C2PError, Location

MAX_BYTES = 16 * 1024 * 1024
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_unless_regular(mode: int, what: str, where: Location) -> None:
    if stat.S_ISDIR(mode):
        raise C2PError(f"is a directory, not a {what}", where)
    if not stat.S_ISREG(mode):
        kind = _kind(mode)
        detail = "" if kind == "not a regular file" else f" ({kind})"
        raise C2PError(f"{what} is not a regular file{detail}: refused", where)


def within(path: Path | str, root: Path | str) -> bool:
    """The real path of `path` (every link resolved) is `root`'s real path or below it."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def read_at_most(fd: int, limit: int) -> bytes:
    """What an open file holds, but never more than `limit` + 1 bytes (so a caller sees it was too large)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_user_bytes(path: Path | str, what: str) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, or a C2PError saying why not."""
    where = Location(str(path))
    try:
        # stat first: a device is never opened (opening one can have effects), then fstat the open file
        _refuse_unless_regular(os.stat(path).st_mode, what, where)
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise C2PError(f"{what} not found", where) from None
    except NotADirectoryError:
        raise C2PError(f"{what} not found (a parent is not a folder)", where) from None
    except OSError as exc:
        raise C2PError(f"cannot read {what}: {exc.strerror or exc}", where) from None
    try:
        info = os.fstat(fd)
        _refuse_unless_regular(info.st_mode, what, where)
        if info.st_size > MAX_BYTES:
            raise C2PError(f"{what} is too large ({info.st_size} bytes; the limit is {MAX_BYTES} bytes, 16 MiB)",
                           where)
        data = read_at_most(fd, MAX_BYTES)  # the size can change after fstat
        if len(data) > MAX_BYTES:
            raise C2PError(f"{what} is too large (more than {MAX_BYTES} bytes, 16 MiB, the limit)", where)
        return data
    except OSError as exc:
        raise C2PError(f"cannot read {what}: {exc.strerror or exc}", where) from None
    finally:
        os.close(fd)


def read_user_text(path: Path | str, what: str, lenient: bool = False) -> str:
    """read_user_bytes decoded as UTF-8 (a BOM dropped). `lenient`: undecodable bytes become U+FFFD
    (a Dockerfile read only for evidence); otherwise they are bad input."""
    data = read_user_bytes(path, what)
    if lenient:
        return data.decode("utf-8-sig", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise C2PError(f"{what} is not UTF-8 text (byte {exc.start})", Location(str(path))) from None
