"""`tofu validate` on every aws output with the real hcp, timescale and random providers (built from source by
`make tools`), and with the oldest OpenTofu that the output's `required_version` admits.

The AWS provider cannot be built here (>1 GB): tofu validates a derived copy without the aws_* blocks, every
reference to them typed from derived provider data (generator/validate/tofu_partial.py); the aws_* blocks
themselves are checked against that data in test_aws_output.py. The broken fixtures below prove that the copy
still catches mistakes in the timescale/hcp/random blocks and in references to and from the AWS objects."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.targets.aws.common import TERRAFORM_VERSION
from generator.validate import check_tofu_validate
from generator.validate.tools import run
from tests.conftest import REPO, TOOLS_DIR, require_file, require_tool
from tests.targets.aws.aws_outputs import all_cases, golden_cases, terraform_dir
from tests.targets.aws.aws_plans import server2_plan

CASES = all_cases()
PROVIDERS = ("hcp", "timescale", "random")


def _require_providers() -> str:
    tofu = require_tool("tofu")
    for name in PROVIDERS:
        require_file(TOOLS_DIR / "providers" / f"terraform-provider-{name}", f"terraform-provider-{name}")
    require_file(TOOLS_DIR / "tofurc", "the tofu CLI configuration naming the built providers")
    return tofu


def _aws_data():
    from generator.validate import aws_schema

    require_file(aws_schema.jsii_path(), "@cdktf/provider-aws (derived AWS provider data)")


def _passes(result, tf: Path) -> None:
    assert result.status == "passed", result
    versions = (tf / "versions.tf").read_text()
    for source in ("hashicorp/hcp", "timescale/timescale", "hashicorp/random"):  # really loaded, not skipped
        assert (f'"{source}"' in versions) == (source in result.summary), (source, result.summary)
    aws_left_out = "aws_* block(s): the AWS provider is not built here" in result.summary
    assert aws_left_out or "hashicorp/aws" not in result.summary, result.summary


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(CASES))
def test_tofu_validate_with_real_providers(case, tmp_path):
    _require_providers()
    _aws_data()
    tf = terraform_dir(tmp_path, CASES[case]())
    if tf is None:
        pytest.skip(f"{case}: the aws target generates no Terraform for it")
    _passes(check_tofu_validate(tf), tf)


def _oldest_tofu() -> str:
    tool = require_tool("tofu-oldest")
    lower = re.fullmatch(r">=\s*(\d+\.\d+\.\d+)", TERRAFORM_VERSION)
    assert lower, f"required_version {TERRAFORM_VERSION!r} is not a plain lower bound"
    version = run([tool, "version"]).stdout
    assert re.search(rf"OpenTofu v{re.escape(lower.group(1))}(-dev)?\b", version), \
        f"tofu-oldest is not the oldest version {TERRAFORM_VERSION} admits: {version.splitlines()[:1]}"
    return tool


def test_oldest_admitted_tofu_is_the_one_make_tools_builds():
    pins = (REPO / "tools" / "versions.sh").read_text()
    assert f"TOFU_OLDEST_VERSION=v{TERRAFORM_VERSION.removeprefix('>= ')}\n" in pins


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(golden_cases()))
def test_oldest_admitted_tofu_accepts_the_output(case, tmp_path):
    """Review #1: `required_version` admits only versions that accept every construct (variable validations
    that refer to other variables need 1.9); the oldest admitted OpenTofu validates each golden output."""
    tool = _oldest_tofu()
    _require_providers()
    _aws_data()
    tf = terraform_dir(tmp_path, CASES[case]())
    if tf is None:
        pytest.skip(f"{case}: the aws target generates no Terraform for it")
    _passes(check_tofu_validate(tf, tool=tool), tf)


@pytest.fixture(scope="module")
def server2_tf(tmp_path_factory) -> Path:
    from generator.render import render

    plan = server2_plan({"timescaledb": {"vpc_peering": True}})
    return terraform_dir(tmp_path_factory.mktemp("server2"), render(plan))


BROKEN = {
    "misspelt timescale_service argument": ("timescaledb.tf", "milli_cpu ", "milli_cpuu ", "Unsupported argument"),
    "wrong hcp attribute": ("app_env.tf", "vault_private_endpoint_url", "private_url", "Unsupported attribute"),
    "wrong AWS attribute in a reference": ("app_env.tf", ".primary_endpoint_address", ".primary_endpoint",
                                           "Unsupported attribute"),
    "undeclared AWS object": ("outputs.tf", "aws_elasticache_replication_group.redis.",
                              "aws_elasticache_replication_group.rediss.", "undeclared resource"),
    "wrong hcp reference inside an aws block": ("vault.tf", "hcp_aws_network_peering.vault.provider_peering_id",
                                                "hcp_aws_network_peering.vault.provider_peering", "Unsupported attribute"),
    "AWS value of the wrong type": ("vault.tf", "tier            = var.vault_tier",
                                    "tier            = data.aws_vpc.app.cidr_block_associations",
                                    "Incorrect attribute value type"),
    "misspelt random_password argument": ("redis.tf", "special = false", "specal = false", "Unsupported argument"),
}


@pytest.mark.tools
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_tofu_validate_fails_on_a_broken_fixture(name, server2_tf, tmp_path):
    _require_providers()
    _aws_data()
    file, good, bad, message = BROKEN[name]
    broken = tmp_path / "terraform"
    shutil.copytree(server2_tf, broken)
    text = (broken / file).read_text()
    assert good in text, f"{file} no longer holds {good!r}: update this fixture"
    (broken / file).write_text(text.replace(good, bad, 1))
    line = text[:text.index(good)].count("\n") + 1
    result = check_tofu_validate(broken)
    assert result.status == "failed", result
    assert any(f.file.endswith(file) and f.line == line and message in f.message for f in result.findings), result
