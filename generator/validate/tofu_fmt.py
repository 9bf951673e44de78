"""`tofu fmt -check -diff -recursive`: canonical HCL formatting, findings at the first differing line.

`*.tfvars.example` files are checked too (copied to a scratch `.tfvars`, since fmt picks files by suffix).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import find_tool, missing, rel, run

NAME = "tofu fmt -check"
# No CLI configuration is needed to format; an empty one keeps tofu from warning about ~/.terraformrc.
QUIET_ENV = {"TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")
_ERROR_AT = re.compile(r"on (\S+) line (\d+)")


def first_differences(diff: str) -> dict[str, int]:
    """{path: first line of the old file that fmt would change} from a unified diff."""
    found: dict[str, int] = {}
    current, line = None, 0
    for text in diff.splitlines():
        if text.startswith("--- "):
            current = text[4:].split("\t")[0].removeprefix("old/")
        elif text.startswith("+++ "):
            continue
        elif (hunk := _HUNK.match(text)) and current is not None:
            line = int(hunk.group(1))
        elif current is not None and current not in found and text[:1] in "-+" and line:
            found[current] = line
        elif text.startswith(" "):
            line += 1
    return found


def _fmt(tool: str, folder: Path) -> tuple[int, str, list[str]]:
    """(exit code, raw output, unformatted paths relative to folder)."""
    proc = run([tool, "fmt", "-check", "-diff", "-recursive", "-no-color", "."], cwd=folder, env=QUIET_ENV)
    listed = [line for line in proc.stdout.splitlines()
              if line and line[0] not in " -+@\\" and (folder / line).is_file()]
    return proc.returncode, proc.stdout + proc.stderr, listed


def check_tofu_fmt(root: Path, base: Path | None = None) -> CheckResult:
    """Every .tf/.tfvars (and *.tfvars.example) under `root` is formatted as `tofu fmt` would write it."""
    tool = find_tool("tofu")
    if tool is None:
        return skipped(NAME, missing("tofu"))
    tf_files = sorted(p for p in root.rglob("*") if p.suffix in (".tf", ".tfvars") and p.is_file())
    examples = sorted(root.rglob("*.tfvars.example"))
    if not tf_files and not examples:
        return skipped(NAME, f"no Terraform files in {rel(root, base)}")
    code, output, listed = _fmt(tool, root)
    findings = _findings(root, output, listed, base)
    if examples:
        with tempfile.TemporaryDirectory(prefix="c2p-fmt-") as tmp:
            names = {}
            for i, example in enumerate(examples):
                copy = Path(tmp) / f"{i}-{example.name.removesuffix('.example')}"
                shutil.copyfile(example, copy)
                names[copy.name] = example
            ex_code, ex_output, ex_listed = _fmt(tool, Path(tmp))
            output += ex_output.replace(tmp + os.sep, "")
            code = code or ex_code
            for finding in _findings(Path(tmp), ex_output, ex_listed, Path(tmp)):
                original = names.get(finding.file)
                findings.append(Finding(rel(original, base) if original else finding.file, finding.line,
                                        finding.message))
    count = len(tf_files) + len(examples)
    if code != 0 or findings:
        if not findings:
            findings = [Finding(rel(root, base), None, output.strip().splitlines()[-1] if output.strip() else
                                f"tofu fmt exited {code}")]
        return failed(NAME, f"{len(findings)} of {count} file(s) not formatted", findings, output=output)
    return passed(NAME, f"{count} file(s) under {rel(root, base)}", output=output)


def _findings(root: Path, output: str, listed: list[str], base: Path | None) -> list[Finding]:
    first = first_differences(output)
    errors: dict[str, str] = {}
    for file, line in _ERROR_AT.findall(output):
        errors.setdefault(file, line)
    found = [Finding(rel(root / f, base), int(n), "tofu fmt cannot parse this file (see the HCL syntax check)")
             for f, n in errors.items()]
    return found + [Finding(rel(root / p, base), first.get(p), "not formatted as `tofu fmt` writes it (run `tofu fmt`)")
                    for p in listed]
