"""Line numbers inside YAML files, for findings that tools report only by object and JSON pointer."""

from __future__ import annotations

import re
from pathlib import Path


def _load_all(text: str) -> list:
    from ruamel.yaml import YAML

    try:
        return [d for d in YAML(typ="rt").load_all(text)]
    except Exception:  # noqa: BLE001 - an unparsable file has no positions to offer
        return []


def _key_line(node, key) -> int | None:
    try:
        return node.lc.key(key)[0] + 1
    except (AttributeError, KeyError, TypeError):
        return None


def pointer_line(node, pointer: str, extra_key: str | None = None) -> int | None:
    """1-based line of `pointer` (e.g. /spec/storage) inside a loaded node; of `extra_key` under it if given."""
    line = None
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/") if p]
    if extra_key:
        parts.append(extra_key)
    for part in parts:
        key = int(part) if part.isdigit() and isinstance(node, list) else part
        try:
            if isinstance(node, list):
                found = node.lc.item(key)[0] + 1
            else:
                found = _key_line(node, key)
            node = node[key]
        except (IndexError, KeyError, TypeError, AttributeError):
            break
        line = found or line
    return line


def object_line(file: Path, kind: str, name: str, pointer: str = "", message: str = "") -> int | None:
    """Line of the object kind/name in a (multi-document) YAML file, refined by pointer and message."""
    try:
        text = file.read_text()
    except OSError:
        return None
    for doc in _load_all(text):
        if not isinstance(doc, dict) or doc.get("kind") != kind:
            continue
        meta = doc.get("metadata") or {}
        if name and meta.get("name") != name:
            continue
        extra = re.search(r"additional propert(?:y|ies) '([^']+)'", message)
        line = pointer_line(doc, pointer, extra.group(1) if extra else None)
        return line or _key_line(doc, "kind")
    return None
