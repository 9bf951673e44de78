"""The generated k8s tree passes the validators CI runs: kubeconform -strict (core + CRD schemas) on every
manifest and on `helm template` of the app chart, helm lint --strict, upstream values against their chart's
schema and keys, checkov without unexplained failures."""

from __future__ import annotations

import json

import pytest

from generator.render import render
from generator.validate import (check_chart_values, check_checkov, check_helm_lint, check_helm_template,
                                check_kubernetes, checkov_result, run_checkov)
from tests.conftest import require_tool, shared_path
from tests.targets.k8s import validation as v
from tests.targets.k8s.server2_plan import server2_plan

pytestmark = pytest.mark.tools


OPTIONS = {"timescaledb": {"pooler": True, "monitoring": True}, "vault": {"seal": "awskms"},
           "redis": {"tls": False, "anti_affinity": "preferred", "storage_class": "fast-ssd", "extra_config": "hz 20"}}


@pytest.fixture(params=[{}, OPTIONS], ids=["defaults", "options"])
def out(request, tmp_path):
    return v.write_tree(render(server2_plan(options=request.param)), tmp_path)


def test_manifests_pass_kubeconform_strict(out):
    require_tool("kubeconform")
    r = check_kubernetes(sorted((out / "manifests").glob("**/*.yaml")), schema_locations=v.crds(), base=out)
    assert r.status == "passed", r
    summary = json.loads(r.output)["summary"]
    assert summary["invalid"] == 0 and summary["errors"] == 0 and summary["skipped"] == 0 and summary["valid"] > 0


def test_redis_crs_are_checked_against_the_operator_crd_schemas(out):
    require_tool("kubeconform")
    files = sorted((out / "manifests" / "redis").glob("*.yaml"))
    r = check_kubernetes(files, schema_locations=v.crds(), base=out)
    assert r.status == "passed", r
    summary = json.loads(r.output)["summary"]
    assert (summary["valid"], summary["invalid"], summary["skipped"]) == (3, 0, 0)  # ConfigMap, RedisReplication, RedisSentinel
    bad = out / "manifests" / "redis" / "redisreplication.yaml"
    bad.write_text(bad.read_text().replace("    redisSecret:", "    redisSecrets:"))
    r = check_kubernetes([bad], schema_locations=v.crds(), base=out)
    assert r.status == "failed" and "redisSecrets" in str(r), r


def test_app_chart_lints_and_renders_valid_objects(out):
    require_tool("helm")
    require_tool("kubeconform")
    chart = out / "charts" / "server2"
    lint = check_helm_lint(chart, base=out)
    assert lint.status == "passed", lint
    assert "1 chart(s) linted, 0 chart(s) failed" in lint.output
    rendered = check_helm_template(chart, schema_locations=v.crds(), base=out)
    assert rendered.status == "passed", rendered
    assert "kind: Job" in rendered.output and "pre-install,pre-upgrade" in rendered.output
    report = json.loads(rendered.output[rendered.output.index('{\n  "resources"'):])
    assert report["summary"]["invalid"] == 0 and report["summary"]["errors"] == 0 and report["summary"]["skipped"] == 0


def test_upstream_values_match_their_chart(out):
    files = sorted((out / "values").glob("*.values.yaml"))
    assert [f.name for f in files] == ["vault.values.yaml"]  # Redis is operator CRs (manifests/), not chart values
    for f in files:
        r = check_chart_values(f, shared_path("schemas"), base=out)
        assert r.status == "passed", r


def test_unknown_values_key_is_caught(tmp_path):
    path = tmp_path / "vault.values.yaml"
    path.write_text("# c2p-chart: hashicorp/vault 0.34.1\nserver:\n  ha:\n    replica: 3\n")
    r = check_chart_values(path, shared_path("schemas"), base=tmp_path)
    assert [f.message.split(": ")[:2] for f in r.findings] == [
        ["server.ha.replica", "unknown key, not in hashicorp/vault 0.34.1 values.yaml (did you mean 'replicas'?)"]]


def test_checkov_has_no_unexplained_failure(out):
    require_tool("checkov")
    report = run_checkov(out, ("kubernetes", "helm"), base=out)
    r = checkov_result(report)
    assert r.status == "passed", r
    assert report.resources > 0 and report.parsing_errors == ()
    for skip in report.skipped:
        assert len(skip.reason) > 30, skip  # every inline skip says why


def test_checkov_check_is_not_vacuous(tmp_path):
    require_tool("checkov")
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: x, image: 'nginx:latest'}]\n"
    )
    r = check_checkov(tmp_path, ("kubernetes",), base=tmp_path)
    assert any(f.message.startswith("CKV_K8S_14 ") for f in r.findings)
