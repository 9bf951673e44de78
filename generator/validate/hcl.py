"""HCL syntax with HashiCorp's own parser: `hcl2json` (npm @cdktf/hcl2json, hashicorp/hcl compiled to WASM).

`parse_hcl(files)` also returns each file's JSON form, which the derived AWS argument check reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import find_tool, missing, rel, run

NAME = "HCL syntax (hcl2json)"
# "main.tf:3,13-4,1: Invalid expression; Expected the start of an expression, ..."
_DIAG = re.compile(r"(?:^|[\[ ])(\S+?):(\d+),\d+(?:-(?:\d+,)?\d+)?: ([^;]+);")


class HclUnavailable(Exception):
    """hcl2json is not installed (reason in the message)."""


def terraform_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tf") if p.is_file() and ".terraform" not in p.parts)


def parse_hcl(files: Sequence[Path]) -> tuple[dict[Path, dict], dict[Path, str], str]:
    """({file: JSON form}, {file: parser error}, raw output). Files that fail are retried around, so every
    bad file is reported, at the cost of one parser run per bad file."""
    tool = find_tool("hcl2json")
    if tool is None:
        raise HclUnavailable(missing("hcl2json"))
    parsed: dict[Path, dict] = {}
    errors: dict[Path, str] = {}
    output = []
    todo = list(files)
    while todo:
        proc = run([tool, *map(str, todo)])
        output.append(proc.stdout + proc.stderr)
        if proc.returncode == 0:
            data = json.loads(proc.stdout)
            parsed.update({todo[0]: data} if len(todo) == 1 else {f: data[str(f)] for f in todo})
            break
        bad = next((f for f in todo if proc.stderr.startswith(f"{f}: ")), None)
        if bad is None:  # not a per-file parse error: the tool itself failed
            errors.update({f: proc.stderr.strip() or f"hcl2json exited {proc.returncode}" for f in todo})
            break
        errors[bad] = proc.stderr.strip()[len(str(bad)) + 2:]
        todo.remove(bad)  # the files before it parsed, but hcl2json printed nothing: run them again
    return parsed, errors, "".join(output)


def _findings(file: Path, message: str, base: Path | None) -> list[Finding]:
    name = rel(file, base)
    matches = list(_DIAG.finditer(message))
    found = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(message)
        detail = message[m.end():end].strip().rstrip("]").strip()
        found.append(Finding(name, int(m.group(2)), f"{m.group(3).strip()}: {detail}" if detail else m.group(3)))
    return found or [Finding(name, None, message)]


def check_hcl_syntax(root: Path, base: Path | None = None) -> CheckResult:
    """Every .tf file under `root` parses with HashiCorp's HCL parser."""
    files = terraform_files(root)
    if not files:
        return skipped(NAME, f"no .tf files in {rel(root, base)}")
    try:
        parsed, errors, output = parse_hcl(files)
    except HclUnavailable as err:
        return skipped(NAME, str(err))
    if errors:
        findings = [f for file, message in sorted(errors.items()) for f in _findings(file, message, base)]
        return failed(NAME, f"{len(errors)} of {len(files)} file(s) do not parse", findings, output=output)
    return passed(NAME, f"{len(parsed)} file(s) under {rel(root, base)}", output=output)
