"""The generated k8s tree passes the validators CI runs: kubeconform -strict (core + CRD schemas) on every
manifest and on `helm template` of the app chart, helm lint --strict, upstream values against their chart's
schema and keys, checkov without unexplained failures."""

from __future__ import annotations

import pytest

from generator.render import render
from tests.targets.k8s import validation as v
from tests.targets.k8s.server2_plan import server2_plan

pytestmark = pytest.mark.tools


@pytest.fixture(scope="session")
def core(tmp_path_factory):
    return v.core_schemas(tmp_path_factory.mktemp("k8s-schemas"))


OPTIONS = {"timescaledb": {"pooler": True, "monitoring": True}, "vault": {"seal": "awskms"},
           "redis": {"tls": False, "anti_affinity": "preferred", "storage_class": "fast-ssd", "extra_config": "hz 20"}}


@pytest.fixture(params=[{}, OPTIONS], ids=["defaults", "options"])
def out(request, tmp_path):
    return v.write_tree(render(server2_plan(options=request.param)), tmp_path)


def test_manifests_pass_kubeconform_strict(out, core):
    r = v.kubeconform([str(out / "manifests")], core)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Invalid: 0, Errors: 0, Skipped: 0" in r.stdout


def test_redis_crs_are_checked_against_the_operator_crd_schemas(out, core):
    r = v.kubeconform([str(out / "manifests" / "redis")], core)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Valid: 3, Invalid: 0, Errors: 0, Skipped: 0" in r.stdout  # ConfigMap, RedisReplication, RedisSentinel
    bad = out / "manifests" / "redis" / "redisreplication.yaml"
    bad.write_text(bad.read_text().replace("    redisSecret:", "    redisSecrets:"))
    r = v.kubeconform([str(bad)], core)
    assert r.returncode != 0 and "redisSecrets" in r.stdout


def test_app_chart_lints_and_renders_valid_objects(out, core):
    lint = v.helm("lint", "--strict", str(out / "charts" / "server2"))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    rendered = v.helm("template", "server2", str(out / "charts" / "server2"))
    assert rendered.returncode == 0, rendered.stderr
    r = v.kubeconform([], core, stdin=rendered.stdout)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Invalid: 0, Errors: 0, Skipped: 0" in r.stdout
    assert "kind: Job" in rendered.stdout and "pre-install,pre-upgrade" in rendered.stdout


def test_upstream_values_match_their_chart(out):
    files = sorted((out / "values").glob("*.values.yaml"))
    assert [f.name for f in files] == ["vault.values.yaml"]  # Redis is operator CRs (manifests/), not chart values
    for f in files:
        assert v.values_problems(f.read_text()) == [], f.name


def test_unknown_values_key_is_caught():
    text = "# c2p-chart: hashicorp/vault 0.34.1\nserver:\n  ha:\n    replica: 3\n"
    assert v.values_problems(text) == ["unknown key server.ha.replica"]


def test_checkov_has_no_unexplained_failure(out):
    assert v.checkov_failures(out) == []


def test_checkov_check_is_not_vacuous(tmp_path):
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: x, image: 'nginx:latest'}]\n"
    )
    assert any(f.startswith("CKV_K8S_14 ") for f in v.checkov_failures(tmp_path))
