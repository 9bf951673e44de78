"""`c2p validate OUT`: run every check that applies to a generated folder and report one line per check."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.validate import k8s_schemas
from generator.validate.layout import Layout, discover
from generator.validate.result import CheckResult, Finding, failed, skipped
from generator.validate.tools import find_tool, missing
from generator.write import MANIFEST

# Names `--require` accepts: the binaries, the core-schema package and the derived AWS provider data.
REQUIRABLE = ("checkov", "hcl2json", "helm", "kubeconform", "tofu", "kubernetes-validate", "@cdktf/provider-aws")
MARK = {"passed": "✓", "failed": "✗", "skipped": "–"}


def collect(
    out: Path,
    schema_locations: Sequence[str | Path] = (),
    kubernetes_version: str = k8s_schemas.DEFAULT_KUBERNETES_VERSION,
    chart_schemas: Path | None = None,
) -> list[CheckResult]:
    """Every check that applies to the folder `out`, in a fixed order; findings are relative to `out`."""
    layout = discover(out)
    if layout.unsafe:  # the tools read whole folders: a FIFO blocks them, a link out leaks what it points at
        first, why = layout.unsafe[0]
        more = f" (and {len(layout.unsafe) - 1} more)" if len(layout.unsafe) > 1 else ""
        return [failed("c2p validate", f"{first.relative_to(out)} is {why}{more}: no check was run (the tools would "
                                       "block on it or read outside the folder); remove it",
                       findings=tuple(Finding(str(p.relative_to(out)), None, why) for p, why in layout.unsafe))]
    if layout.empty and any(out.glob(f"**/{MANIFEST}")):  # c2p wrote it: only docs (every service was left out)
        return [skipped("c2p validate", f"nothing to check in {out}: c2p wrote only documents here (README.md "
                                        "says which services were left out and why)")]
    if layout.empty:
        return [failed("c2p validate", f"nothing to check in {out}: no Kubernetes manifests, Helm charts, "
                                       "chart values or Terraform (is this a `c2p generate` output folder?)")]
    results = _kubernetes(out, layout, schema_locations, kubernetes_version, chart_schemas)
    results += _terraform(out, layout)
    results += _checkov(out, layout)
    return results


def _kubernetes(out: Path, layout: Layout, locations, version: str, chart_schemas) -> list[CheckResult]:
    from generator.validate.helm import check_helm_lint, check_helm_template
    from generator.validate.kubeconform import check_kubernetes
    from generator.validate.values import check_chart_values

    if not layout.kubernetes:
        return [skipped("kubernetes", "no Kubernetes manifests, Helm charts or chart values in this folder")]
    results = []
    if layout.manifests:
        results.append(check_kubernetes(layout.manifests, schema_locations=locations, kubernetes_version=version,
                                        base=out))
    for chart in layout.charts:
        results.append(check_helm_lint(chart, base=out))
        results.append(check_helm_template(chart, schema_locations=locations, kubernetes_version=version, base=out))
    for values in layout.values:
        results.append(check_chart_values(values, chart_schemas, base=out))
    return results


def _terraform(out: Path, layout: Layout) -> list[CheckResult]:
    from generator.validate.aws_args import check_aws_arguments
    from generator.validate.hcl import check_hcl_syntax
    from generator.validate.tofu_fmt import check_tofu_fmt
    from generator.validate.tofu_validate import check_tofu_validate

    if not layout.terraform:
        return [skipped("tofu", "no Terraform in this folder")]
    results = []
    for root in layout.terraform:
        results += [check_tofu_fmt(root, base=out), check_hcl_syntax(root, base=out),
                    check_tofu_validate(root, base=out)]
        aws = check_aws_arguments(root, base=out)
        if not (aws.status == "skipped" and not aws.missing_tool):  # no aws_* resources: nothing to say
            results.append(aws)
    return results


def _checkov(out: Path, layout: Layout) -> list[CheckResult]:
    from generator.validate.checkov import check_checkov

    frameworks = [name for name, present in (("terraform", layout.terraform), ("kubernetes", layout.manifests),
                                             ("helm", layout.charts)) if present]
    return [check_checkov(out, frameworks, base=out)] if frameworks else []


def _available(tool: str) -> bool:
    if tool == "kubernetes-validate":
        return importlib.util.find_spec("kubernetes_validate") is not None
    if tool == "@cdktf/provider-aws":
        from generator.validate.aws_schema import jsii_path

        return jsii_path().is_file()
    return find_tool(tool) is not None


def apply_required(results: list[CheckResult], required: Sequence[str]) -> list[CheckResult]:
    """A check skipped (or done by a fallback) because a required tool is missing fails instead; a required
    tool that no check used is still looked for, so `--require` fails whenever the tool is absent."""
    wanted = set(required)
    out, seen = [], set()
    for r in results:
        if r.status != "failed" and r.missing_tool in wanted:
            seen.add(r.missing_tool)
            r = failed(r.name, f"required: {r.summary}", output=r.output)
        out.append(r)
    for tool in sorted(wanted - seen):
        if not _available(tool):
            out.append(failed(f"require {tool}", missing(tool)))
    return out


def unknown_required(required: Sequence[str]) -> list[str]:
    return [t for t in required if t not in REQUIRABLE]


def counts(results: Sequence[CheckResult]) -> dict[str, int]:
    return {status: sum(r.status == status for r in results) for status in ("failed", "passed", "skipped")}


def summary_line(results: Sequence[CheckResult]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts(results).items() if n) or "nothing checked"


def text_report(results: Sequence[CheckResult]) -> str:
    width = max(len(r.name) for r in results) + 2
    lines = []
    for r in results:
        lines.append(f"{MARK[r.status]} {r.name.ljust(width)}{r.summary}".rstrip())
        lines += [f"    {f}" for f in r.findings]
    lines.append(summary_line(results))
    return "\n".join(lines)


def json_report(out: Path, results: Sequence[CheckResult]) -> str:
    return json.dumps({"folder": str(out), "ok": all(r.ok for r in results), "counts": counts(results),
                       "checks": [r.to_json() for r in results]}, indent=2)


def run_validate(
    out: Path,
    schema_locations: Sequence[str | Path] = (),
    kubernetes_version: str = k8s_schemas.DEFAULT_KUBERNETES_VERSION,
    required: Sequence[str] = (),
    fmt: str = "text",
    echo: Callable[[str], object] = print,
    chart_schemas: Path | None = None,
) -> bool:
    """Run `collect` on `out`, print the report (text or json) with `echo`; False when anything failed."""
    from generator.errors import C2PError

    if bad := unknown_required(required):
        raise C2PError(f"--require {bad[0]}: not a tool c2p validate uses", hint=f"one of {', '.join(REQUIRABLE)}")
    results = apply_required(collect(out, schema_locations, kubernetes_version, chart_schemas), required)
    echo(json_report(out, results) if fmt == "json" else text_report(results))
    return all(r.ok for r in results)

