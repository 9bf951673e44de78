"""Write stage: put a rendered tree on disk, atomically, without clobbering anyone's files.

OUT/<target>/.c2p-manifest.json records every file c2p wrote with its sha256. A file that exists but is
not in the manifest (someone else's) or whose hash changed since (edited by the user) is never
overwritten or deleted without --force. Every check happens before the first byte is written.

OUT/<target> is a jail. The manifest is input (anyone can edit it): an entry that is not a plain relative
path inside OUT/<target> refuses the whole manifest. Nothing under OUT/<target> is followed through a
symbolic link: every read, write, replace and unlink walks the path one component at a time from a
directory descriptor with O_NOFOLLOW, so a link (`OUT/k8s/env -> /elsewhere`, a linked file, OUT/k8s
itself a link) is refused with one line, --force or not, and a link swapped in between the check and the
write fails the walk instead of being followed. OUT itself may be a link: that is the user's choice.
Only regular files are read (a FIFO or device in OUT never blocks), and reads are size-limited.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import stat
from contextlib import contextmanager
from pathlib import Path

from generator.errors import C2PError
from generator.load.reader import read_at_most

MANIFEST = ".c2p-manifest.json"
MAX_READ = 64 * 1024 * 1024  # an existing file larger than this is not one c2p wrote: never hashed whole
MAX_MANIFEST = 16 * 1024 * 1024

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class _Link(Exception):
    """A path component under OUT/<target> is a symbolic link (or not what it must be)."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relpath(rel: object) -> bool:
    """A plain relative POSIX path below OUT/<target>: no absolute, `..`, `.`, empty part, NUL or backslash."""
    if not isinstance(rel, str) or not rel or len(rel) > 4096:
        return False
    if "\0" in rel or "\\" in rel or rel.startswith("/") or any(ord(c) < 32 for c in rel):
        return False
    parts = rel.split("/")
    return all(p not in ("", ".", "..") for p in parts) and rel != MANIFEST


def _safe_relpath(rel: str) -> None:
    if not safe_relpath(rel):
        raise ValueError(f"renderer produced an unsafe path: {rel!r}")


# --- descriptor-relative, no-follow primitives ---------------------------------------------------------------


def _open_dest(dest: Path, create: bool) -> int | None:
    """A descriptor of OUT/<target> itself (never through a link); None when it does not exist and not create."""
    if create:
        dest.parent.mkdir(parents=True, exist_ok=True)  # OUT and above: the user's choice, links allowed
        try:
            os.mkdir(dest)
        except FileExistsError:
            pass
    try:
        return os.open(dest, _DIR)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            if dest.is_symlink():
                raise C2PError(f"{dest}: is a symbolic link; c2p never writes through links below the output folder "
                               "(remove the link, or give -o the real folder)") from None
            raise C2PError(f"{dest}: exists and is not a folder") from None
        raise


def _link_error(dest: Path, rel: str) -> C2PError:
    return C2PError(f"{dest / rel}: is a symbolic link or not a regular file/folder; c2p never reads, writes or "
                    "deletes through links below the output folder, --force or not (remove it)")


@contextmanager
def _parent(root: int, rel: str, create: bool = False):
    """Descriptor of the folder holding `rel` (walked without following links), or None when a folder is missing."""
    fds: list[int] = []
    try:
        fd = root
        for part in rel.split("/")[:-1]:
            try:
                fd = os.open(part, _DIR, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    yield None
                    return
                os.mkdir(part, 0o755, dir_fd=fd)
                fd = os.open(part, _DIR, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise _Link(rel) from None
                raise
            fds.append(fd)
        yield fd
    finally:
        for fd in fds:
            os.close(fd)


def _kind(root: int, rel: str) -> str | None:
    """'file', 'dir', 'link', 'other' or None (absent) for `rel`, without following any link."""
    with _parent(root, rel) as pfd:
        if pfd is None:
            return None
        try:
            st = os.lstat(rel.rsplit("/", 1)[-1], dir_fd=pfd)
        except FileNotFoundError:
            return None
    if stat.S_ISLNK(st.st_mode):
        return "link"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    return "file" if stat.S_ISREG(st.st_mode) else "other"


def _read(root: int, rel: str, limit: int = MAX_READ) -> bytes | None:
    """The bytes of regular file `rel` (None when absent or larger than `limit`); _Link for a link or non-file."""
    with _parent(root, rel) as pfd:
        if pfd is None:
            return None
        try:
            fd = os.open(rel.rsplit("/", 1)[-1], _FILE, dir_fd=pfd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
                raise _Link(rel) from None
            raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Link(rel)
        data = read_at_most(fd, limit)
        return None if len(data) > limit else data
    finally:
        os.close(fd)


def _stage(root: int, rel: str, data: bytes) -> tuple[str, str]:
    """Write `data` to a new temporary file beside `rel`; (rel, temp name)."""
    with _parent(root, rel, create=True) as pfd:
        tmp = f".c2p-{secrets.token_hex(8)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=pfd)
        try:
            os.fchmod(fd, 0o644)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    return rel, tmp


def _discard(root: int, rel: str, tmp: str) -> None:
    try:
        with _parent(root, rel) as pfd:
            if pfd is not None:
                os.unlink(tmp, dir_fd=pfd)
    except (OSError, _Link):
        pass


def _commit(root: int, rel: str, tmp: str) -> None:
    """Rename the staged file over `rel` (rename replaces a link itself, never its target)."""
    name = rel.rsplit("/", 1)[-1]
    with _parent(root, rel) as pfd:
        if pfd is None:
            raise _Link(rel)
        os.replace(tmp, name, src_dir_fd=pfd, dst_dir_fd=pfd)


def _unlink(root: int, rel: str) -> None:
    with _parent(root, rel) as pfd:
        if pfd is None:
            return
        name = rel.rsplit("/", 1)[-1]
        if not stat.S_ISREG(os.lstat(name, dir_fd=pfd).st_mode):
            raise _Link(rel)
        os.unlink(name, dir_fd=pfd)  # unlink never follows the last component


# --- the manifest ---------------------------------------------------------------------------------------------


def _read_manifest(dest: Path, root: int | None) -> dict[str, str]:
    path = dest / MANIFEST
    if root is None:
        return {}
    try:
        raw = _read(root, MANIFEST, MAX_MANIFEST)
    except _Link:
        raise C2PError(f"{path}: is a symbolic link or not a regular file; c2p never follows links below the output "
                       "folder (remove it)") from None
    if raw is None:
        if _kind(root, MANIFEST) is None:
            return {}
        raise C2PError(f"{path}: larger than {MAX_MANIFEST // (1024 * 1024)} MiB, not a c2p manifest; move it away")
    try:
        data = json.loads(raw.decode("utf-8"))
        files = dict(data["files"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise C2PError(f"{path}: not a c2p manifest ({exc}); move it away") from None
    for rel, digest in files.items():
        if not safe_relpath(rel) or not isinstance(digest, str):
            # refused rather than skipped: a manifest naming a path outside OUT/<target> was not written by c2p
            raise C2PError(f"{path}: entry {json.dumps(rel)[:200]} is not a relative path inside {dest}; c2p deletes "
                           "nothing outside its output folder: fix or delete the manifest, --force or not")
    return files


# --- plan, write, check ---------------------------------------------------------------------------------------


def plan_changes(dest: Path, tree: dict[str, str], force: bool,
                 root: int | None = None) -> tuple[dict[str, bytes], list[str]]:
    """What to write and what stale files to delete; raises C2PError on a conflict (unless force) or a link."""
    own = root is None
    if own:
        root = _open_dest(dest, create=False)
    try:
        return _plan(dest, tree, force, root)
    finally:
        if own and root is not None:
            os.close(root)


def _plan(dest: Path, tree: dict[str, str], force: bool, root: int | None) -> tuple[dict[str, bytes], list[str]]:
    manifest = _read_manifest(dest, root)
    writes: dict[str, bytes] = {}
    conflicts: list[str] = []
    for rel, text in tree.items():
        _safe_relpath(rel)
        data = text.encode("utf-8")
        path = dest / rel
        try:
            kind = None if root is None else _kind(root, rel)
            if kind == "dir":
                raise C2PError(f"{path}: is a folder, c2p needs to write a file there")
            if kind in ("link", "other"):
                raise _Link(rel)
            current = _read(root, rel) if kind == "file" else None
        except _Link:
            raise _link_error(dest, rel) from None
        if kind == "file":
            if current == data:
                continue
            if not force and (current is None or manifest.get(rel) != _sha(current)):
                why = "edited since c2p wrote it" if rel in manifest else "not written by c2p"
                conflicts.append(f"{path} ({why})")
                continue
        writes[rel] = data
    if conflicts:
        more = f" and {len(conflicts) - 1} more" if len(conflicts) > 1 else ""
        raise C2PError(f"refusing to overwrite {conflicts[0]}{more}; nothing was written (use --force to overwrite)")
    stale = []
    for rel, digest in manifest.items():
        if rel in tree or root is None:
            continue
        try:
            kind = _kind(root, rel)
            if kind in ("link", "other"):
                raise _Link(rel)
            current = _read(root, rel) if kind == "file" else None
        except _Link:
            raise _link_error(dest, rel) from None
        if kind == "file" and (force or (current is not None and _sha(current) == digest)):
            stale.append(rel)
    return writes, stale


def write_tree(dest: Path, tree: dict[str, str], force: bool = False) -> int:
    """Write `tree` under `dest`; return how many files changed."""
    with _jail(dest, "write to") as jail:
        if dest.is_symlink():
            _open_dest(dest, create=False)  # raises the one-line refusal
        if dest.exists() and not dest.is_dir():
            raise C2PError(f"{dest}: exists and is not a folder")
        writes, stale = plan_changes(dest, tree, force)
        root = jail.open(create=True)
        staged: list[tuple[str, str]] = []
        try:
            for rel, data in writes.items():
                staged.append(_stage(root, rel, data))
        except BaseException:
            for rel, tmp in staged:
                _discard(root, rel, tmp)
            raise
        for rel, tmp in staged:
            _commit(root, rel, tmp)
        for rel in stale:
            _unlink(root, rel)
        manifest = {"generator": "c2p", "files": {rel: _sha(tree[rel].encode("utf-8")) for rel in sorted(tree)}}
        if _kind(root, MANIFEST) not in (None, "file"):
            raise _Link(MANIFEST)
        _commit(root, *_stage(root, MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8")))
    return len(writes) + len(stale)


def check_tree(dest: Path, tree: dict[str, str]) -> list[str]:
    """Lines describing how the files on disk differ from `tree` (empty when they match)."""
    drift = []
    with _jail(dest, "read") as jail:
        root = jail.open(create=False)
        for rel, text in tree.items():
            path = dest / rel
            kind = None if root is None else _kind(root, rel)
            if kind in ("link", "other"):
                raise _Link(rel)
            if kind != "file":
                drift.append(f"{path}: missing")
            elif _read(root, rel) != text.encode("utf-8"):
                drift.append(f"{path}: differs")
        for rel in _read_manifest(dest, root):
            if rel not in tree and _kind(root, rel) is not None:
                drift.append(f"{dest / rel}: no longer generated")
    return drift


class _Jail:
    """OUT/<target> opened as a directory descriptor (closed on leaving `_jail`)."""

    def __init__(self, dest: Path):
        self.dest = dest
        self.root: int | None = None

    def open(self, create: bool) -> int | None:
        self.root = _open_dest(self.dest, create=create)
        return self.root


@contextmanager
def _jail(dest: Path, verb: str):
    """Every read and write below `dest`: a link met on the way is the one-line refusal, an OS error one line too."""
    jail = _Jail(dest)
    try:
        yield jail
    except _Link as exc:
        raise _link_error(dest, str(exc)) from None
    except OSError as exc:
        raise C2PError(f"cannot {verb} {dest}: {exc.strerror or exc}") from None
    finally:
        if jail.root is not None:
            os.close(jail.root)
