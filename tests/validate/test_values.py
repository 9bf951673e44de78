"""Values for upstream charts: values.schema.json (Draft-7 and 2020-12) plus the unknown-key check against the
chart's own values.yaml (the upstream schemas accept misspelt keys). The chart folders are test data in
../shared/schemas, passed in as `c2p validate --chart-schemas` would."""

from __future__ import annotations

import pytest

from generator.validate import check_chart_values
from tests.conftest import shared_path

VAULT = "# c2p-chart: hashicorp/vault 0.34.1\n"
VALKEY = "# c2p-chart: valkey/valkey 0.11.0\n"


@pytest.fixture
def schemas():
    return shared_path("schemas")


def _check(tmp_path, schemas, text, name="x.values.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return check_chart_values(path, schemas, base=tmp_path)


def test_correct_values_pass(tmp_path, schemas):
    text = VAULT + "server:\n  ha:\n    enabled: true\n    replicas: 3\n  extraEnvironmentVars:\n    ANY_NAME: x\n"
    result = _check(tmp_path, schemas, text)
    assert result.status == "passed", result
    assert result.summary == "x.values.yaml (hashicorp/vault 0.34.1)"
    assert "vault-helm/values.schema.json" in result.output


def test_misspelt_key_fails_with_its_line_and_a_hint(tmp_path, schemas):
    result = _check(tmp_path, schemas, VAULT + "server:\n  ha:\n    replica: 3\n")
    assert result.status == "failed"
    (finding,) = result.findings
    assert (finding.file, finding.line) == ("x.values.yaml", 4)
    assert finding.message.startswith("server.ha.replica: unknown key") and "did you mean 'replicas'" in finding.message


def test_schema_type_error_fails_draft7(tmp_path, schemas):
    result = _check(tmp_path, schemas, VAULT + "server:\n  ha:\n    enabled: 'yes'\n")
    assert result.status == "failed"
    assert [str(f) for f in result.findings] == [
        "x.values.yaml:4 server.ha.enabled: 'yes' is not of type 'boolean' (values.schema.json)"]


def test_schema_type_error_fails_2020_12(tmp_path, schemas):
    """valkey-helm's schema is draft 2020-12."""
    result = _check(tmp_path, schemas, VALKEY + "replica:\n  replicas: three\n")
    assert result.status == "failed"
    assert "replica.replicas: 'three' is not of type 'integer'" in result.findings[0].message


def test_empty_mapping_in_values_yaml_is_free_form(tmp_path, schemas):
    text = VALKEY + "podAnnotations:\n  example.com/any: x\nresources:\n  requests:\n    cpu: 100m\n"
    assert _check(tmp_path, schemas, text).status == "passed"


def test_key_below_a_documented_structure_is_checked(tmp_path, schemas):
    result = _check(tmp_path, schemas, VALKEY + "auth:\n  enabled: true\n  usersExistingSecrett: s\n")
    assert [f.message.split(":")[0] for f in result.findings] == ["auth.usersExistingSecrett"]


def test_file_without_chart_header_fails(tmp_path, schemas):
    result = _check(tmp_path, schemas, "server: {}\n")
    assert result.status == "failed" and result.findings[0].line == 1


def test_skipped_without_chart_schemas_or_unknown_chart(tmp_path, schemas):
    no_dir = _check(tmp_path, None, VAULT + "server: {}\n")
    assert no_dir.status == "skipped" and "--chart-schemas" in no_dir.summary
    unknown = _check(tmp_path, schemas, "# c2p-chart: example/nothing 1.0.0\nx: 1\n")
    assert unknown.status == "skipped" and "example/nothing" in unknown.summary


def test_chart_version_must_match_the_schema_folder(tmp_path, schemas):
    result = _check(tmp_path, schemas, "# c2p-chart: valkey/valkey 0.10.0\nreplica: {}\n")
    assert result.status == "skipped" and "holds chart version 0.11.0, not 0.10.0" in result.summary
