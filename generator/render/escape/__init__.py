"""How a value is printed in each output language: the escapers behind every template's finaliser.

Each escaper turns any plain value (str, int, bool, None, …) into text that the language reads back as exactly that
value and nothing more: no new line, document, key, interpolation or command can come out of a compose value.
Filters that build structure themselves return `Raw`, which the finaliser prints unchanged. One module a language:
hcl.py, shell.py (Markdown and shell lines), yaml.py (YAML and Helm).
"""

from __future__ import annotations

import json
from typing import Any, Callable

from generator.render.escape.hcl import hcl_chars, hcl_comment, hcl_ident, hcl_literal, hcl_string
from generator.render.escape.raw import Raw
from generator.render.escape.shell import one_line, sh_line, sh_plain, sh_var, sh_word
from generator.render.escape.yaml import helm_scalar, k8s_literal, yaml_block, yaml_dump, yaml_scalar, yaml_str

__all__ = ["ESCAPERS", "FILTERS", "Raw", "hcl_chars", "hcl_ident", "hcl_literal", "hcl_string", "k8s_literal",
           "one_line", "sh_var", "sh_word", "yaml_dump", "yaml_scalar"]


def _raw(fn: Callable[..., str]) -> Callable[..., Raw]:
    return lambda *args, **kwargs: Raw(fn(*args, **kwargs))


ESCAPERS: dict[str, Callable[[Any], Any]] = {
    "yaml": yaml_scalar,
    "helm": helm_scalar,
    "hcl": hcl_literal,
    "md": one_line,
}

FILTERS: dict[str, Callable[..., Raw]] = {
    "hcl": _raw(hcl_literal),
    "ident": hcl_ident,
    "hcl_chars": _raw(hcl_chars),
    "comment": hcl_comment,
    "sh": sh_word,
    "sh_plain": sh_plain,
    "sh_var": sh_var,
    "sh_line": sh_line,
    "tojson": _raw(lambda v: json.dumps(v, sort_keys=False)),
    "yaml_str": _raw(yaml_str),
    "yaml_dump": _raw(yaml_dump),
    "yaml_block": _raw(yaml_block),
}
