"""HCL (Terraform): one string-literal function, validated bare names, one-line comments."""

from __future__ import annotations

import json
import re
from typing import Any

from generator.render.escape.raw import Raw
from generator.render.escape.shell import checked_name, one_line

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


def hcl_literal(value: Any) -> str:
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
        return "[" + ", ".join(hcl_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{hcl_string(str(k))} = {hcl_literal(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no HCL literal for {type(value).__name__}")


def hcl_ident(value: Any) -> Raw:
    """A name c2p prints bare in HCL (resource/variable name, reference part)."""
    return checked_name(value, HCL_IDENT, "a Terraform identifier (letters, digits, _ and -, starting with a letter or _)")


def hcl_comment(value: Any) -> Raw:
    r"""Text after `#` in HCL: kept on its line (control characters shown as \uNNNN), printed without quotes."""
    return Raw(one_line(value))
