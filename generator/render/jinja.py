"""One Jinja2 environment for every target: StrictUndefined, no autoescape, trailing newline kept.

Templates only print. Filters here are formatting only (quoting, YAML/JSON/HCL literals), never decisions.
Helm templates in the generated chart use `{{ }}` themselves, so templates under templates/helm/chart/
are rendered with `[[ ]]` / `[% %]` delimiters (see `environment(helm_chart=True)`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any


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


@cache
def environment(helm_chart: bool = False):
    import jinja2

    from generator.paths import templates_dir

    kwargs: dict[str, Any] = {}
    if helm_chart:
        kwargs = dict(
            block_start_string="[%",
            block_end_string="%]",
            variable_start_string="[[",
            variable_end_string="]]",
            comment_start_string="[#",
            comment_end_string="#]",
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        **kwargs,
    )
    env.filters["hcl"] = _hcl
    env.filters["tojson"] = lambda v: json.dumps(v, sort_keys=False)
    env.filters["yaml_str"] = _yaml_str
    env.filters["yaml_dump"] = _yaml_dump
    return env


def render_template(name: str, helm_chart: bool = False, **context: Any) -> str:
    return environment(helm_chart).get_template(name).render(**context)
