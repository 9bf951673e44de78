"""Bind-mounted files and directories, read at generate time: config to copy, a secret to reference, or refused.

c2p copies small text files into a ConfigMap. It never copies a file that looks like a secret (by its name —
.env, keys, keystores, password files — or by its content: a private key, a secret literal of the compose
file); those become Secrets the user creates from the file. Large, binary, missing or outside-project
sources are refused with the reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from generator.classify.secrets import secret_file_reason
from generator.plan.model import FileContent

MAX_FILE = 256 * 1024  # one file; a ConfigMap holds at most 1 MiB, and Helm stores the chart in a Secret too
MAX_TOTAL = 512 * 1024  # one directory, all files
MAX_FILES = 64
MAX_CHART = 768 * 1024  # every copied file of the chart: Helm stores a release in one Secret (≤ 1 MiB, compressed)

_KEY = re.compile(r"[^-._a-zA-Z0-9]+")


@dataclass(frozen=True)
class HostRead:
    status: str  # "files" (copy into a ConfigMap) | "secret" (the user creates a Secret from it) | "refused"
    reason: str
    is_dir: bool = False
    files: tuple[FileContent, ...] = ()
    flat: bool = True  # every file at the top of the directory (kubectl create --from-file=DIR/ can take it)


def outside(path: str, working_dir: str) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(working_dir)
    return not (real == base or real.startswith(base.rstrip(os.sep) + os.sep))


def secret_reason(name: str, content: str | None, secrets: frozenset[str]) -> str | None:
    return secret_file_reason(name, content, secrets)  # the one secret finder decides


def _text(path: str) -> str | None:
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE + 1)
    if b"\0" in data:
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
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            out.append(os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/"))
    return out


def read_file(path: str, label: str, secrets: frozenset[str]) -> HostRead:
    name = os.path.basename(path)
    if secret_file_reason(name, None, frozenset()):
        return HostRead("secret", f"{name} looks like a secret by its name: its content is never copied")
    size = os.path.getsize(path)
    if size > MAX_FILE:
        return HostRead("refused", f"{label} is {size // 1024} KiB, too large for a ConfigMap (c2p copies files up to "
                                   f"{MAX_FILE // 1024} KiB): bake it into the image or put it on a volume")
    content = _text(path)
    if content is None:
        return HostRead("refused", f"{label} is binary: a ConfigMap carries text; bake it into the image")
    why = secret_reason(name, content, secrets)
    if why:
        return HostRead("secret", f"{why}: its content is never copied")
    return HostRead("files", f"copied from {label} at generate time", files=(FileContent(key=config_key(name, set()), path=name,
                                                                                            content=content),))


def read_dir(path: str, label: str, secrets: frozenset[str]) -> HostRead:
    rels = _walk(path)
    if not rels:
        return HostRead("refused", f"{label} is an empty directory: nothing to copy", is_dir=True)
    if any(r.split("/", 1)[0] in (".git", "node_modules", "__pycache__", ".venv") for r in rels):
        return HostRead("refused", f"{label} is a source tree (.git, node_modules…): it belongs in the image", is_dir=True)
    flat = all("/" not in r for r in rels)
    if len(rels) > MAX_FILES:
        return HostRead("refused", f"{label} holds {len(rels)} files (c2p copies up to {MAX_FILES} into one ConfigMap): "
                                   "bake them into the image or put them on a volume", is_dir=True)
    total = sum(os.path.getsize(os.path.join(path, r)) for r in rels)
    if total > MAX_TOTAL:
        return HostRead("refused", f"{label} holds {total // 1024} KiB (c2p copies up to {MAX_TOTAL // 1024} KiB into one "
                                   "ConfigMap): bake it into the image or put it on a volume", is_dir=True)
    files, taken = [], set()
    for rel in rels:
        content = _text(os.path.join(path, rel))
        if content is None:
            return HostRead("refused", f"{label}/{rel} is binary: a ConfigMap carries text; bake it into the image",
                            is_dir=True)
        why = secret_reason(os.path.basename(rel), content, secrets)
        if why:
            return HostRead("secret", f"{why}: the directory's content is never copied", is_dir=True, flat=flat)
        files.append(FileContent(key=config_key(rel, taken), path=rel, content=content))
    return HostRead("files", f"copied from {label} ({len(files)} file{'s' if len(files) != 1 else ''}) at generate time",
                    is_dir=True, files=tuple(files), flat=flat)


def read_source(path: str, label: str, secrets: frozenset[str]) -> HostRead:
    try:
        if os.path.isdir(path):
            return read_dir(path, label, secrets)
        if os.path.isfile(path):
            return read_file(path, label, secrets)
    except OSError as err:
        return HostRead("refused", f"{label} cannot be read ({err.strerror or err}): create the ConfigMap by hand")
    return HostRead("refused", f"{label} does not exist at generate time (Docker would create an empty directory): "
                               "nothing to copy; bake the files into the image or create the ConfigMap by hand")
