"""How a value is printed in each output language: the escapers behind every template's finaliser.

Each escaper turns any plain value (str, int, bool, None, …) into text that the language reads back as exactly that
value and nothing more: no new line, document, key, interpolation or command can come out of a compose value.
Filters that build structure themselves return `Raw`, which the finaliser prints unchanged.
"""

from __future__ import annotations

import json
import re
import shlex
import unicodedata
from typing import Any, Callable

from generator.errors import C2PError


class Raw(str):
    """Text c2p built as structure in the output language; the finaliser prints it as is. Never wrap user data."""


# ---- HCL (Terraform) ------------------------------------------------------------------------------------------

_HCL_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
HCL_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _visible(ch: str) -> bool:
    """A character that prints as itself on one line (letters, digits, punctuation, symbols, emoji, space)."""
    return ch == " " or ch.isprintable()


def hcl_chars(text: str) -> str:
    r"""The inside of an HCL quoted string that reads back as exactly `text`: `\\` `\"` `\n` `\r` `\t`, any other
    control or invisible character as `\uNNNN` (`\UNNNNNNNN` above the BMP: HCL rejects JSON's surrogate pairs and
    `\f`), printable non-ASCII (é, 日本, 🚀) as itself, and the template sequences `${` → `$${`, `%{` → `%%{`."""
    out = []
    for ch in text:
        if ch in _HCL_SHORT:
            out.append(_HCL_SHORT[ch])
        elif _visible(ch):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
    return "".join(out).replace("${", "$${").replace("%{", "%%{")


def hcl_string(text: str) -> str:
    """One HCL string literal, quoted: the only way a text value is printed into a .tf file."""
    return '"' + hcl_chars(text) + '"'


def _hcl(value: Any) -> str:
    """A Terraform literal for a plain value (string, number, bool, null, list, map)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_hcl(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{hcl_string(str(k))} = {_hcl(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no HCL literal for {type(value).__name__}")


def hcl_ident(value: Any) -> Raw:
    """A name c2p prints bare in HCL (resource/variable name, reference part): validated, never quoted."""
    text = str(value)
    if not HCL_IDENT.fullmatch(text):
        raise C2PError(f"'{one_line(text)}' is not a Terraform identifier (letters, digits, _ and -, "
                       "starting with a letter or _)")
    return Raw(text)


SH_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def sh_var(value: Any) -> Raw:
    """A shell variable name (`export NAME=…`, `"$NAME"`): validated, never quoted."""
    text = str(value)
    if not SH_VAR.fullmatch(text):
        raise C2PError(f"'{one_line(text)}' is not a shell variable name (letters, digits and _, not starting with "
                       "a digit) and cannot be written into a shell command of the runbooks")
    return Raw(text)


def sh_line(value: Any) -> Raw:
    """A whole shell line Python built word by word with sh_word/sh_var (it arrives as Raw); anything else is a bug."""
    if not isinstance(value, Raw):
        raise TypeError("a shell line must be built with escape.sh_word/sh_var and passed as Raw")
    return value


def hcl_comment(value: Any) -> Raw:
    r"""Text after `#` in HCL: kept on its line (control characters shown as \uNNNN), printed without quotes."""
    return Raw(one_line(value))


# ---- Markdown and shell ----------------------------------------------------------------------------------------

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
    "hcl": _hcl,
    "md": _md,
}

FILTERS: dict[str, Callable[..., Raw]] = {
    "hcl": _raw(_hcl),
    "ident": hcl_ident,
    "hcl_chars": _raw(hcl_chars),
    "comment": hcl_comment,
    "sh": sh_word,
    "sh_plain": sh_plain,
    "sh_var": sh_var,
    "sh_line": sh_line,
    "tojson": _raw(lambda v: json.dumps(v, sort_keys=False)),
    "yaml_str": _raw(_yaml_str),
    "yaml_dump": _raw(_yaml_dump),
}
