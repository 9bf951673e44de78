"""The Terraform the aws target writes, checked with real tools: tofu fmt, HashiCorp's HCL parser, the AWS
provider's argument lists (derived data from @cdktf/provider-aws), tofu validate where the providers can be
built here, checkov; plus no compose secret in any file and byte-identical re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.targets.aws.aws_checks import hcl_parse, jsii_problems, write_tree
from tests.targets.aws.aws_plans import DEV_PASSWORD, DEV_TOKEN, postgres_plan, server2_plan
from tests.conftest import require_tool
from generator.render import render
from generator.validate import check_tofu_fmt, check_tofu_validate, checkov_result, run_checkov

PLANS = {
    "server2": lambda: server2_plan(),
    "server2-peered": lambda: server2_plan({"timescaledb": {"vpc_peering": True, "ha_replicas": 2, "sync_replicas": 1}}),
    "server2-forced-rds": lambda: server2_plan({"timescaledb": {"engine": "rds"}, "redis": {"engine": "redis"}}),
    "shop": lambda: postgres_plan(),
}


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict[str, tuple[dict[str, str], Path]]:
    base = tmp_path_factory.mktemp("aws")
    return {name: (tree := render(make()), write_tree(base / name, tree)) for name, make in PLANS.items()}


def test_server2_layout(trees):
    tree, _ = trees["server2"]
    assert sorted(tree) == [
        "MIGRATION.md", "README.md", "env/migrate.env", "env/server2.env", "env/worker.env",
        "terraform/app_env.tf", "terraform/network.tf", "terraform/outputs.tf", "terraform/providers.tf",
        "terraform/redis.tf", "terraform/terraform.tfvars.example", "terraform/timescaledb.tf",
        "terraform/variables.tf", "terraform/vault.tf", "terraform/versions.tf",
    ]


def test_second_run_is_byte_identical(trees):
    for name, make in PLANS.items():
        assert render(make()) == trees[name][0], name


@pytest.mark.parametrize("case", sorted(PLANS))
def test_no_compose_secret_in_any_file(trees, case):
    for rel, text in trees[case][0].items():
        assert DEV_PASSWORD not in text and DEV_TOKEN not in text, rel


def test_env_overrides_in_secret_and_env_file(trees):
    tree, _ = trees["server2"]
    app_env = tree["terraform/app_env.tf"]
    assert "?sslmode=require" in app_env and "sslmode=disable" not in app_env
    assert '"rediss://:${urlencode(random_password.redis_auth.result)}@' in app_env
    assert '"VAULT_ADDR"      = hcp_vault_cluster.vault.vault_private_endpoint_url' in app_env
    assert "VAULT_TOKEN" not in app_env
    env = tree["env/server2.env"]
    assert "VAULT_NAMESPACE=admin" in env and "# VAULT_TOKEN: removed." in env
    assert ("DATABASE_URL=postgresql://server2:<password: random_password.timescaledb_app.result, also in output "
            "timescaledb_app_secret_arn>@") in env
    outputs = tree["terraform/outputs.tf"]
    for secret_output in ("timescaledb_password", "redis_auth_token"):
        block = outputs.split(f'output "{secret_output}"')[1].split("}")[0]
        assert "sensitive   = true" in block, secret_output


def test_unmapped_service_is_reported_not_guessed(trees):
    tree, _ = trees["shop"]
    assert "legacy-db" in tree["README.md"] and "no AWS mapping" in tree["README.md"]
    assert not any("mongo" in t.lower() for p, t in tree.items() if p.endswith(".tf"))
    assert "MONGO_URL=<not generated>" in tree["env/web.env"]


def test_readme_and_migration_say_what_matters(trees):
    readme, migration = trees["server2"][0]["README.md"], trees["server2"][0]["MIGRATION.md"]
    assert "RDS and Aurora PostgreSQL do not offer the `timescaledb` extension" in readme
    assert "vault auth enable aws" in readme and "VAULT_NAMESPACE=admin" in readme
    assert "SELECT timescaledb_pre_restore();" in migration and "SELECT timescaledb_post_restore();" in migration
    assert "snapshot_arns" in migration and "nothing durable to migrate" in migration
    forced = trees["server2-forced-rds"][0]["README.md"]
    assert "FORCED TO RDS WITHOUT TIMESCALEDB" in forced


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(PLANS))
def test_tofu_fmt_check(trees, case):
    require_tool("tofu")
    root = trees[case][1] / "terraform"
    result = check_tofu_fmt(root, base=root)
    assert result.status == "passed", result
    # every .tf and terraform.tfvars.example was given to tofu fmt
    assert result.summary.startswith(f"{len(list(root.glob('*.tf'))) + 1} file(s)"), result.summary


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(PLANS))
def test_tofu_validate_runs_where_every_provider_is_built(trees, case):
    """The AWS provider is never built here (>1 GB): the other providers validate the rest (test_tofu_validate.py)."""
    require_tool("tofu")
    result = check_tofu_validate(trees[case][1] / "terraform")
    if result.status == "skipped":  # hcp/timescale not built on this machine
        assert "not built here" in result.summary, result
    else:
        assert result.status == "passed", result


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(PLANS))
def test_every_tf_file_parses_with_hcl_parser(trees, case):
    files = sorted((trees[case][1] / "terraform").glob("*.tf"))
    parsed = hcl_parse(files)
    assert len(parsed) == len(files) and all(parsed.values())


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(PLANS))
def test_aws_arguments_against_derived_provider_data(trees, case):
    """Every aws_* block uses only arguments of AWS provider 6.25 and sets every required one
    (checked against @cdktf/provider-aws's .jsii — derived data, not the provider binary)."""
    parsed = hcl_parse(sorted((trees[case][1] / "terraform").glob("*.tf")))
    problems, checked = jsii_problems(parsed)
    assert checked >= 5
    assert problems == []


@pytest.mark.tools
def test_derived_provider_data_check_catches_mistakes(tmp_path):
    bad = tmp_path / "bad.tf"
    bad.write_text('resource "aws_db_instance" "x" {\n  engine          = "postgres"\n  storage_encypted = true\n}\n'
                   'resource "aws_not_a_thing" "y" {}\n')
    problems, _ = jsii_problems(hcl_parse([bad]))
    text = "\n".join(problems)
    assert "'storage_encypted' does not exist" in text
    assert "required argument 'instance_class'" in text
    assert "aws_not_a_thing" in text


@pytest.mark.tools
@pytest.mark.parametrize("case", sorted(PLANS))
def test_checkov_has_no_unskipped_failure(trees, case):
    require_tool("checkov")
    root = trees[case][1] / "terraform"
    report = run_checkov(root, ("terraform",))
    result = checkov_result(report)
    assert result.status == "passed", result
    assert report.failed == () and report.parsing_errors == () and report.passed > 0
    for skip in report.skipped:
        assert len(skip.reason) > 30, skip.check_id
