"""checkov policy checks on Terraform, Kubernetes manifests and Helm charts (rendered by checkov via helm).

Failed checks become findings `file:line CKV_ID name (resource)`. Inline skips (`#checkov:skip=CKV_ID:reason`)
are honoured by checkov itself; a skip without a reason is a finding too, since a skipped check must say why.
Files checkov cannot parse fail the check: nothing was proved about them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import find_tool, missing, rel, run

NAME = "checkov"
# No network at run time: no guideline download, no PyPI update check (checkov does it on import).
ENV = {"CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "BC_SKIP_MAPPING": "TRUE"}
NO_REASON = ("", "no comment provided")


@dataclass(frozen=True)
class CheckovCheck:
    check_id: str
    name: str
    file: str
    line: int | None
    resource: str
    reason: str = ""  # the inline skip's comment, for skipped checks

    def finding(self, message: str | None = None) -> Finding:
        return Finding(self.file, self.line, message or f"{self.check_id} {self.name} ({self.resource})")


@dataclass(frozen=True)
class CheckovReport:
    frameworks: tuple[str, ...]
    failed: tuple[CheckovCheck, ...]
    skipped: tuple[CheckovCheck, ...]
    passed: int
    resources: int
    parsing_errors: tuple[str, ...]
    output: str


def run_checkov(target: Path, frameworks: Sequence[str], base: Path | None = None) -> CheckovReport | None:
    """Run checkov on a folder (or one file) and read its JSON report; None when checkov is not installed."""
    tool = find_tool("checkov")
    if tool is None:
        return None
    target = target.resolve()
    where = ["-d", str(target)] if target.is_dir() else ["-f", str(target)]
    root = target if target.is_dir() else target.parent
    proc = run([tool, *where, "--framework", *frameworks, "--skip-download", "--compact", "-o", "json"],
               cwd=root, env=ENV)
    try:
        data = json.loads(proc.stdout or "null")
    except json.JSONDecodeError:
        data = None
    if data is None:
        return CheckovReport(tuple(frameworks), (), (), 0, 0,
                             (f"checkov exited {proc.returncode}: {proc.stderr.strip()[-500:]}",),
                             proc.stdout + proc.stderr)
    reports = data if isinstance(data, list) else [data]
    bad, skips, errors = [], [], []
    passed_count = resources = 0
    for report in reports:
        results, summary = report.get("results") or {}, report.get("summary") or report
        passed_count += int(summary.get("passed", 0))
        resources += int(summary.get("resource_count", 0))
        bad += [_check(c, root, base) for c in results.get("failed_checks", [])]
        skips += [_check(c, root, base) for c in results.get("skipped_checks", [])]
        errors += [rel(root / str(p).lstrip("/"), base) for p in results.get("parsing_errors", [])]
        if int(summary.get("parsing_errors", 0)) and not results.get("parsing_errors"):
            errors.append(f"{summary['parsing_errors']} file(s) ({report.get('check_type', '?')})")
    return CheckovReport(tuple(frameworks), tuple(bad), tuple(skips), passed_count, resources, tuple(errors),
                         proc.stdout)


def _check(raw: dict, root: Path, base: Path | None) -> CheckovCheck:
    lines = raw.get("file_line_range") or []
    file = rel(root / str(raw.get("file_path", "")).lstrip("/"), base)
    reason = str((raw.get("check_result") or {}).get("suppress_comment") or "")
    return CheckovCheck(raw.get("check_id", "?"), raw.get("check_name", ""), file,
                        int(lines[0]) if lines and lines[0] else None, raw.get("resource", ""), reason)


def check_checkov(target: Path, frameworks: Sequence[str] = ("terraform",), base: Path | None = None) -> CheckResult:
    """checkov on `target`: failed when a check fails, a skip gives no reason, or a file does not parse."""
    note = ""
    if "helm" in frameworks and find_tool("helm") is None:  # checkov renders charts with helm
        frameworks = [f for f in frameworks if f != "helm"]
        if not frameworks:
            return skipped(NAME, f"charts not checked: {missing('helm')}", missing_tool="helm")
        note = "; charts not checked (helm not installed)"
    report = run_checkov(target, frameworks, base)
    if report is None:
        return skipped(NAME, missing("checkov"), missing_tool="checkov")
    return checkov_result(report, note)


def checkov_result(report: CheckovReport, note: str = "") -> CheckResult:
    """The CheckResult of a report (tests that also inspect the report use this to run checkov once)."""
    findings = [c.finding() for c in report.failed]
    findings += [c.finding(f"{c.check_id} skipped inline without a reason ({c.resource})")
                 for c in report.skipped if c.reason.strip().lower() in NO_REASON]
    findings += [Finding(e, None, "checkov could not parse this file") for e in report.parsing_errors]
    what = (f"{', '.join(report.frameworks)}: {report.passed} passed, {len(report.skipped)} skipped inline, "
            f"{report.resources} resources{note}")
    if findings:
        return failed(NAME, f"{len(report.failed)} failed; {what}", findings, output=report.output)
    return passed(NAME, what, output=report.output)
