"""Reading one compose file: ruamel.yaml round-trip (for line numbers) into plain Python data.

`read_yaml` returns the document as dicts/lists/scalars plus a map from each node's path
(a tuple of keys and indexes) to its 1-based (line, column), so later stages can point at
`file:line:column`. Guards: file size, nesting depth and the expanded size of aliases (a
"billion laughs" document fails fast instead of eating the machine).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from generator.errors import C2PError, Location
from generator.load.reader import MAX_BYTES, read_user_text  # noqa: F401 (MAX_BYTES: the limit, re-exported)

MAX_DEPTH = 64
MAX_NODES = 1_000_000

Locations = dict[tuple, tuple[int, int]]


class NodeBudget:
    """MAX_NODES counted over every YAML file one project load reads (the -f files, overrides, includes,
    extends files), not per file: four small files that each expand by aliases to just under the limit
    are refused like one file that expands to four times it. Each file's expanded size comes from the
    event-stream prescan, so a refusal costs milliseconds."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_NODES if limit is None else limit
        self.used = 0
        self._sizes: dict[str, int] = {}

    def _refuse(self, total: int, where: Location) -> None:
        raise C2PError(f"the project's YAML files expand to {total} nodes or more together, over the limit of "
                       f"{self.limit} (an alias bomb?)", where)

    def charge(self, nodes: int, file: str) -> None:
        self.used += nodes
        if self.used > self.limit:
            self._refuse(self.used, Location(file))

    def size(self, path: Path) -> int:
        """The expanded node count of a file (read and prescanned once; nothing is charged)."""
        key = str(path)
        if key not in self._sizes:
            self._sizes[key] = _prescan(read_text(path), key)
        return self._sizes[key]

    def look_ahead(self, paths: list[Path], where: Location) -> None:
        """Refuse before loading any of `paths` when together they would exceed what is left."""
        total = self.used
        for path in paths:
            total += self.size(path)
            if total > self.limit:
                self._refuse(total, where)


def read_text(path: Path, what: str = "compose file") -> str:
    """A user-named file as text, through the one bounded reader (regular files only, MAX_BYTES)."""
    return read_user_text(path, what)


def parse_yaml(text: str, file: str, tags: dict | None = None) -> tuple[Any, Locations]:
    """The document as plain data, and where each node is. libyaml (PyYAML's C parser) composes the
    node graph when it is compiled in — ruamel.yaml's pure-Python round-trip loader takes seconds
    on a 1,000-service file and its merge-key handling is quadratic — otherwise ruamel.yaml does.
    Either way scalars are resolved here, as Docker Compose's YAML library resolves them.
    `tags`, when given, collects the paths of nodes tagged `!reset` or `!override` (path → tag)."""
    _prescan(text, file)
    node = _compose(text, file)
    locs: Locations = {}
    if node is None:
        return None, locs
    return _convert(node, (), locs, file, [0], tags), locs


def parse_yaml_all(text: str, file: str, budget: NodeBudget | None = None) -> list[tuple[Any, Locations, dict]]:
    """Every document of a multi-document file (`---`), each as parse_yaml gives it plus its tags;
    Docker Compose merges them in order, like several -f files. `budget`: the project's node budget,
    charged with this file's expanded size before anything is built."""
    nodes = _prescan(text, file)
    if budget is not None:
        budget.charge(nodes, file)
    out = []
    counter = [0]
    for node in _compose(text, file, every=True):
        locs: Locations = {}
        tags: dict = {}
        out.append((None if node is None else _convert(node, (), locs, file, counter, tags), locs, tags))
    return out


def _compose(text: str, file: str, every: bool = False):
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _compose_ruamel(text, file, every)
    try:
        return list(yaml.compose_all(text, Loader=loader)) if every else yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, file)
    except yaml.YAMLError as exc:
        raise C2PError(f"invalid YAML: {' '.join(str(exc).split())}", Location(file)) from None


def _compose_ruamel(text: str, file: str, every: bool = False):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return list(YAML(typ="rt").compose_all(text)) if every else YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        _syntax_error(exc, file)
    except YAMLError as exc:
        raise C2PError(f"invalid YAML: {' '.join(str(exc).split())}", Location(file)) from None


def _syntax_error(exc, file: str):
    mark = exc.problem_mark or exc.context_mark
    loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
    problem = exc.problem or exc.context or "invalid YAML"
    raise C2PError(f"invalid YAML: {problem}", loc) from None


def _allowed_alias_ratio(decoded: int) -> float:
    """The share of a document's nodes that may come from alias expansion, by Go's yaml.v3 rule (its decoder's
    allowedAliasRatio): 99% up to 400,000 decoded nodes, 10% from 4,000,000, scaled linearly in between. Docker
    Compose 2.40 takes minutes on such a file and then accepts it; c2p refuses it in milliseconds instead."""
    low, high = 400_000, 4_000_000
    if decoded <= low:
        return 0.99
    if decoded >= high:
        return 0.10
    return 0.99 - 0.89 * (decoded - low) / (high - low)


def _prescan(text: str, file: str) -> int:
    """Depth and expanded size from the event stream (libyaml, non-recursive), before building
    anything: a deeply nested document or an alias bomb fails in milliseconds, not minutes.
    Returns the expanded size (nodes) of all the documents."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[list] = []
    sizes: dict[str, int] = {}
    total = 0
    decoded = aliased = 0  # nodes a decoder builds, and how many of them come from expanding an alias
    try:
        for ev in yaml.parse(text, Loader=loader):
            if isinstance(ev, yaml.AliasEvent):
                expanded = sizes.get(ev.anchor, 1)
                decoded, aliased = decoded + expanded, aliased + expanded
            elif isinstance(ev, (yaml.CollectionStartEvent, yaml.ScalarEvent)):
                decoded += 1
            if aliased > 100 and decoded > 1000 and aliased / decoded > _allowed_alias_ratio(decoded):
                mark = ev.start_mark
                raise C2PError("the document contains excessive aliasing (an alias bomb?): more of its nodes come from "
                               "aliases than Go's YAML library allows", Location(file, mark.line + 1, mark.column + 1))
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
        return total  # ruamel.yaml reports other syntax errors, with its own wording
    return total


def read_yaml(path: Path, tags: dict | None = None) -> tuple[dict, Locations]:
    """A compose file as a mapping, or a C2PError saying why it is not one (`tags`: see parse_yaml).
    Only the first document of a multi-document file: read_yaml_all gives them all."""
    doc, locs, found = read_yaml_all(path)[0]
    if tags is not None:
        tags.update(found)
    return doc, locs


def read_yaml_all(path: Path, budget: NodeBudget | None = None) -> list[tuple[dict, Locations, dict]]:
    """Every document of a compose file, each a mapping (empty documents between `---` are dropped).
    `budget`: the project's node budget (see NodeBudget); without one, the file has MAX_NODES to itself."""
    file = str(path)
    text = read_text(path)
    if not text.strip():
        raise C2PError("empty compose file", Location(file))
    docs = parse_yaml_all(text, file, budget)
    if all(d[0] is None for d in docs):
        raise C2PError("empty compose file (only comments)", Location(file))
    for doc, locs, _ in docs:
        if not isinstance(doc, dict):  # an empty document between `---` too, as in Docker Compose
            line, col = locs.get((), (1, 1))
            raise C2PError(f"the top level must be a mapping, not {type_name(doc)}", Location(file, line, col))
    return docs


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


_MERGE = "tag:yaml.org,2002:merge"
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_OCT = re.compile(r"^[-+]?0[0-7_]+$")
_RADIX = re.compile(r"^[-+]?0([xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _tag(node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


_MERGE_TAGS = ("!reset", "!override")


def _convert(node, path: tuple, locs: Locations, file: str, counter: list[int], tags: dict | None = None) -> Any:
    counter[0] += 1
    if tags is not None and _tag(node) in _MERGE_TAGS:
        tags[path] = _tag(node)
    if counter[0] > MAX_NODES:
        raise C2PError(f"the document expands to more than {MAX_NODES} nodes (an alias bomb?)", Location(file))
    locs.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    kind = type(node).__name__
    if kind == "ScalarNode":
        return _resolve(node)
    if kind == "SequenceNode":
        return [_convert(item, path + (i,), locs, file, counter, tags) for i, item in enumerate(node.value)]
    out: dict = {}
    merged: list = []
    for key_node, value_node in node.value:
        if _tag(key_node) == _MERGE or (key_node.value == "<<" and key_node.style not in ("'", '"')):
            sources = value_node.value if type(value_node).__name__ == "SequenceNode" else [value_node]
            merged.extend(sources)
            continue
        key = _key(_resolve(key_node))
        if key in out:
            line = key_node.start_mark.line + 1
            raise C2PError(f"invalid YAML: mapping key {key!r} already defined at line {locs[path + (key,)][0]}",
                           Location(file, line, key_node.start_mark.column + 1))
        locs[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        out[key] = _convert(value_node, path + (key,), locs, file, counter, tags)
    for source in merged:  # `<<: [*a, *b]`: explicit keys win, then earlier sources
        if type(source).__name__ != "MappingNode":
            mark = source.start_mark
            raise C2PError("invalid YAML: a merge key (<<) needs a mapping or a list of mappings",
                           Location(file, mark.line + 1, mark.column + 1))
        for key, value in _convert(source, path, {}, file, counter).items():
            if key not in out:
                locs.setdefault(path + (key,), (source.start_mark.line + 1, source.start_mark.column + 1))
                out[key] = value
    return out


def _resolve(node) -> Any:
    """Plain scalars as Docker Compose's YAML library (go-yaml v3) reads them into untyped data:
    null, true/false, integers (a leading 0 is octal, as in Go), floats; everything else a string
    (so `yes`, `on`, `80:80` and dates stay strings). Quoted scalars are always strings."""
    value = node.value
    if node.style in ("'", '"', "|", ">"):
        return value
    if _tag(node) not in _IMPLICIT:
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    text = value.replace("_", "")
    try:
        if _INT.match(value):
            return int(text)
        if _OCT.match(value):
            return int(text.replace("0", "0o", 1) if not text.startswith(("-", "+")) else text[0] + "0o" + text[2:], 8)
        if _RADIX.match(value):
            return int(text, 0)
        if _FLOAT.match(value):  # 1e999 overflows: go-yaml keeps it a string, so does c2p (never inf)
            number = float(text)
            return number if math.isfinite(number) else value
    except ValueError:
        pass
    return value


_IMPLICIT = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value",
}


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return str(key)
