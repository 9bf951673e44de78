"""Read c2p.yaml keeping line numbers, so that a schema error can say file:line:column."""

from __future__ import annotations

import json
from typing import Any, Callable

from generator.errors import C2PError, Location
from generator.load.reader import read_user_text


def read_config(path: str) -> tuple[Any, Callable[[list], Location]]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    text = read_user_text(path, "c2p config")
    try:
        doc = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise C2PError(f"invalid YAML: {exc.problem or exc.context}", loc) from None
    doc = {} if doc is None else doc

    def locate(keys: list) -> Location:
        node, line, col = doc, None, None
        for key in keys:
            try:
                if hasattr(node, "lc") and isinstance(key, str) and key in node:
                    line, col = node.lc.key(key)
                elif hasattr(node, "lc") and isinstance(key, int):
                    line, col = node.lc.item(key)
                node = node[key]
            except (KeyError, IndexError, TypeError, AttributeError):
                break
        return Location(path, line + 1, col + 1) if line is not None else Location(path)

    return json.loads(json.dumps(doc, default=str)), locate
