"""The .env format as Docker Compose reads it (`.env`, `--env-file`, a service's `env_file`).

KEY=VALUE, `export KEY=VALUE`, `KEY: VALUE`; `#` comments (inline after a space for unquoted
values); 'single quotes' literal; "double quotes" with \\n \\t \\" escapes and multi-line values;
unquoted and double-quoted values interpolate ${VAR} from earlier lines, then from `lookup`.
A bare `KEY` takes its value from `lookup`, or is left out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from generator.errors import C2PError, Location
from generator.load.interpolate import InterpolationError, substitute

_KEY = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-\[\]]*)\s*([=:])?\s*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$$"}


def parse_env_text(text: str, file: str, lookup: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        lineno = i + 1
        i += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _KEY.match(line)
        if not m or (m.group(2) is None and line[m.end():].strip() and not line[m.end():].lstrip().startswith("#")):
            raise C2PError(f"unexpected character in env file line {stripped[:40]!r}", Location(file, lineno, 1))
        key = m.group(1)
        if m.group(2) is None:
            if key in lookup:
                values[key] = lookup[key]
            continue
        rest = line[m.end():]
        env = _Chain(values, lookup)
        if rest[:1] == "'":
            value, i = _quoted(rest, "'", lines, i, file, lineno)
        elif rest[:1] == '"':
            raw, i = _quoted(rest, '"', lines, i, file, lineno)
            value = _expand(_unescape(raw), env, file, lineno)
        else:
            value = re.split(r"\s#", rest, maxsplit=1)[0].strip()
            value = _expand(value, env, file, lineno)
        values[key] = value
    return values


def _quoted(rest: str, quote: str, lines: list[str], i: int, file: str, lineno: int) -> tuple[str, int]:
    body = rest[1:]
    parts = []
    while True:
        j = _closing(body, quote)
        if j >= 0:
            parts.append(body[:j])
            return "\n".join(parts), i
        parts.append(body)
        if i >= len(lines):
            raise C2PError(f"unterminated {quote}quoted{quote} value", Location(file, lineno, 1))
        body = lines[i]
        i += 1


def _closing(body: str, quote: str) -> int:
    j = 0
    while j < len(body):
        if quote == '"' and body[j] == "\\":
            j += 2
            continue
        if body[j] == quote:
            return j
        j += 1
    return -1


def _unescape(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), raw)


def _expand(value: str, env: Mapping[str, str], file: str, lineno: int) -> str:
    try:
        return substitute(value, env)
    except InterpolationError as exc:
        raise C2PError(exc.message, Location(file, lineno, 1)) from None


class _Chain(dict):
    """Earlier lines of the same file first, then the lookup."""

    def __init__(self, first: Mapping[str, str], second: Mapping[str, str]):
        super().__init__()
        self.first, self.second = first, second

    def get(self, key, default=None):
        if key in self.first:
            return self.first[key]
        return self.second.get(key, default)


def read_env_file(path: Path, lookup: Mapping[str, str], what: str = "env file") -> dict[str, str]:
    from generator.load.yamlio import read_text

    return parse_env_text(read_text(path, what), str(path), lookup)
