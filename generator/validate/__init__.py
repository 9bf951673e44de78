"""Real validators for generated output: `c2p validate` and the target tests both use these checks.

Every check returns a `CheckResult(name, status, summary, findings, output, missing_tool)`:
`status` is "passed" | "failed" | "skipped" (tool missing or nothing to check: `summary` says why),
`findings` is a tuple of `Finding(file, line, message)` (line may be None), `output` is the tool's raw
output (assert on it in tests to prove the tool really ran), `missing_tool` names the tool whose absence
caused a skip (`--require TOOL` turns that skip into a failure). `result.ok` is False only for "failed".
Tools are looked up in $C2P_TOOLS_DIR/bin (default ~/.cache/c2p-tools/bin, filled by `make tools`), then
PATH. In tests call `require_tool("kubeconform")` (tests/conftest.py) first so a missing tool skips/fails
loudly instead of the check quietly returning "skipped". No check uses the network, except kubeconform
when no schema location is given (the public CRDs catalog).

Kubernetes (k8s target tests)::

    from generator.validate import check_kubernetes, check_helm_lint, check_helm_template, check_chart_values
    CRDS = [shared_path("schemas", "generated-from-crds")]        # always pass local CRD schemas in tests
    r = check_kubernetes(sorted(out.glob("k8s/manifests/**/*.yaml")), schema_locations=CRDS)
    assert r.status == "passed", r                                # str(r) lists file:line findings
    check_kubernetes(text=rendered_yaml, schema_locations=CRDS, source="helm template")  # from stdin
    check_helm_lint(chart_dir)                                    # helm lint --strict
    check_helm_template(chart_dir, schema_locations=CRDS)         # helm template | kubeconform -strict
    check_chart_values(values_file, shared_path("schemas"))       # values.schema.json + unknown keys

  Without the kubeconform binary, check_kubernetes gives the same verdict in Python (k8s_fallback.py; local
  schema folders only, result.missing_tool == "kubeconform").
  `schema_locations`: folders laid out <group>/<kind>_<version>.json, or kubeconform templates with
  `{{.Group}}` etc.; none → the public CRDs catalog (needs network). Core schemas come from the
  kubernetes-validate package; `kubernetes_version` defaults to "1.33".
  `check_chart_values` reads the chart from the file's first line `# c2p-chart: <repo>/<chart> <version>`
  and its schema folder under the given dir (vault-helm/, valkey-helm/, bitnami-redis/, cnpg-charts/...).

Terraform (aws target tests)::

    from generator.validate import check_tofu_fmt, check_hcl_syntax, check_tofu_validate, check_checkov
    check_tofu_fmt(tf_dir)         # tofu fmt -check -recursive (findings: file:line of first difference);
                                   # *.tfvars.example files are checked too
    check_hcl_syntax(tf_dir)       # every .tf through HashiCorp's HCL parser (@cdktf/hcl2json)
    parse_hcl(files)               # -> ({file: JSON form}, {file: parser error}, raw output)
    check_tofu_validate(tf_dir)    # tofu validate -json with dev_overrides (TOOLS_DIR/tofurc: random, hcp,
                                   # timescale built by make tools); when only hashicorp/aws is missing, on a
                                   # derived copy without the aws_* blocks (tofu_partial.py), said in the summary;
                                   # skipped naming any other provider not built; tool= another tofu binary
    check_checkov(dir, frameworks=("terraform",))   # failed checks → file:line CKV_ID name (resource);
                                   # inline skips honoured, a skip without a reason is a finding
    run_checkov(dir, frameworks)   # -> CheckovReport(failed, skipped (with reasons), passed, ...) or None;
                                   # checkov_result(report) is its CheckResult (one checkov run for both)
    check_aws_arguments(tf_dir)    # every aws_* block against derived provider data (below)

  Derived AWS provider data (aws 6.25 via the npm package @cdktf/provider-aws; name tests
  "... against derived provider data")::

    from generator.validate import aws_schema
    spec = aws_schema.resource("aws_db_instance")       # KeyError for an unknown resource type
    spec.arguments                                      # {"instance_class": Argument(required=True, block=None), ...}
    spec.required                                       # frozenset of required argument names
    aws_schema.data_source("aws_ami")                   # a data source's ResourceSpec
    aws_schema.block("aws_db_instance", "timeouts")     # a nested block's ResourceSpec ("a.b" for deeper)
    aws_schema.check_arguments("aws_db_instance", {"engine": ..., ...})  # -> list of problems (str)

Whole folders: `collect(out, schema_locations=(), kubernetes_version="1.33", chart_schemas=None)
-> list[CheckResult]` finds what `out` holds (layout.discover: charts, manifests/, `# c2p-chart` values
files, Terraform folders) and runs what applies; `run_validate(out, schema_locations, kubernetes_version,
required, fmt, echo, chart_schemas=None) -> bool` prints one line per check and a summary (or JSON) and
is what `c2p validate` calls.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "CheckResult": "result", "Finding": "result",
    "check_kubernetes": "kubeconform",
    "check_helm_lint": "helm", "check_helm_template": "helm",
    "check_chart_values": "values",
    "check_tofu_fmt": "tofu_fmt", "check_hcl_syntax": "hcl", "check_tofu_validate": "tofu_validate",
    "check_checkov": "checkov", "run_checkov": "checkov", "checkov_result": "checkov", "parse_hcl": "hcl",
    "check_aws_arguments": "aws_args",
    "run_validate": "runner", "collect": "runner",
    "find_tool": "tools",
}
__all__ = sorted([*_EXPORTS, "aws_schema"])


def __getattr__(name: str):  # lazy: `import generator.validate` stays cheap for the CLI
    if name == "aws_schema":
        return importlib.import_module("generator.validate.aws_schema")
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"generator.validate.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'generator.validate' has no attribute {name!r}")
