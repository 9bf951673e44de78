"""kubeconform -strict really uses both schema sources: the core schemas from kubernetes-validate and the
CRD schemas in ../shared/schemas/generated-from-crds. Each bad input fails only because of its schema."""

from __future__ import annotations

import json

import pytest

from generator.validate import check_kubernetes
from tests.conftest import require_tool, shared_path

pytestmark = pytest.mark.tools

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
        app: web
  template:
    metadata:
      labels:
          app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          {extra}
"""
CLUSTER = """\
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: db
spec:
  instances: 3
  {storage}:
    size: 10Gi
"""


@pytest.fixture
def crds():
    return [shared_path("schemas", "generated-from-crds")]


def _check(tmp_path, name, text, crds):
    require_tool("kubeconform")
    path = tmp_path / name
    path.write_text(text)
    result = check_kubernetes([path], schema_locations=crds, base=tmp_path)
    report = json.loads(result.output)  # kubeconform's own JSON report: proof it ran
    return result, report


def test_valid_deployment_passes_with_core_schemas(tmp_path, crds):
    result, report = _check(tmp_path, "ok.yaml", DEPLOYMENT.format(extra="imagePullPolicy: IfNotPresent"), crds)
    assert result.status == "passed", result
    assert [r["status"] for r in report["resources"]] == ["statusValid"]
    assert result.summary == "1 resource (core 1.33)"


def test_deployment_with_unknown_field_fails_strict(tmp_path, crds):
    result, report = _check(tmp_path, "bad.yaml", DEPLOYMENT.format(extra="imagePullPolicyy: IfNotPresent"), crds)
    assert result.status == "failed"
    assert [r["status"] for r in report["resources"]] == ["statusInvalid"]
    (finding,) = result.findings
    assert finding.file == "bad.yaml" and finding.line == 17
    assert "Deployment/web" in finding.message and "imagePullPolicyy" in finding.message


def test_cnpg_cluster_valid_and_misspelt_against_crd_schemas(tmp_path, crds):
    good, report = _check(tmp_path, "good.yaml", CLUSTER.format(storage="storage"), crds)
    assert good.status == "passed", good
    assert report["resources"][0]["status"] == "statusValid"
    assert "postgresql.cnpg.io" in good.summary
    bad, report = _check(tmp_path, "bad.yaml", CLUSTER.format(storage="storag"), crds)
    assert bad.status == "failed" and report["resources"][0]["status"] == "statusInvalid"
    (finding,) = bad.findings
    assert finding.line == 7 and "Cluster/db" in finding.message and "storag" in finding.message


def test_custom_resource_without_its_schema_is_an_error_not_a_pass(tmp_path):
    """With only a folder that lacks the CRD, kubeconform cannot prove the Cluster valid: it fails."""
    (tmp_path / "empty-crds").mkdir()
    result, report = _check(tmp_path, "c.yaml", CLUSTER.format(storage="storage"), [tmp_path / "empty-crds"])
    assert result.status == "failed"
    assert report["resources"][0]["status"] == "statusError"
    assert "could not find schema" in result.findings[0].message


def test_rendered_text_from_stdin(crds):
    require_tool("kubeconform")
    result = check_kubernetes(text=DEPLOYMENT.format(extra="tty: true"), schema_locations=crds, source="render")
    assert result.status == "passed", result
    assert json.loads(result.output)["summary"]["valid"] == 1


def test_schema_that_cannot_be_downloaded_is_one_clear_finding(tmp_path):
    """A URL schema location that does not answer (here a closed port on this machine): the CR fails, and the
    finding says what to do instead of kubeconform's repeated resolver errors."""
    url = "http://127.0.0.1:9/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"
    result, report = _check(tmp_path, "c.yaml", CLUSTER.format(storage="storage"), [url])
    assert result.status == "failed" and report["resources"][0]["status"] == "statusError"
    (finding,) = result.findings
    assert finding.message == ("Cluster/db: its schema could not be downloaded from "
                               "http://127.0.0.1:9/postgresql.cnpg.io/cluster_v1.json (no network?): "
                               "pass --schema-location DIR with the CRD schemas")
