"""The `!reset` and `!override` YAML tags, as Docker Compose applies them when merging.

`ports: !reset []` in an override file (or a service that extends another) removes the key from
the result; `environment: !override {...}` replaces the base value instead of merging with it.
Both work by clearing the tagged path from the base before the merge; a `!reset` node is also
dropped from its own file. Paths are tuples of mapping keys (a tag under a list item is ignored).
"""

from __future__ import annotations

from typing import Iterable, Mapping


def _keys(path: tuple) -> bool:
    return all(isinstance(p, str) for p in path) and "<<" not in path


def drop_paths(doc, paths: Iterable[tuple]):
    """`doc` (not modified) without the given paths."""
    for path in paths:
        if path and _keys(path):
            doc = _without(doc, path)
    return doc


def _without(node, path: tuple):
    if not isinstance(node, dict) or path[0] not in node:
        return node
    out = dict(node)
    if len(path) == 1:
        del out[path[0]]
    else:
        out[path[0]] = _without(node[path[0]], path[1:])
    return out


def reset_paths(tags: Mapping[tuple, str]) -> list[tuple]:
    return [p for p, tag in tags.items() if tag == "!reset"]


def merge_paths(tags: Mapping[tuple, str], prefix: tuple = ()) -> list[tuple]:
    """The tagged paths under `prefix`, relative to it: what to clear from the base before merging."""
    n = len(prefix)
    return [p[n:] for p in tags if p[:n] == prefix and len(p) > n]
