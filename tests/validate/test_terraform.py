"""tofu fmt -check, HashiCorp's HCL parser (hcl2json) and tofu validate with the hashicorp/random provider
built by `make tools` (dev_overrides, no registry), on small hand-written configurations."""

from __future__ import annotations

import json

import pytest

from generator.validate import check_hcl_syntax, check_tofu_fmt, check_tofu_validate, parse_hcl
from tests.conftest import TOOLS_DIR, require_file, require_tool

pytestmark = pytest.mark.tools

GOOD = """\
resource "random_password" "db" {
  length  = 24
  special = false
}

output "db_password" {
  value     = random_password.db.result
  sensitive = true
}
"""


def _folder(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / name.replace("__", ".")).write_text(text)
    return tmp_path


def test_formatted_files_pass_fmt(tmp_path):
    require_tool("tofu")
    result = check_tofu_fmt(_folder(tmp_path, main__tf=GOOD, terraform__tfvars__example='region = "eu-west-1"\n'))
    assert result.status == "passed", result
    assert result.summary.startswith("2 file(s)")


def test_unformatted_file_fails_fmt_at_its_first_difference(tmp_path):
    require_tool("tofu")
    bad = GOOD.replace("  special = false", "  special     = false")
    result = check_tofu_fmt(_folder(tmp_path, main__tf=bad), base=tmp_path)
    assert result.status == "failed"
    assert "+++ new/main.tf" in result.output  # tofu's own diff
    assert [(f.file, f.line) for f in result.findings] == [("main.tf", 3)]


def test_unformatted_tfvars_example_fails_fmt(tmp_path):
    require_tool("tofu")
    result = check_tofu_fmt(_folder(tmp_path, main__tf=GOOD, terraform__tfvars__example='a    = 1\nbb = 2\n'),
                            base=tmp_path)
    assert [(f.file, f.line) for f in result.findings] == [("terraform.tfvars.example", 1)]


def test_valid_hcl_parses(tmp_path):
    require_tool("hcl2json")
    result = check_hcl_syntax(_folder(tmp_path, main__tf=GOOD))
    assert result.status == "passed", result
    parsed, errors, _ = parse_hcl([tmp_path / "main.tf"])
    assert errors == {} and parsed[tmp_path / "main.tf"]["resource"]["random_password"]["db"][0]["length"] == 24


def test_invalid_hcl_fails_the_parser_with_file_and_line(tmp_path):
    require_tool("hcl2json")
    broken = 'resource "random_password" "db" {\n  length = \n}\n'
    result = check_hcl_syntax(_folder(tmp_path, a__tf=broken, b__tf=GOOD, c__tf='locals {\n  x = "${y"\n}\n'),
                              base=tmp_path)
    assert result.status == "failed"
    assert "Invalid expression" in result.output  # HashiCorp's parser's own words
    assert {(f.file, f.line) for f in result.findings} >= {("a.tf", 2), ("c.tf", 2)}
    assert not any(f.file == "b.tf" for f in result.findings)


def _require_random_provider():
    require_tool("tofu")
    require_file(TOOLS_DIR / "providers" / "terraform-provider-random", "the hashicorp/random provider")
    require_file(TOOLS_DIR / "tofurc", "the tofu CLI configuration with dev_overrides")


def test_tofu_validate_passes_with_the_built_random_provider(tmp_path):
    _require_random_provider()
    result = check_tofu_validate(_folder(tmp_path, main__tf=GOOD))
    assert result.status == "passed", result
    assert json.loads(result.output)["valid"] is True
    assert "hashicorp/random" in result.summary


def test_misspelt_argument_fails_tofu_validate(tmp_path):
    _require_random_provider()
    result = check_tofu_validate(_folder(tmp_path, main__tf=GOOD.replace("special", "specail")), base=tmp_path)
    assert result.status == "failed"
    report = json.loads(result.output)
    assert report["valid"] is False and report["error_count"] == 1
    (finding,) = result.findings
    assert (finding.file, finding.line) == ("main.tf", 3)
    assert 'An argument named "specail" is not expected here. Did you mean "special"?' in finding.message


def test_tofu_validate_skips_naming_a_provider_that_is_not_built(tmp_path):
    _require_random_provider()
    google = 'resource "google_storage_bucket" "b" {\n  name = "x"\n}\n'
    result = check_tofu_validate(_folder(tmp_path, main__tf=GOOD, gcs__tf=google))
    assert result.status == "skipped"
    assert "provider hashicorp/google not built here (built: hashicorp/random" in result.summary


def test_tofu_validate_without_the_aws_provider_says_what_it_left_out(tmp_path):
    """Only hashicorp/aws missing: the rest is validated on a derived copy (tofu_partial.py), and said so."""
    _require_random_provider()
    aws = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'
    result = check_tofu_validate(_folder(tmp_path, main__tf=GOOD, s3__tf=aws))
    assert result.status == "passed", result
    assert "providers: hashicorp/random; without its 1 aws_* block(s): the AWS provider is not built here" \
        in result.summary
