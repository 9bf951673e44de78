"""Canonical HCL layout for rendered Terraform, as `tofu fmt` writes it: the `=` of consecutive one-line
attribute assignments aligned one space after the longest name. Templates print everything else already
in canonical form; tests check the result with the real `tofu fmt -check`.

hclwrite's rule (format.go, formatCells): a line is an "assign" line when it has `=` after its first
token and the rest of the line does not open a bracket left open at its end; a run of consecutive
assign lines is aligned; any other line (blank, comment, block header, closing bracket) ends the run.
"""

from __future__ import annotations

import re

_ASSIGN = re.compile(r'^(\s*)("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*)\s*=(?!=)\s*(.*)$')


def _net_open(text: str) -> int:
    depth, in_str, i = 0, False, 0
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "#" or text.startswith("//", i):
            break
        i += 1
    return depth


def format_hcl(text: str) -> str:
    lines = text.split("\n")
    parsed = []
    for line in lines:
        m = _ASSIGN.match(line)
        if m and _net_open(m.group(3)) <= 0:
            parsed.append((m.group(1) + m.group(2), m.group(3)))
        else:
            parsed.append(None)
    out = list(lines)
    i = 0
    while i < len(lines):
        if parsed[i] is None:
            i += 1
            continue
        j = i
        while j < len(lines) and parsed[j] is not None:
            j += 1
        width = max(len(p[0]) for p in parsed[i:j])
        for k in range(i, j):
            lead, value = parsed[k]
            out[k] = f"{lead.ljust(width)} = {value}"
        i = j
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in out))
    return text.strip("\n") + "\n"
