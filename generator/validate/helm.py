"""helm lint --strict and helm template | kubeconform -strict for a chart folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.validate import k8s_schemas
from generator.validate.kubeconform import check_kubernetes
from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import find_tool, missing, rel, run

LINT = "helm lint --strict"
TEMPLATE = "helm template"
# "[ERROR] templates/x.yaml: ..." and "templates/x.yaml:12:3" positions inside helm's messages.
_LEVEL = re.compile(r"^\[(ERROR|WARNING|INFO)\]\s*(.*)$")
_POS = re.compile(r"(templates/[^\s:\"()]+|Chart\.yaml|values\.yaml)(?::(\d+))?")


def check_helm_lint(chart: Path, base: Path | None = None) -> CheckResult:
    """`helm lint --strict CHART`: errors and (strict) warnings become findings."""
    tool = find_tool("helm")
    if tool is None:
        return skipped(LINT, missing("helm"), missing_tool="helm")
    proc = run([tool, "lint", "--strict", str(chart)])
    out = proc.stdout + proc.stderr
    findings = []
    for line in out.splitlines():
        level = _LEVEL.match(line.strip())
        if level and level.group(1) in ("ERROR", "WARNING"):
            findings.append(_finding(chart, level.group(2), base))
    name = rel(chart, base)
    if proc.returncode != 0:
        if not findings:
            findings = [Finding(name, None, out.strip().splitlines()[-1] if out.strip() else "helm lint failed")]
        return failed(LINT, f"{name}: {len(findings)} problem(s)", findings, output=out)
    return passed(LINT, name, output=out)


def _finding(chart: Path, message: str, base: Path | None) -> Finding:
    spots = sorted(_POS.findall(message), key=lambda m: (not m[1], m[0].endswith("/")))
    if spots:
        file, line = spots[0]
        return Finding(rel(chart / file, base), int(line) if line else None, message)
    return Finding(rel(chart, base), None, message)


def render(chart: Path, release: str = "release") -> tuple[int, str, str]:
    """`helm template RELEASE CHART` → (exit code, stdout, stderr)."""
    proc = run([find_tool("helm") or "helm", "template", release, str(chart)])
    return proc.returncode, proc.stdout, proc.stderr


def check_helm_template(
    chart: Path,
    schema_locations: Sequence[str | Path] = (),
    kubernetes_version: str = k8s_schemas.DEFAULT_KUBERNETES_VERSION,
    base: Path | None = None,
) -> CheckResult:
    """Render the chart with its default values and validate every object with kubeconform -strict."""
    name = f"{TEMPLATE} | kubeconform"
    if find_tool("helm") is None:
        return skipped(name, missing("helm"), missing_tool="helm")
    code, out, err = render(chart)
    label = rel(chart, base)
    if code != 0:
        return failed(name, f"{label}: helm template failed", [_finding(chart, err.strip(), base)], output=err)
    result = check_kubernetes(text=out, schema_locations=schema_locations, kubernetes_version=kubernetes_version,
                              name=name, source=f"{label} (rendered)")
    if result.status == "skipped":
        return result
    return CheckResult(name, result.status, f"{label}: {result.summary}", result.findings, out + result.output)
