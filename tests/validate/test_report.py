"""What `c2p validate` finds in a folder and how it reports (no external tool involved here)."""

from __future__ import annotations

from pathlib import Path

from generator.validate.layout import discover
from generator.validate.result import CheckResult, Finding
from generator.validate.runner import apply_required, json_report, summary_line, text_report


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_discover_finds_charts_manifests_values_and_terraform(tmp_path):
    root = _tree(tmp_path, {
        "k8s/charts/app/Chart.yaml": "name: app\n", "k8s/charts/app/templates/d.yaml": "{{ x }}\n",
        "k8s/charts/app/charts/sub/Chart.yaml": "name: sub\n",
        "k8s/manifests/db/cluster.yaml": "kind: Cluster\n", "k8s/values/v.values.yaml": "# c2p-chart: a/b 1.0\n",
        "k8s/values/notes.yaml": "x: 1\n", "aws/terraform/main.tf": "", "aws/terraform/modules/m/x.tf": "",
        "aws/terraform/.terraform/providers/p.tf": "", "k8s/README.md": "",
    })
    layout = discover(root)
    assert layout.charts == (root / "k8s/charts/app",)
    assert layout.manifests == (root / "k8s/manifests/db/cluster.yaml",)
    assert layout.values == (root / "k8s/values/v.values.yaml",)
    assert layout.terraform == (root / "aws/terraform",)
    assert discover(root / "k8s" / "manifests").manifests == (root / "k8s/manifests/db/cluster.yaml",)
    assert discover(_tree(tmp_path / "e", {"a.txt": ""})).empty


def test_text_report_lines_and_summary():
    results = [
        CheckResult("kubeconform -strict", "passed", "3 resources (core 1.33)"),
        CheckResult("checkov", "failed", "1 failed", (Finding("charts/a/templates/d.yaml", 21, "CKV_K8S_43 x"),)),
        CheckResult("tofu", "skipped", "no Terraform in this folder"),
    ]
    assert text_report(results).splitlines() == [
        "✓ kubeconform -strict  3 resources (core 1.33)",
        "✗ checkov              1 failed",
        "    charts/a/templates/d.yaml:21 CKV_K8S_43 x",
        "– tofu                 no Terraform in this folder",
        "1 failed, 1 passed, 1 skipped",
    ]
    assert '"ok": false' in json_report(Path("out"), results)


def test_require_turns_a_missing_tool_skip_into_a_failure():
    results = [CheckResult("helm lint --strict", "skipped", "helm not installed", missing_tool="helm"),
               CheckResult("tofu", "skipped", "no Terraform in this folder")]
    required = apply_required(results, ["helm"])
    assert [r.status for r in required] == ["failed", "skipped"]
    assert required[0].summary == "required: helm not installed"
    assert summary_line(required) == "1 failed, 1 skipped"
