"""Write stage: put a rendered tree on disk, atomically, without clobbering anyone's files.

OUT/<target>/.c2p-manifest.json records every file c2p wrote with its sha256. A file that exists but is
not in the manifest (someone else's) or whose hash changed since (edited by the user) is never
overwritten or deleted without --force. Every check happens before the first byte is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from generator.errors import C2PError

MANIFEST = ".c2p-manifest.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(dest: Path) -> dict[str, str]:
    path = dest / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["files"])
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise C2PError(f"{path}: not a c2p manifest ({exc}); move it away or use --force") from None


def _safe_relpath(rel: str) -> None:
    p = Path(rel)
    if p.is_absolute() or ".." in p.parts or rel == MANIFEST:
        raise ValueError(f"renderer produced an unsafe path: {rel!r}")


def plan_changes(dest: Path, tree: dict[str, str], force: bool) -> tuple[dict[str, bytes], list[str]]:
    """What to write and what stale files to delete; raises C2PError on a conflict (unless force)."""
    manifest = _read_manifest(dest)
    writes: dict[str, bytes] = {}
    conflicts: list[str] = []
    for rel, text in tree.items():
        _safe_relpath(rel)
        data = text.encode("utf-8")
        path = dest / rel
        if path.is_dir():
            raise C2PError(f"{path}: is a folder, c2p needs to write a file there")
        if path.exists():
            current = path.read_bytes()
            if current == data:
                continue
            if not force and manifest.get(rel) != _sha(current):
                why = "edited since c2p wrote it" if rel in manifest else "not written by c2p"
                conflicts.append(f"{path} ({why})")
                continue
        writes[rel] = data
    if conflicts:
        more = f" and {len(conflicts) - 1} more" if len(conflicts) > 1 else ""
        raise C2PError(f"refusing to overwrite {conflicts[0]}{more}; nothing was written (use --force to overwrite)")
    stale = []
    for rel, digest in manifest.items():
        path = dest / rel
        if rel not in tree and path.is_file() and (force or _sha(path.read_bytes()) == digest):
            stale.append(rel)
    return writes, stale


def write_tree(dest: Path, tree: dict[str, str], force: bool = False) -> int:
    """Write `tree` under `dest`; return how many files changed."""
    try:
        if dest.exists() and not dest.is_dir():
            raise C2PError(f"{dest}: exists and is not a folder")
        writes, stale = plan_changes(dest, tree, force)
        dest.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[str, Path]] = []
        try:
            for rel, data in writes.items():
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".c2p-", dir=target.parent)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                staged.append((tmp, target))
        except BaseException:
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)
            raise
        for tmp, target in staged:
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        for rel in stale:
            (dest / rel).unlink()
        manifest = {"generator": "c2p", "files": {rel: _sha(tree[rel].encode("utf-8")) for rel in sorted(tree)}}
        (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise C2PError(f"cannot write to {dest}: {exc.strerror or exc}") from None
    return len(writes) + len(stale)


def check_tree(dest: Path, tree: dict[str, str]) -> list[str]:
    """Lines describing how the files on disk differ from `tree` (empty when they match)."""
    drift = []
    for rel, text in tree.items():
        path = dest / rel
        if not path.is_file():
            drift.append(f"{path}: missing")
        elif path.read_bytes() != text.encode("utf-8"):
            drift.append(f"{path}: differs")
    for rel in _read_manifest(dest):
        if rel not in tree and (dest / rel).exists():
            drift.append(f"{dest / rel}: no longer generated")
    return drift
