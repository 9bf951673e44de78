"""The Vault Secrets Operator objects through the real validators: kubeconform -strict with the CRD schemas c2p
packages (schemas/crds, generated from VSO v1.4.1's own CRDs), read before any other location — so `c2p validate`
checks them with no --schema-location and no network — and the same verdict from the Python fallback."""

from __future__ import annotations

import json
import os

import pytest

from generator.validate import check_kubernetes, collect
from generator.validate.k8s_schemas import packaged_crds
from tests.conftest import require_tool
from tests.targets.k8s.test_vso import compose
from tests.targets.k8s.validation import tree_problems, write_tree
from tests.targets.k8s.workload_helpers import plan_for, tree_for

pytestmark = pytest.mark.tools
KINDS = ("vaultconnection", "vaultauth", "vaultstaticsecret")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vso")
    return write_tree(tree_for(plan_for(tmp, compose())), tmp / "k8s")


def test_packaged_schemas_are_the_operators_and_strict():
    for kind in KINDS:
        schema = json.loads((packaged_crds() / "secrets.hashicorp.com" / f"{kind}_v1beta1.json").read_text())
        assert schema["properties"]["spec"]["additionalProperties"] is False
    assert "v1.4.1" in (packaged_crds() / "SOURCES.md").read_text()


def test_generated_tree_passes_every_validator(out):
    assert tree_problems(out) == []


def test_c2p_validate_checks_them_without_a_schema_location(out):
    require_tool("kubeconform")
    results = {r.name: r for r in collect(out)}  # no --schema-location: packaged schemas, then the public catalog
    kc = results["kubeconform -strict"]
    assert kc.status == "passed", str(kc)
    checked = {(r["kind"], r["status"]) for r in json.loads(kc.output)["resources"]}
    assert {("VaultConnection", "statusValid"), ("VaultAuth", "statusValid"), ("VaultStaticSecret", "statusValid")} <= checked


BROKEN = [
    ("refreshAfter: 60s", "refreshAfter: 60s\n  refreshafter: 1m", "refreshafter"),  # unknown key
    ("type: kv-v2", "type: kv-v3", "'kv-v1', 'kv-v2'"),  # not in the CRD's enum
    ("kind: Deployment\n    name: api", "kind: Job\n    name: api", "Deployment"),  # rolloutRestartTargets cannot restart a Job
]


@pytest.mark.parametrize("old,new,word", BROKEN)
def test_a_mistake_in_a_static_secret_fails_with_its_line(out, tmp_path, old, new, word):
    require_tool("kubeconform")
    text = (out / "manifests/vault/vso/secrets.yaml").read_text()
    assert old in text
    bad = tmp_path / "secrets.yaml"
    bad.write_text(text.replace(old, new, 1))
    result = check_kubernetes([bad], base=tmp_path)
    assert result.status == "failed" and word in str(result), str(result)
    assert result.findings[0].file == "secrets.yaml" and result.findings[0].line


def test_python_fallback_gives_the_same_verdict(out, tmp_path, monkeypatch):
    text = (out / "manifests/vault/vso/auth.yaml").read_text()
    bad = tmp_path / "auth.yaml"
    bad.write_text(text.replace("audiences:", "audience:", 1))
    good = sorted((out / "manifests").glob("**/*.yaml"))
    monkeypatch.setenv("C2P_TOOLS_DIR", str(tmp_path / "no-tools"))
    monkeypatch.setenv("PATH", os.defpath if "kubeconform" not in os.defpath else "")
    local = [str(tmp_path / "empty")]  # a local folder (the fallback reads no URL): only the packaged schemas matter
    passed = check_kubernetes(good, schema_locations=local, base=out)
    assert passed.status == "passed" and passed.missing_tool == "kubeconform", str(passed)
    failed = check_kubernetes([bad], schema_locations=local, base=tmp_path)
    assert failed.status == "failed" and "audience" in str(failed)
