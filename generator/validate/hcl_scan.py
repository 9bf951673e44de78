"""A small lexer for HCL native syntax: where the code is, where its blocks and attributes begin and end.

Only what `tofu_partial` needs to derive a copy of a configuration: top-level blocks with their byte ranges,
the items (attributes, nested blocks) of a body, and the traversals (`var.x`, `aws_db_instance.main.port`)
written in code — never inside a string's literal text or a comment, but inside `${…}`/`%{…}` of strings and
heredocs. It follows hashicorp/hcl's hclsyntax scanner (identifiers may contain `-`; `$${` and `%%{` are
literal; heredocs `<<EOT`/`<<-EOT` end at a line holding only the marker). The input has already been
accepted by HashiCorp's parser (the HCL syntax check), so malformed input only needs not to crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")
_OPEN = {"{": "}", "[": "]", "(": ")"}


@dataclass(frozen=True)
class Token:
    kind: str  # "ident" | "number" | "punct" | "string" (a whole quoted string or heredoc) | "newline"
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Code tokens in order; a string/heredoc yields one "string" token followed by the code tokens of its
    interpolations (so a traversal inside `"${var.x}"` is found like one outside)."""
    out: list[Token] = []
    _code(text, 0, out, closing=None)
    return out


def _code(text: str, i: int, out: list[Token], closing: str | None) -> int:
    """Lex code from i; with `closing` ("}" of an interpolation) stop after the matching brace."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(Token("newline", c, i, i + 1))
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#" or text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == '"':
            start = i
            string_tokens: list[Token] = []
            i = _template(text, i + 1, string_tokens, end_quote=True)
            out.append(Token("string", text[start:i], start, i))
            out.extend(string_tokens)
        elif c == "<" and (m := _HEREDOC.match(text, i)):
            start = i
            string_tokens = []
            i = _heredoc(text, m.end(), m.group(2), string_tokens)
            out.append(Token("string", text[start:i], start, i))
            out.extend(string_tokens)
        elif m := _IDENT.match(text, i):
            out.append(Token("ident", m.group(), i, m.end()))
            i = m.end()
        elif m := _NUMBER.match(text, i):
            out.append(Token("number", m.group(), i, m.end()))
            i = m.end()
        else:
            if closing is not None:
                if c in "{":
                    depth += 1
                elif c == "}":
                    if depth == 0:
                        return i + 1
                    depth -= 1
            width = 3 if text.startswith("...", i) else (
                2 if text[i:i + 2] in ("==", "!=", "<=", ">=", "&&", "||", "=>", "::") else 1)
            out.append(Token("punct", text[i:i + width], i, i + width))
            i += width
    return i


def _template(text: str, i: int, out: list[Token], end_quote: bool, stop: int | None = None) -> int:
    """Lex a template's literal text from i up to the closing quote (or `stop`), descending into ${ } / %{ }."""
    n = len(text) if stop is None else stop
    while i < n:
        c = text[i]
        if end_quote and c == "\\":
            i += 2
        elif end_quote and c == '"':
            return i + 1
        elif text.startswith("$${", i) or text.startswith("%%{", i):
            i += 3
        elif text.startswith("${", i) or text.startswith("%{", i):
            i = _code(text, i + 2, out, closing="}")
        elif end_quote and c == "\n":  # not valid HCL; stop rather than run away
            return i
        else:
            i += 1
    return i


def _heredoc(text: str, i: int, marker: str, out: list[Token]) -> int:
    end = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*$", re.M)
    m = end.search(text, i)
    body_end = m.start() if m else len(text)
    _template(text, i, out, end_quote=False, stop=body_end)
    return m.end() if m else len(text)


@dataclass
class Item:
    """An attribute (`name = expr`) or a block (`type "label" { … }`) in a body."""
    kind: str  # "attribute" | "block"
    name: str  # attribute name or block type
    labels: tuple[str, ...]
    start: int  # offset of the name
    end: int  # offset just past the attribute's expression or the block's closing brace
    toks: list[Token] = field(default_factory=list)  # every token of the item
    body: list[Token] = field(default_factory=list)  # a block's body tokens (between its braces)


def items(toks: list[Token]) -> list[Item]:
    """The attributes and blocks of a body, in order (top level of a file, or a block's body tokens)."""
    out: list[Item] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.kind == "newline" or t.kind != "ident":
            i += 1
            continue
        j = i + 1
        labels = []
        while j < n and toks[j].kind in ("string", "ident") and toks[j].text not in ("=",):
            if toks[j].kind == "string":
                labels.append(toks[j].text[1:-1])
                j = _skip_string(toks, j)
            else:
                labels.append(toks[j].text)
                j += 1
        if j < n and toks[j].kind == "punct" and toks[j].text == "=" and not labels:
            end = _expression_end(toks, j + 1)
            out.append(Item("attribute", t.text, (), t.start, toks[end - 1].end, toks[i:end]))
            i = end
        elif j < n and toks[j].kind == "punct" and toks[j].text == "{":
            close = _matching(toks, j)
            out.append(Item("block", t.text, tuple(labels), t.start, toks[close].end if close < n else toks[-1].end,
                            toks[i:close + 1], toks[j + 1:close]))
            i = close + 1
        else:
            i += 1
    return out


def _skip_string(toks: list[Token], j: int) -> int:
    """Index after a string token and the tokens of its interpolations."""
    end = toks[j].end
    j += 1
    while j < len(toks) and toks[j].start < end:
        j += 1
    return j


def _depths(toks: list[Token], j: int):
    """(index, token, bracket depth after it) from toks[j] on: the one bracket walk both searches below share."""
    depth = 0
    for k in range(j, len(toks)):
        t = toks[k]
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in _OPEN.values():
            depth -= 1
        yield k, t, depth


def _matching(toks: list[Token], j: int) -> int:
    """Index of the bracket closing toks[j]."""
    return next((k for k, t, depth in _depths(toks, j) if depth == 0 and t.kind == "punct" and t.text in _OPEN.values()),
                len(toks) - 1)


def _expression_end(toks: list[Token], j: int) -> int:
    """Index just past an attribute's expression: the first newline outside brackets (or a bracket closing one
    opened before it)."""
    return next((k for k, t, depth in _depths(toks, j) if depth < 0 or (t.kind == "newline" and depth == 0)),
                len(toks))


@dataclass(frozen=True)
class Traversal:
    """`root.a.b` as written in code: `parts` are the root and the attribute names up to the first index."""
    parts: tuple[str, ...]
    start: int
    ends: tuple[int, ...]  # offset just past each of `parts`

    @property
    def end(self) -> int:
        return self.ends[-1]


def traversals(toks: list[Token]) -> list[Traversal]:
    """Every traversal written in code: an identifier not preceded by `.`/`::` and followed by `.name`s."""
    out = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.kind != "ident" or (i and toks[i - 1].kind == "punct" and toks[i - 1].text in (".", "::")):
            continue
        if i + 1 < n and toks[i + 1].kind == "punct" and toks[i + 1].text == "(":
            continue  # a function call
        parts, ends, k = [t.text], [t.end], i + 1
        while k + 1 < n and toks[k].kind == "punct" and toks[k].text == "." and toks[k + 1].kind == "ident" \
                and toks[k + 1].start == toks[k].end:
            parts.append(toks[k + 1].text)
            ends.append(toks[k + 1].end)
            k += 2
        if len(parts) > 1:
            out.append(Traversal(tuple(parts), t.start, tuple(ends)))
    return out


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
