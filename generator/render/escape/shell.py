"""Markdown and shell: values on one line in prose, one quoted word (or a validated name) in a shell line."""

from __future__ import annotations

import re
import shlex
import unicodedata
from typing import Any

from generator.errors import C2PError
from generator.render.escape.raw import Raw

_LINE_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# bidirectional overrides/isolates: they reorder what a reader sees (Trojan Source), so they are shown as escapes
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _breaks(ch: str) -> bool:
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")


def one_line(value: Any) -> str:
    r"""Any value as text on one line: line breaks, other control characters and bidi controls shown as
    `\n`/`\r`/`\t`/`\uNNNN`, so it can never start a new line, a list item, a fence or a shell command."""
    text = "" if value is None else str(value)
    return "".join(_LINE_SHORT.get(ch) or (f"\\u{ord(ch):04X}" if _breaks(ch) else ch) for ch in text)


def _md(value: Any) -> str:
    return one_line(value)


def sh_word(value: Any) -> Raw:
    r"""One shell word for a value (`shlex.quote`, POSIX sh/bash/zsh): the only way a value enters a shell line of
    README.md/MIGRATION.md. A line break or control character cannot be written on one copy-pasteable line (POSIX
    quoting would split the command over lines, and `$'…'` is not POSIX): such a value is refused."""
    text = str(value)
    if any(_breaks(ch) for ch in text):
        raise C2PError(f"'{one_line(text)}' holds a line break or control character and cannot be written into a "
                       "shell command of the runbooks; rename or remove it")
    return Raw(shlex.quote(text))


def sh_plain(value: Any) -> Raw:
    """A value printed into a shell line where it must need no quoting at all (inside a quoted JSON document or a
    double-quoted string): only letters, digits and `@%+=:,./-_`; anything else is refused, never quoted."""
    text = str(value)
    if not text or shlex.quote(text) != text:
        raise C2PError(f"'{one_line(text)}' cannot be written into a shell command of the runbooks: only letters, "
                       "digits and @%+=:,./-_ are allowed there")
    return Raw(text)


SH_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def checked_name(value: Any, pattern: re.Pattern, what: str) -> Raw:
    """A name printed bare (a shell variable, a Terraform identifier): validated against `pattern`, never quoted."""
    text = str(value)
    if not pattern.fullmatch(text):
        raise C2PError(f"'{one_line(text)}' is not {what}")
    return Raw(text)


def sh_var(value: Any) -> Raw:
    """A shell variable name (`export NAME=…`, `"$NAME"`)."""
    return checked_name(value, SH_VAR, "a shell variable name (letters, digits and _, not starting with a digit) and "
                                       "cannot be written into a shell command of the runbooks")


def sh_line(value: Any) -> Raw:
    """A whole shell line Python built word by word with sh_word/sh_var (it arrives as Raw); anything else is a bug."""
    if not isinstance(value, Raw):
        raise TypeError("a shell line must be built with escape.sh_word/sh_var and passed as Raw")
    return value
