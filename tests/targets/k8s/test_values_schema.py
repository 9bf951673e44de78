"""The app chart's values.schema.json: a user's typo in values fails `helm lint --strict` (real helm), and the
optional Ingress renders valid objects once it is enabled with a host."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.conftest import require_tool, shared_path
from tests.targets.k8s import validation as v
from tests.targets.k8s.workload_helpers import plan_for, tree_for

COMPOSE = {"services": {"web": {"image": "nginx:1.27", "ports": ["8080:80"]},
                        "cache": {"image": "ghcr.io/acme/cache:1", "x-c2p": {"kind": "app"},
                                  "volumes": ["data:/data"]}},
           "volumes": {"data": {}}}


@pytest.fixture
def chart(tmp_path):
    root = v.write_tree(tree_for(plan_for(tmp_path, COMPOSE)), tmp_path / "out")
    return root / "charts" / "demo"


def _lint(chart, *extra):
    return subprocess.run([require_tool("helm"), "lint", "--strict", str(chart), *extra],
                          capture_output=True, text=True, check=False)


def _with_values(chart, tmp_path, edit) -> str:
    data = yaml.safe_load((chart / "values.yaml").read_text())
    edit(data)
    path = tmp_path / "override.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


@pytest.mark.tools
def test_the_generated_chart_lints(chart):
    assert _lint(chart).returncode == 0


@pytest.mark.tools
@pytest.mark.parametrize("typo", [
    lambda d: d["apps"]["web"].__setitem__("replicaz", 3),
    lambda d: d.__setitem__("app", {}),
    lambda d: d["apps"]["web"]["image"].__setitem__("tga", "1.0"),
    lambda d: d["apps"]["web"]["ingress"].__setitem__("hots", "x.example.com"),
    lambda d: d["apps"]["cache"]["volumeClaimTemplates"][0].__setitem__("sise", "1Gi"),
    lambda d: d["defaults"].__setitem__("securityContex", {}),
    lambda d: d["apps"]["web"].__setitem__("replicas", "two"),
    lambda d: d["apps"]["web"]["image"].__setitem__("repository", ""),
], ids=["app key", "top key", "image key", "ingress key", "claim key", "defaults key", "type", "empty image"])
def test_a_typo_in_values_fails_helm_lint(chart, tmp_path, typo):
    result = _lint(chart, "-f", _with_values(chart, tmp_path, typo))
    assert result.returncode != 0, result.stdout
    assert "schema" in (result.stdout + result.stderr).lower()


@pytest.mark.tools
def test_an_enabled_ingress_needs_a_host_and_renders_a_valid_ingress(chart, tmp_path):
    no_host = _with_values(chart, tmp_path, lambda d: d["apps"]["web"]["ingress"].__setitem__("enabled", True))
    assert _lint(chart, "-f", no_host).returncode != 0

    def enable(d):
        d["apps"]["web"]["ingress"].update(enabled=True, host="shop.example.com", className="nginx", tlsSecret="shop-tls")

    values = _with_values(chart, tmp_path, enable)
    assert _lint(chart, "-f", values).returncode == 0
    out = subprocess.run([require_tool("helm"), "template", "r", str(chart), "-f", values],
                         capture_output=True, text=True, check=True).stdout
    ingress = next(d for d in yaml.safe_load_all(out) if d and d["kind"] == "Ingress")
    rule = ingress["spec"]["rules"][0]
    assert rule["host"] == "shop.example.com"
    assert rule["http"]["paths"][0]["backend"]["service"] == {"name": "web", "port": {"number": 80}}
    from generator.validate import check_kubernetes

    require_tool("kubeconform")
    check = check_kubernetes(text=out, schema_locations=[shared_path("schemas", "generated-from-crds")],
                             source="helm template")
    assert check.status == "passed", str(check)
