"""Compose variable interpolation: $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
${VAR:+a}, ${VAR+a}, and $$ for a literal dollar. Defaults and alternatives may nest.

Values come back unescaped (`$$` → `$`); serialization escapes `$` again as Compose prints it.
A `$` not followed by a name or `{` stays a literal `$`, as in Compose.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from generator.errors import C2PError, Location

_NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")


class InterpolationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def substitute(text: str, env: Mapping[str, str]) -> str:
    out, _ = _subst(text, 0, env, nested=False)
    return out


def _subst(text: str, i: int, env: Mapping[str, str], nested: bool) -> tuple[str, int]:
    """Expand text from i; when nested, stop at the closing `}` and return its index."""
    out: list[str] = []
    n = len(text)
    while i < n:
        c = text[i]
        if nested and c == "}":
            return "".join(out), i
        if c != "$":
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "{":
            value, i = _braced(text, i + 2, env)
            out.append(value)
        else:
            m = _NAME.match(text, i + 1)
            if m:
                out.append(env.get(m.group(0), ""))
                i = m.end()
            else:
                out.append("$")
                i += 1
    if nested:
        raise InterpolationError("unterminated ${")
    return "".join(out), i


def _braced(text: str, i: int, env: Mapping[str, str]) -> tuple[str, int]:
    m = _NAME.match(text, i)
    if not m:
        raise InterpolationError("invalid interpolation format")
    name = m.group(0)
    j = m.end()
    if j < len(text) and text[j] == "}":
        return env.get(name, ""), j + 1
    op = next((o for o in _OPS if text.startswith(o, j)), None)
    if op is None:
        raise InterpolationError("invalid interpolation format")
    arg, end = _subst(text, j + len(op), env, nested=True)
    value = env.get(name)
    is_set = value is not None
    non_empty = bool(value)
    if op == ":-":
        result = value if non_empty else arg
    elif op == "-":
        result = value if is_set else arg
    elif op == ":+":
        result = arg if non_empty else ""
    elif op == "+":
        result = arg if is_set else ""
    else:
        if (op == ":?" and not non_empty) or (op == "?" and not is_set):
            msg = f"required variable {name} is missing a value"
            raise InterpolationError(msg + (f": {arg}" if arg else ""))
        result = value
    return result or "", end + 1


def interpolate(
    data: Any, env: Mapping[str, str], file: str, where: Callable[[tuple], tuple[int | None, int | None]],
    path: tuple = (),
) -> Any:
    """Interpolate every string value (not keys) of a document."""
    if isinstance(data, dict):
        return {k: interpolate(v, env, file, where, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [interpolate(v, env, file, where, path + (i,)) for i, v in enumerate(data)]
    if isinstance(data, str) and "$" in data:
        try:
            return substitute(data, env)
        except InterpolationError as exc:
            dotted = ".".join(str(p) for p in path)
            line, col = where(path)
            if exc.message.startswith("required"):
                raise C2PError(f"{dotted}: {exc.message}", Location(file, line, col)) from None
            raise C2PError(
                f"{dotted}: invalid interpolation format in {data!r}", Location(file, line, col),
                "escape a literal $ as $$",
            ) from None
    return data
