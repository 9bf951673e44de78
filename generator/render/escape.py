"""How a value is printed in each output language: the escapers behind every template's finaliser.

Each escaper turns any plain value (str, int, bool, None, …) into text that the language reads back as exactly that
value and nothing more: no new line, document, key, interpolation or command can come out of a compose value.
Filters that build structure themselves return `Raw`, which the finaliser prints unchanged.
"""

from __future__ import annotations

import json
from typing import Any, Callable


class Raw(str):
    """Text c2p built as structure in the output language; the finaliser prints it as is. Never wrap user data."""


def _hcl(value: Any) -> str:
    """A Terraform literal for a plain value (string, number, bool, list, map)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_hcl(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_hcl(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no HCL literal for {type(value).__name__}")


def _yaml_str(value: Any) -> str:
    """A YAML scalar that is always read back as the same string (JSON strings are valid YAML)."""
    return json.dumps(str(value))


def _yaml_dump(value: Any) -> str:
    """A mapping as block YAML, multi-line strings as literal blocks where YAML allows them (PyYAML's emitter
    falls back to a quoted scalar otherwise), so file contents stay readable and read back byte for byte."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)

    Dumper.add_representer(str, text)
    return yaml.dump(value, Dumper=Dumper, allow_unicode=True, width=10**9, sort_keys=False, default_flow_style=False)


def _raw(fn: Callable[..., str]) -> Callable[..., Raw]:
    return lambda *args, **kwargs: Raw(fn(*args, **kwargs))


def _unescaped(value: Any) -> Any:
    # TODO(issue 20): every language gets a real escaper; until then values print as Jinja prints them
    return value


ESCAPERS: dict[str, Callable[[Any], Any]] = {
    "yaml": _unescaped,
    "helm": _unescaped,
    "hcl": _unescaped,
    "md": _unescaped,
}

FILTERS: dict[str, Callable[..., Raw]] = {
    "hcl": _raw(_hcl),
    "tojson": _raw(lambda v: json.dumps(v, sort_keys=False)),
    "yaml_str": _raw(_yaml_str),
    "yaml_dump": _raw(_yaml_dump),
}
