"""Reading one compose file: ruamel.yaml round-trip (for line numbers) into plain Python data.

`read_yaml` returns the document as dicts/lists/scalars plus a map from each node's path
(a tuple of keys and indexes) to its 1-based (line, column), so later stages can point at
`file:line:column`. Guards: file size, nesting depth and the expanded size of aliases (a
"billion laughs" document fails fast instead of eating the machine).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from generator.errors import C2PError, Location

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000

Locations = dict[tuple, tuple[int, int]]


def read_text(path: Path, what: str = "compose file") -> str:
    if not path.exists():
        raise C2PError(f"{what} not found", Location(str(path)))
    if path.is_dir():
        raise C2PError(f"is a directory, not a {what}", Location(str(path)))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise C2PError(f"{what} is too large ({size} bytes; the limit is {MAX_BYTES})", Location(str(path)))
        data = path.read_bytes()
    except OSError as exc:
        raise C2PError(f"cannot read {what}: {exc.strerror}", Location(str(path))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise C2PError(f"{what} is not UTF-8 text (byte {exc.start})", Location(str(path))) from None


def parse_yaml(text: str, file: str) -> tuple[Any, Locations]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _prescan(text, file)
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context or "invalid YAML"
        raise C2PError(f"invalid YAML: {problem}", loc) from None
    except YAMLError as exc:
        raise C2PError(f"invalid YAML: {' '.join(str(exc).split())}", Location(file)) from None
    except RecursionError:
        raise C2PError("invalid YAML: the document is nested too deeply", Location(file)) from None
    locs: Locations = {}
    counter = [0]
    try:
        plain = _plain(doc, (), locs, counter, file, 0)
    except RecursionError:
        raise C2PError("the document is nested too deeply", Location(file)) from None
    return plain, locs


def _prescan(text: str, file: str) -> None:
    """Depth and expanded size from the event stream (libyaml, non-recursive), before building
    anything: a deeply nested document or an alias bomb fails in milliseconds, not minutes."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[list] = []
    sizes: dict[str, int] = {}
    total = 0
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.CollectionStartEvent):
                if len(stack) >= MAX_DEPTH:
                    mark = ev.start_mark
                    raise C2PError(f"the document is nested more than {MAX_DEPTH} levels deep",
                                   Location(file, mark.line + 1, mark.column + 1))
                stack.append([1, ev.anchor, ev.start_mark])
                continue
            if isinstance(ev, yaml.CollectionEndEvent):
                n, anchor, mark = stack.pop()
                if anchor:
                    sizes[anchor] = n
            elif isinstance(ev, yaml.ScalarEvent):
                n, mark = 1, ev.start_mark
                if ev.anchor:
                    sizes[ev.anchor] = 1
            elif isinstance(ev, yaml.AliasEvent):
                n, mark = sizes.get(ev.anchor, 1), ev.start_mark
            else:
                continue
            if stack:
                stack[-1][0] += n
                n = stack[-1][0]
            else:
                total += n
                n = total
            if n > MAX_NODES:
                raise C2PError(f"the document expands to more than {MAX_NODES} nodes (an alias bomb?)",
                               Location(file, mark.line + 1, mark.column + 1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if "nesting depth" in str(exc) and mark is not None:
            raise C2PError(f"the document is nested more than {MAX_DEPTH} levels deep",
                           Location(file, mark.line + 1, mark.column + 1)) from None
        return  # ruamel.yaml reports other syntax errors, with its own wording


def read_yaml(path: Path) -> tuple[dict, Locations]:
    """A compose file as a mapping, or a C2PError saying why it is not one."""
    file = str(path)
    text = read_text(path)
    if not text.strip():
        raise C2PError("empty compose file", Location(file))
    doc, locs = parse_yaml(text, file)
    if doc is None:
        raise C2PError("empty compose file (only comments)", Location(file))
    if not isinstance(doc, dict):
        raise C2PError(f"the top level must be a mapping, not {type_name(doc)}", Location(file, 1, 1))
    return doc, locs


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _plain(node: Any, path: tuple, locs: Locations, counter: list[int], file: str, depth: int) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise C2PError(
            f"the document expands to more than {MAX_NODES} nodes (an alias bomb?)", Location(file)
        )
    if depth > MAX_DEPTH:
        raise C2PError(f"the document is nested more than {MAX_DEPTH} levels deep", Location(file, *locs.get(path, (None, None))))
    if isinstance(node, dict):
        out = {}
        lc = getattr(node, "lc", None)
        for key in node:
            skey = _key(key)
            sub = path + (skey,)
            try:
                line, col = lc.key(key) if lc is not None else (None, None)
                if line is not None:
                    locs[sub] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError):
                if path in locs:
                    locs[sub] = locs[path]
            out[skey] = _plain(node[key], sub, locs, counter, file, depth + 1)
        return out
    if isinstance(node, list):
        out_list = []
        lc = getattr(node, "lc", None)
        for i, item in enumerate(node):
            sub = path + (i,)
            try:
                line, col = lc.item(i)
                locs[sub] = (line + 1, col + 1)
            except (KeyError, TypeError, AttributeError, IndexError):
                if path in locs:
                    locs[sub] = locs[path]
            out_list.append(_plain(item, sub, locs, counter, file, depth + 1))
        return out_list
    return _scalar(node)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return str(key)
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(_scalar(key))


def _scalar(node: Any) -> Any:
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        width = getattr(node, "_width", None)
        value = int(node)
        # YAML 1.1 (which Docker Compose's parser follows here) reads 0440 as octal.
        if type(node).__name__ == "ScalarInt" and width and width > len(str(value)) and value >= 0 and set(str(value)) <= set("01234567"):
            return int(str(value), 8)
        return value
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return str(node)
