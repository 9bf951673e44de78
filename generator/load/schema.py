"""Validation against schemas/compose.schema.json, with file:line:column and a did-you-mean.

    c2p: broken.yml:4:5: services.web: unknown key 'imagee' (did you mean 'image'?)
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache

from generator.errors import C2PError
from generator.load.yamlio import type_name

_TYPES = {"string": "a string", "array": "a list", "object": "a mapping", "number": "a number",
          "integer": "an integer", "boolean": "a boolean", "null": "null"}


@cache
def _validator():
    from jsonschema import Draft202012Validator

    from generator.names import go_anchors
    from generator.paths import schema_path

    schema = go_anchors(json.loads(schema_path("compose").read_text()))  # `$` as in Go: "db\n" is no name
    return Draft202012Validator(schema)


def validate(doc: dict, src) -> None:
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(doc))
    if error is None:
        check_env_names(doc, src)
        return
    path = tuple(error.absolute_path)
    dotted = ".".join(str(p) for p in path) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = _allowed(error.schema)
        extra = sorted(set(error.instance) - allowed - {k for k in error.instance if k.startswith("x-")})
        if error.schema.get("patternProperties") and not error.schema.get("properties"):
            extra = [k for k in error.instance if not any(re.search(p, k) for p in error.schema["patternProperties"])]
        key = extra[0] if extra else "?"
        hint = None
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        if not allowed:
            raise C2PError(f"{dotted}: invalid name {key!r}", src.loc(path + (key,)))
        raise C2PError(f"{dotted}: unknown key {key!r}", src.loc(path + (key,)), hint)
    raise C2PError(f"{dotted}: {_describe(error)}", src.loc(path))


def check_env_names(doc: dict, src) -> None:
    """Env var names no output can carry (empty, `=`, NUL, line breaks, control characters): refused where written."""
    from generator.names import env_name_problem, shown

    for svc_name, svc in (doc.get("services") or {}).items():
        env = svc.get("environment") if isinstance(svc, dict) else None
        if isinstance(env, dict):
            items = [(str(k), (svc_name, "environment", k)) for k in env]
        elif isinstance(env, list):
            items = [(str(e).partition("=")[0], (svc_name, "environment", i)) for i, e in enumerate(env)]
        else:
            continue
        for name, path in items:
            problem = env_name_problem(name)
            if problem:
                raise C2PError(f"services.{svc_name}.environment: variable name {shown(name)} {problem}",
                               src.loc(("services",) + path), "no Kubernetes or ECS env var can have that name")


def _allowed(schema: dict) -> set[str]:
    return set(schema.get("properties") or {})


def _describe(error) -> str:
    v = error.validator
    if v == "type":
        types = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        want = " or ".join(_TYPES.get(t, t) for t in types)
        return f"must be {want}, not {type_name(error.instance)}"
    if v == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    if v == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"missing required key {missing[0]!r}" if missing else "missing a required key"
    if v == "uniqueItems":
        return "has duplicate items"
    if v in ("oneOf", "anyOf"):
        return f"invalid value {json.dumps(error.instance)[:80]} (not any of the accepted forms)"
    return error.message.splitlines()[0][:200]
