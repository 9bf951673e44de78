"""checkov on small Kubernetes and Terraform inputs: an insecure manifest is flagged with file:line, inline
skips with a reason are honoured, a skip without a reason is itself a finding."""

from __future__ import annotations

import json

import pytest

from generator.validate import check_checkov, run_checkov
from tests.conftest import require_tool

pytestmark = pytest.mark.tools

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  containers:
    - name: x
      image: nginx:latest
      securityContext:
        privileged: true
"""


def test_insecure_manifest_is_flagged(tmp_path):
    require_tool("checkov")
    (tmp_path / "pod.yaml").write_text(POD)
    result = check_checkov(tmp_path, ("kubernetes",), base=tmp_path)
    assert result.status == "failed"
    assert json.loads(result.output)["check_type"] == "kubernetes"  # checkov's own report
    ids = {f.message.split()[0] for f in result.findings}
    assert {"CKV_K8S_14", "CKV_K8S_16"} <= ids  # image tag latest, privileged container
    assert all(f.file == "pod.yaml" and f.line == 1 for f in result.findings)


def test_inline_skip_with_reason_is_honoured_and_without_reason_is_a_finding(tmp_path):
    require_tool("checkov")
    tf = """\
resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18:access logs of the log bucket itself would recurse
  #checkov:skip=CKV_AWS_144
  bucket = "logs"
}
"""
    (tmp_path / "main.tf").write_text(tf)
    report = run_checkov(tmp_path, ("terraform",), base=tmp_path)
    reasons = {c.check_id: c.reason for c in report.skipped}
    assert reasons["CKV_AWS_18"] == "access logs of the log bucket itself would recurse"
    assert "CKV_AWS_18" not in {c.check_id for c in report.failed}
    result = check_checkov(tmp_path, ("terraform",), base=tmp_path)
    assert result.status == "failed"
    assert any(f.message.startswith("CKV_AWS_144 skipped inline without a reason") for f in result.findings)
    assert any(f.file == "main.tf" and f.line == 1 for f in result.findings)


def test_clean_terraform_passes(tmp_path):
    require_tool("checkov")
    (tmp_path / "main.tf").write_text('resource "random_password" "x" {\n  length = 24\n}\n')
    result = check_checkov(tmp_path, ("terraform",))
    assert result.status == "passed", result
    assert result.summary.startswith("terraform: ")
