"""AWS arguments against derived provider data (AWS provider 6.25 from @cdktf/provider-aws's .jsii):
not the provider binary, but its argument names and required flags."""

from __future__ import annotations

import pytest

from generator.validate import aws_schema, check_aws_arguments
from tests.conftest import require_file, require_tool

pytestmark = pytest.mark.tools

BAD = """\
resource "aws_db_instance" "x" {
  engine           = "postgres"
  storage_encypted = true
  timeouts {
    creat = "1h"
  }
}

resource "aws_not_a_thing" "y" {}
"""


@pytest.fixture
def derived():
    require_file(aws_schema.jsii_path(), "@cdktf/provider-aws (derived AWS provider data)")
    return aws_schema


def test_derived_provider_data_describes_resources(derived):
    spec = derived.resource("aws_db_instance")
    assert derived.provider_version() == "6.25.0"
    assert spec.arguments["instance_class"] == derived.Argument(required=True, block=None)
    assert "instance_class" in spec.required and "engine" not in spec.required
    assert set(derived.block("aws_db_instance", "timeouts").arguments) == {"create", "delete", "update"}
    assert "most_recent" in derived.data_source("aws_ami").arguments
    with pytest.raises(KeyError):
        derived.resource("aws_not_a_thing")


def test_check_arguments_against_derived_provider_data(derived):
    problems = derived.check_arguments("aws_elasticache_replication_group",
                                       {"replication_group_id": "c", "description": "x", "num_cache_cluster": 2})
    assert problems == ["num_cache_cluster: argument 'num_cache_cluster' does not exist in AWS provider 6.25.0 "
                        "(derived provider data)"]
    assert derived.check_arguments("aws_elasticache_replication_group", {"description": "x"}) == [
        "replication_group_id: required argument 'replication_group_id' is not set (AWS provider 6.25.0, "
        "derived provider data)"]
    assert derived.check_arguments("aws_elasticache_replication_group",
                                   {"replication_group_id": "c", "description": "x", "num_cache_clusters": 2}) == []


def test_folder_check_catches_mistakes_with_lines(derived, tmp_path):
    require_tool("hcl2json")
    (tmp_path / "main.tf").write_text(BAD)
    result = check_aws_arguments(tmp_path, base=tmp_path)
    assert result.status == "failed"
    found = {(f.line, f.message.split(": ", 1)[1].split(" (")[0]) for f in result.findings}
    assert found == {
        (3, "storage_encypted: argument 'storage_encypted' does not exist in AWS provider 6.25.0"),
        (5, "timeouts.creat: argument 'creat' does not exist in AWS provider 6.25.0"),
        (1, "instance_class: required argument 'instance_class' is not set"),
        (9, "no such resource type in AWS provider 6.25.0"),
    }


def test_folder_check_passes_correct_blocks(derived, tmp_path):
    require_tool("hcl2json")
    (tmp_path / "main.tf").write_text('resource "aws_db_instance" "x" {\n  instance_class = "db.t4g.micro"\n'
                                      '  dynamic "timeouts" {\n    for_each = [1]\n    content {\n'
                                      '      create = "1h"\n    }\n  }\n}\n')
    result = check_aws_arguments(tmp_path)
    assert result.status == "passed", result
    assert result.summary.startswith("1 aws_* block(s) against derived provider data (AWS provider 6.25.0")
