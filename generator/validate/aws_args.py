"""Every aws_* resource and data source in a Terraform folder against derived provider data (aws_schema).

The .tf files are read through HashiCorp's HCL parser (hcl2json); findings point at the argument's line.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.validate import aws_schema
from generator.validate.hcl import HclUnavailable, parse_hcl, terraform_files
from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import rel

NAME = "AWS arguments"


def _block_line(lines: list[str], section: str, type_: str, name: str) -> int | None:
    head = re.compile(rf'^\s*{section}\s+"{re.escape(type_)}"\s+"{re.escape(name)}"')
    return next((i + 1 for i, text in enumerate(lines) if head.match(text)), None)


def _arg_line(lines: list[str], start: int | None, path: tuple[str, ...]) -> int | None:
    """Line of the (nested) argument `path` inside the block starting at line `start`."""
    if start is None:
        return None
    line = start
    for arg in path:
        pattern = re.compile(rf'^\s*(?:{re.escape(arg)}\s*[={{]|dynamic\s+"{re.escape(arg)}")')
        found = next((i + 1 for i in range(line, len(lines)) if pattern.match(lines[i])), None)
        if found is None:
            return line
        line = found
    return line


def block_problems(parsed: dict[Path, dict], base: Path | None = None) -> tuple[list[Finding], int]:
    """Findings for every aws_* block in the parsed files, and how many blocks were checked."""
    findings: list[Finding] = []
    checked = 0
    for path, doc in sorted(parsed.items()):
        lines = path.read_text(encoding="utf-8").splitlines()
        for section in ("resource", "data"):
            for type_, named in sorted(((doc or {}).get(section) or {}).items()):
                if not type_.startswith("aws_"):
                    continue
                for name, bodies in sorted(named.items()):
                    start = _block_line(lines, section, type_, name)
                    where = f"{section} {type_}.{name}"
                    try:
                        spec = aws_schema.resource(type_, section)
                    except KeyError:
                        findings.append(Finding(rel(path, base), start, f"{where}: no such {section} type in AWS "
                                                f"provider {aws_schema.provider_version()} ({aws_schema.SOURCE})"))
                        continue
                    for body in bodies if isinstance(bodies, list) else [bodies]:
                        checked += 1
                        for problem in aws_schema.problems(spec, body):
                            line = _arg_line(lines, start, problem.path[:-1] if problem.missing else problem.path)
                            findings.append(Finding(rel(path, base), line, f"{where}: {problem}"))
    return findings, checked


def check_aws_arguments(root: Path, base: Path | None = None) -> CheckResult:
    files = terraform_files(root)
    if not files:
        return skipped(NAME, f"no .tf files in {rel(root, base)}")
    try:
        data = aws_schema.data()
    except aws_schema.DataUnavailable as err:
        return skipped(NAME, str(err), missing_tool="@cdktf/provider-aws")
    try:
        parsed, errors, output = parse_hcl(files)
    except HclUnavailable as err:
        return skipped(NAME, str(err), missing_tool="hcl2json")
    findings, checked = block_problems(parsed, base)
    label = (f"{checked} aws_* block(s) against derived provider data "
             f"(AWS provider {data['provider']}, @cdktf/provider-aws {data['package']})")
    if errors:
        label += f"; {len(errors)} file(s) not parsed (see HCL syntax)"
    text = "\n".join(str(f) for f in findings) or f"{label}: no problem"
    if findings:
        return failed(NAME, f"{len(findings)} problem(s) in {label}", findings, output=text)
    if checked == 0:
        return skipped(NAME, f"no aws_* resources in {rel(root, base)}")
    return passed(NAME, label, output=output + text)
