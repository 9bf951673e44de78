"""helm lint --strict and helm template | kubeconform on the small charts in fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import check_helm_lint, check_helm_template
from tests.conftest import require_tool, shared_path

pytestmark = pytest.mark.tools
FIXTURES = Path(__file__).parent / "fixtures"


def test_good_chart_lints_clean():
    require_tool("helm")
    result = check_helm_lint(FIXTURES / "chart-good", base=FIXTURES)
    assert result.status == "passed", result
    assert "1 chart(s) linted, 0 chart(s) failed" in result.output


def test_broken_template_fails_lint_with_its_file():
    require_tool("helm")
    result = check_helm_lint(FIXTURES / "chart-bad", base=FIXTURES)
    assert result.status == "failed"
    assert "1 chart(s) failed" in result.output
    assert any(f.file == "chart-bad/templates/deployment.yaml" and f.line == 13 for f in result.findings), result


def test_good_chart_renders_valid_objects():
    require_tool("helm")
    require_tool("kubeconform")
    result = check_helm_template(FIXTURES / "chart-good", schema_locations=[shared_path("schemas", "generated-from-crds")],
                                 base=FIXTURES)
    assert result.status == "passed", result
    assert "name: release-web" in result.output  # helm's render
    assert result.summary == "chart-good: 1 resource (core 1.33)"


def test_broken_template_does_not_render():
    require_tool("helm")
    result = check_helm_template(FIXTURES / "chart-bad", base=FIXTURES)
    assert result.status == "failed" and "helm template failed" in result.summary
    assert "parse error" in result.output or "unexpected EOF" in result.output
