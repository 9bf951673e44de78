"""Bind-mounted files and directories, read at generate time by the plan stage (plan/hostpaths.py): config to copy,
a secret to reference, or refused. Targets use the HostRead the plan holds (ComposeFacts.host_paths); they never read
the host themselves.

c2p copies small text files into a ConfigMap. It never copies a file that looks like a secret (by its name —
.env, keys, keystores, password files — or by its content: a private key, a secret literal of the compose
file); those become Secrets the user creates from the file. Large, binary, missing or outside-project
sources are refused with the reason.

The project directory is a jail for reads: `read_source` resolves every link and refuses a source whose real
path (or, in a directory, any entry's real path) leaves the project, whatever the caller checked before it.
Credential files (.docker/config.json, .kube/config, .aws/credentials, .netrc, .pgpass, .git-credentials,
SSH/TLS private keys), by the given and the real path, are never copied. Only regular files are opened
(lstat first, then O_NONBLOCK and fstat), so a FIFO, socket or device is refused instead of blocking, and
every read is bounded by MAX_FILE.
"""

from __future__ import annotations

import os
import re
import stat

from generator.classify.secrets import secret_file_reason
from generator.load.reader import within
from generator.plan.facts import HostRead
from generator.plan.model import FileContent

MAX_FILE = 256 * 1024  # one file; a ConfigMap holds at most 1 MiB, and Helm stores the chart in a Secret too
MAX_TOTAL = 512 * 1024  # one directory, all files
MAX_FILES = 64
MAX_CHART = 768 * 1024  # every copied file of the chart: Helm stores a release in one Secret (≤ 1 MiB, compressed)

_CREDENTIAL_PATH = re.compile(
    r"(^|/)\.docker/config\.json$|(^|/)\.kube/|(^|/)\.aws/(credentials|config)$|(^|/)\.ssh/|(^|/)\.gnupg/|"
    r"(^|/)\.git-credentials$|(^|/)\.netrc$|(^|/)\.pgpass$|(^|/)\.config/gcloud/|(^|/)\.azure/",
)
_KEY = re.compile(r"[^-._a-zA-Z0-9]+")


def outside(path: str, working_dir: str) -> bool:
    return not within(path, working_dir)


def credential_reason(path: str) -> str | None:
    """Why `path` (as given or resolved) looks like a credentials file (registry, cluster, cloud, SSH, git)."""
    for p in {path.replace(os.sep, "/"), os.path.realpath(path).replace(os.sep, "/")}:
        if _CREDENTIAL_PATH.search(p) or secret_file_reason(os.path.basename(p), None, frozenset()):
            return f"{os.path.basename(path)} looks like credentials or a secret by its path"
    return None


class NotRegular(OSError):
    """The source is a FIFO, socket, device or link where a regular file was expected."""


def _open_regular(path: str) -> int:
    """A descriptor of regular file `path`: lstat of its real path first, O_NONBLOCK|O_NOFOLLOW, then fstat."""
    real = os.path.realpath(path)
    if not stat.S_ISREG(os.lstat(real).st_mode):
        raise NotRegular(f"{path}: not a regular file")
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the lstat
        os.close(fd)
        raise NotRegular(f"{path}: not a regular file")
    return fd


def _size(path: str) -> int:
    fd = _open_regular(path)
    try:
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def _text(path: str) -> str | None:
    fd = _open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_FILE + 1)
    if len(data) > MAX_FILE or b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def config_key(rel: str, taken: set[str]) -> str:
    """A ConfigMap/Secret key for `rel` ([-._a-zA-Z0-9]+), made unique against `taken` (and added to it)."""
    stem = _KEY.sub("_", rel.replace("/", "_")).strip("_") or "file"
    key, i = stem, 2
    while key in taken:
        key, i = f"{stem}-{i}", i + 1
    taken.add(key)
    return key


def _walk(root: str) -> list[str]:
    """Every entry below `root` that is not a folder (links to folders included), never following a link."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for f in sorted(files + links):
            out.append(os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/"))
    return out


def _dir_entry_refusal(path: str, rel: str, label: str, project: str) -> HostRead | None:
    full = os.path.join(path, rel)
    if outside(full, project):
        return HostRead("refused", f"{label}/{rel} is a link to outside the project directory: c2p copies only project "
                                   "files; the directory is not copied, create the ConfigMap by hand", is_dir=True)
    real = os.path.realpath(full)
    if not stat.S_ISREG(os.lstat(real).st_mode):
        what = "a link to a folder" if os.path.isdir(real) else "not a regular file (a FIFO, socket or device)"
        return HostRead("refused", f"{label}/{rel} is {what}: c2p copies regular files only; create the ConfigMap "
                                   "by hand", is_dir=True)
    return None


def read_file(path: str, label: str, secrets: frozenset[str]) -> HostRead:
    name = os.path.basename(path)
    if secret_file_reason(name, None, frozenset()):
        return HostRead("secret", f"{name} looks like a secret by its name: its content is never copied")
    if why := credential_reason(path):
        return HostRead("secret", f"{why}: its content is never copied")
    size = _size(path)
    if size > MAX_FILE:
        return HostRead("refused", f"{label} is {size // 1024} KiB, too large for a ConfigMap (c2p copies files up to "
                                   f"{MAX_FILE // 1024} KiB): bake it into the image or put it on a volume")
    content = _text(path)
    if content is None:
        return HostRead("refused", f"{label} is binary: a ConfigMap carries text; bake it into the image")
    why = secret_file_reason(name, content, secrets)
    if why:
        return HostRead("secret", f"{why}: its content is never copied")
    return HostRead("files", f"copied from {label} at generate time", files=(FileContent(key=config_key(name, set()), path=name,
                                                                                            content=content),))


def read_dir(path: str, label: str, secrets: frozenset[str], project: str | None = None) -> HostRead:
    rels = _walk(path)
    for rel in rels:
        if refusal := _dir_entry_refusal(path, rel, label, project or path):
            return refusal
    if not rels:
        return HostRead("refused", f"{label} is an empty directory: nothing to copy", is_dir=True)
    if any(r.split("/", 1)[0] in (".git", "node_modules", "__pycache__", ".venv") for r in rels):
        return HostRead("refused", f"{label} is a source tree (.git, node_modules…): it belongs in the image", is_dir=True)
    flat = all("/" not in r for r in rels)
    if len(rels) > MAX_FILES:
        return HostRead("refused", f"{label} holds {len(rels)} files (c2p copies up to {MAX_FILES} into one ConfigMap): "
                                   "bake them into the image or put them on a volume", is_dir=True)
    total = sum(_size(os.path.join(path, r)) for r in rels)
    if total > MAX_TOTAL:
        return HostRead("refused", f"{label} holds {total // 1024} KiB (c2p copies up to {MAX_TOTAL // 1024} KiB into one "
                                   "ConfigMap): bake it into the image or put it on a volume", is_dir=True)
    files, taken = [], set()
    for rel in rels:
        content = _text(os.path.join(path, rel))
        if content is None:
            return HostRead("refused", f"{label}/{rel} is binary: a ConfigMap carries text; bake it into the image",
                            is_dir=True)
        why = secret_file_reason(os.path.basename(rel), content, secrets) or credential_reason(os.path.join(path, rel))
        if why:
            return HostRead("secret", f"{why}: the directory's content is never copied", is_dir=True, flat=flat)
        files.append(FileContent(key=config_key(rel, taken), path=rel, content=content))
    return HostRead("files", f"copied from {label} ({len(files)} file{'s' if len(files) != 1 else ''}) at generate time",
                    is_dir=True, files=tuple(files), flat=flat)


def read_source(path: str, label: str, secrets: frozenset[str], *, project: str) -> HostRead:
    """Read a bind/config/init source for copying into the output; `project` is the directory reads are jailed to."""
    if outside(path, project):
        return HostRead("refused", f"{label} is outside the project directory (links resolved): c2p copies only "
                                   "project files; create the ConfigMap or Secret for it by hand",
                        is_dir=os.path.isdir(path))
    try:
        if os.path.isdir(path):
            return read_dir(path, label, secrets, project)
        if os.path.isfile(path):
            return read_file(path, label, secrets)
        if os.path.lexists(path):
            return HostRead("refused", f"{label} is not a regular file or folder (a FIFO, socket or device): c2p "
                                       "copies regular files only")
    except OSError as err:
        return HostRead("refused", f"{label} cannot be read ({err.strerror or err}): create the ConfigMap by hand")
    return HostRead("refused", f"{label} does not exist at generate time (Docker would create an empty directory): "
                               "nothing to copy; bake the files into the image or create the ConfigMap by hand")
