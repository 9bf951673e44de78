"""The pure-Python fallback gives kubeconform -strict's verdict: both run on the same inputs, and every
input that kubeconform rejects the fallback rejects for the same object (and the other way round)."""

from __future__ import annotations

import json
import os

import pytest

from generator.render import render
from generator.validate import check_kubernetes
from generator.validate.k8s_fallback import FALLBACK, check_python
from tests.conftest import require_tool, shared_path
from tests.targets.k8s.server2_plan import server2_plan
from tests.validate.test_kubeconform import CLUSTER, DEPLOYMENT

pytestmark = pytest.mark.tools

CASES = {
    "deployment-ok": DEPLOYMENT.format(extra="imagePullPolicy: IfNotPresent"),
    "deployment-unknown-field": DEPLOYMENT.format(extra="imagePullPolicyy: IfNotPresent"),
    "deployment-wrong-type": DEPLOYMENT.format(extra="tty: 'yes'").replace("spec:\n  selector", "spec:\n  replicas: three\n  selector"),
    "deployment-duplicate-key": DEPLOYMENT.format(extra="tty: true\n          tty: false"),
    "cluster-ok": CLUSTER.format(storage="storage"),
    "cluster-misspelt": CLUSTER.format(storage="storag"),
    "unknown-kind": "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n",
    "two-docs-one-bad": DEPLOYMENT.format(extra="tty: true") + "---\n" + CLUSTER.format(storage="storag"),
}


def _verdicts(tmp_path, name: str, text: str):
    crds = [shared_path("schemas", "generated-from-crds")]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    real = check_kubernetes([path], schema_locations=crds, base=tmp_path)
    report = json.loads(real.output)  # kubeconform's own report: proof that it ran
    python = check_python([path], None, crds, "1.33", tmp_path, "kubeconform -strict", "stdin")
    return real, report, python


def _objects(result) -> set[str]:
    return {f.message.split(":", 1)[0] for f in result.findings}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_verdict_as_kubeconform(tmp_path, name):
    require_tool("kubeconform")
    real, report, python = _verdicts(tmp_path, name, CASES[name])
    assert python.status == real.status, (real, python)
    if real.status == "failed" and report.get("resources"):
        assert _objects(python) == _objects(real), (real, python)
    assert name.endswith("-ok") == (python.status == "passed")


def test_generated_tree_passes_both(tmp_path):
    require_tool("kubeconform")
    crds = [shared_path("schemas", "generated-from-crds")]
    tree = render(server2_plan())
    files = []
    for rel, text in tree.items():
        if rel.startswith("manifests/"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text)
            files.append(tmp_path / rel)
    assert files
    real = check_kubernetes(files, schema_locations=crds, base=tmp_path)
    python = check_python(files, None, crds, "1.33", tmp_path, "kubeconform -strict", "stdin")
    assert real.status == python.status == "passed", (real, python)
    assert json.loads(real.output)["summary"]["valid"] == int(python.summary.split()[0])


def test_used_when_kubeconform_is_absent(tmp_path, monkeypatch):
    """No kubeconform on PATH or in the tools folder: check_kubernetes answers through the fallback, and
    the result names the missing tool so that `c2p validate --require kubeconform` still fails."""
    monkeypatch.setenv("C2P_TOOLS_DIR", str(tmp_path / "no-tools"))
    monkeypatch.setenv("PATH", os.defpath if "kubeconform" not in os.defpath else "")
    path = tmp_path / "bad.yaml"
    path.write_text(CASES["deployment-unknown-field"])
    crds = [shared_path("schemas", "generated-from-crds")]
    bad = check_kubernetes([path], schema_locations=crds, base=tmp_path)
    assert bad.status == "failed" and "imagePullPolicyy" in str(bad)
    assert bad.findings[0].file == "bad.yaml" and bad.findings[0].line == 17
    good = check_kubernetes(text=CASES["cluster-ok"], schema_locations=crds)
    assert good.status == "passed" and FALLBACK in good.summary and good.missing_tool == "kubeconform"
    remote = check_kubernetes(text=CASES["cluster-ok"])  # no local CRD folder: would need the network
    assert remote.status == "skipped" and remote.missing_tool == "kubeconform"
