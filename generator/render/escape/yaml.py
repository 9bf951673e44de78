"""YAML (manifests, chart values) and Helm (chart templates): one scalar rule, the YAML library for structure,
and the text Kubernetes' $(VAR) expansion gives back unchanged."""

from __future__ import annotations

import re
from typing import Any

# Plain (unquoted) only when every YAML reader takes the text as that string: YAML 1.1 (go-yaml v2 inside Helm and
# sigs.k8s.io/yaml: y/n/on/off are booleans, 0o17/0x1F/1e3/1_000/12:30 numbers) and YAML 1.2 alike. An identifier
# that starts with a letter or "_" and is not a boolean/null word, or a quantity such as 512Mi / 250m / 1.5Gi.
# A digit-first word is plain only with a letter no number, date or time can hold (not a-f, o, p, t, x, z: hex, 0o, 0x,
# 1e3, 2001-12-14t…) — 512Mi, 250m, 01-init.sql — or as a three-part version (1.2.3).
_WORD = r"[A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*"  # `:` only inside (a:b, host:port, image:tag), never before a space or at the end
_YAML_PLAIN = re.compile(rf"(?:[A-Za-z_/]|\.\.?/|--?[A-Za-z]){_WORD}|[0-9][A-Za-z0-9_./-]*[g-nq-suvwyG-NQ-SUVWY][A-Za-z0-9_./-]*"
                         r"|[0-9]+\.[0-9]+\.[0-9]+(?:-[A-Za-z0-9.]+)?")
_YAML_WORDS = frozenset("y n yes no on off true false null".split())
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _yaml_plain_ok(text: str) -> bool:
    return _YAML_PLAIN.fullmatch(text) is not None and text.lower() not in _YAML_WORDS


def _yaml_char(ch: str, helm: bool = False) -> str:
    if ch in _YAML_ESCAPES:
        return _YAML_ESCAPES[ch]
    if helm and ch in "{}*":  # no `{{` (Helm action) nor `*/` (end of a template comment) can appear in the text
        return f"\\x{ord(ch):02X}"
    code = ord(ch)
    # escape C0/C1 controls, DEL, the Unicode line/paragraph separators, surrogates, BOM and non-characters;
    # keep every other printable character as is (readable non-ASCII text, one line)
    if code < 0x20 or 0x7F <= code <= 0xA0 or code in (0x2028, 0x2029, 0xFEFF) or 0xD800 <= code <= 0xDFFF \
            or (code & 0xFFFE) == 0xFFFE:
        return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    return ch


def _yaml_quoted(value: Any, helm: bool = False) -> str:
    """A double-quoted YAML scalar on one line, read back by every YAML reader as exactly str(value)."""
    return '"' + "".join(_yaml_char(ch, helm) for ch in str(value)) + '"'


def yaml_scalar(value: Any, helm: bool = False) -> str:
    """One YAML scalar on one line: bool → true/false, None → null, numbers as numbers, a string plain when that is
    safe (see _YAML_PLAIN) and double-quoted otherwise. Used by the "yaml" finaliser, in comments too."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?", text) else _yaml_quoted(text, helm)
    if not isinstance(value, str):
        raise TypeError(f"no YAML scalar for {type(value).__name__}: build it with yaml_dump")
    return value if _yaml_plain_ok(value) else _yaml_quoted(value, helm)


def helm_scalar(value: Any) -> str:
    """A YAML scalar (as yaml_scalar) in a file Helm reads as a Go template: `{`, `}` and `*` only as \\xNN escapes in
    a double-quoted scalar, so no user text can open a Helm action or close a template comment."""
    return yaml_scalar(value, helm=True)


def yaml_str(value: Any) -> str:
    """A double-quoted YAML string whatever the value looks like (for values a reader expects quoted: schedules,
    sizes, image references)."""
    return _yaml_quoted(value)


def _yaml_dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    def text(dumper, data):
        if "\n" in data and data.strip("\n") and all(_yaml_char(ch) in (ch, '\\"', "\\\\") for ch in data if ch != "\n"):
            style = "|"  # file contents stay readable; the emitter falls back to a quoted scalar where | cannot hold it
        elif _yaml_plain_ok(data):
            style = None
        else:
            style = '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def yaml_dump(value: Any) -> str:
    """A YAML document built by the YAML library: block mappings, strings plain only when every YAML reader (1.1 and
    1.2) takes them as strings, double-quoted on one line otherwise, multi-line text as literal blocks, no anchors."""
    import yaml

    return yaml.dump(value, Dumper=_yaml_dumper(), allow_unicode=True, width=10**9, sort_keys=False,
                     default_flow_style=False)


def yaml_block(value: Any, indent: int = 0) -> str:
    """yaml_dump for a block inside a template: no final newline, every non-empty line indented by `indent`."""
    return "\n".join(" " * indent + line if line else line for line in yaml_dump(value).rstrip("\n").split("\n"))


def k8s_literal(text: str) -> str:
    """The text Kubernetes' $(VAR) expansion (env values, command, args) turns back into `text`: `$$` is read as `$`
    and `$(NAME)` as a reference, any other `$` is kept; so every `$` followed by `$` or `(` is doubled."""
    return re.sub(r"\$(?=[$(])", "$$", text)
