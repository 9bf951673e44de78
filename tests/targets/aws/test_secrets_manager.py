"""The seed's alternative to HCP Vault: `x-c2p: {aws: {vault: secrets-manager}}` (issue 12, item 8).

Unit tests of the decision, then the golden case tests/golden/cases/aws-secrets-manager rendered fresh and read as
its user would (Terraform, env files, README, MIGRATION), and `c2p validate` on it."""

from __future__ import annotations

import re

import pytest

from generator.errors import C2PError
from generator.targets.aws import TARGET
from tests.conftest import require_file, require_tool
from tests.targets.aws.aws_outputs import golden_cases, terraform_dir
from tests.targets.aws.aws_plans import server2_resources

VAULT = next(r for r in server2_resources() if r.kind == "vault")
POSTGRES = next(r for r in server2_resources() if r.kind == "timescaledb")


def test_hcp_vault_stays_the_default():
    assert TARGET.decide(VAULT, {}).mapping == "hcp-vault"
    assert TARGET.decide(VAULT, {"vault": "hcp"}).mapping == "hcp-vault"
    assert not [w for w in TARGET.decide(VAULT, {"vault": "hcp"}).warnings if "aws.vault" in w]


def test_secrets_manager_option_maps_vault_and_warns_loudly():
    res = TARGET.decide(VAULT, {"vault": "secrets-manager"})
    assert res.mapping == "secrets-manager" and res.engine == "secretsmanager"
    warning = res.warnings[0]  # first: the plan summary prints two warnings per resource
    assert "replaced by AWS Secrets Manager" in warning
    for phrase in ("stop calling the Vault API", "dynamic secrets", "leases", "transit"):
        assert phrase in warning
    assert res.decisions[0].key == "mapping" and res.decisions[0].source == "override"


def test_an_unknown_vault_choice_is_refused():
    with pytest.raises(C2PError, match="secrets-manager"):
        TARGET.decide(VAULT, {"vault": "secretsmanager"})


def test_the_project_wide_option_is_no_unknown_option_elsewhere():
    res = TARGET.decide(POSTGRES, {"vault": "secrets-manager"})
    assert not [w for w in res.warnings if "vault" in w], res.warnings


@pytest.fixture(scope="module")
def tree() -> dict[str, str]:
    return golden_cases()["golden/aws-secrets-manager"]()


def test_vault_becomes_secrets_with_one_least_privilege_read_policy(tree):
    tf = tree["terraform/vault.tf"]
    assert 'resource "aws_secretsmanager_secret" "vault"' in tf and "for_each = toset(var.vault_secret_names)" in tf
    assert 'name                    = "${var.name_prefix}/vault/${each.key}"' in tf
    assert "aws_secretsmanager_secret_version" not in tf  # Terraform never holds the values
    policy = tf[tf.index('data "aws_iam_policy_document" "vault_read"'):]
    assert '["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]' in policy
    assert "resources = [for secret in aws_secretsmanager_secret.vault : secret.arn]" in policy
    assert '"*"' not in policy and 'variable = "kms:ViaService"' in policy
    assert "for_each = toset(var.vault_reader_role_names)" in tf
    assert "hcp" not in tree["terraform/versions.tf"] and "hcp_" not in "".join(tree.values())
    variables = tree["terraform/variables.tf"]
    assert re.search(r'variable "vault_secret_names" \{[^}]*default     = \["web", "worker"\]', variables)
    assert "vault_read_policy_arn" in tree["terraform/outputs.tf"]
    assert 'vault_reader_role_names = ["shop-app-task-role"]' in tree["terraform/terraform.tfvars.example"]


def test_apps_lose_their_vault_variables_and_are_told_why(tree):
    for app in ("web", "worker"):
        env = tree[f"env/{app}.env"]
        assert "# VAULT_ADDR: removed. the production vault (secrets-manager) is AWS Secrets Manager, not Vault" in env
        assert "# VAULT_TOKEN: removed." in env
    assert "VAULT_" not in tree["terraform/app_env.tf"]
    assert "dev-root-token" not in "".join(tree.values())


def test_readme_says_what_the_app_must_change_and_what_is_lost(tree):
    readme = tree["README.md"]
    section = readme[readme.index("## Vault → AWS Secrets Manager: what the app must change"):]
    for phrase in ("**not Vault**", "the Vault API", "**the app's code or deployment must\nchange**", "GetSecretValue",
                   'valueFrom = "<secret arn>:<json key>::"', "Secrets Store CSI Driver", "`var.vault_reader_role_names`",
                   "| dynamic secrets", "| leases, renewal and revocation", "| the transit engine", "| Vault policies"):
        assert phrase in section, phrase
    assert "Vault: from a dev-mode token" not in readme  # the HCP section is not printed
    migration = tree["MIGRATION.md"]
    assert 'aws secretsmanager put-secret-value --secret-id "<name_prefix>/vault/<name>"' in migration
    assert "nothing durable to migrate" in migration  # the compose Vault runs in dev mode


@pytest.mark.tools
def test_c2p_validate_passes_on_it(tree, tmp_path):
    from generator.validate import aws_schema
    from generator.validate.runner import collect

    for tool in ("tofu", "hcl2json", "checkov"):
        require_tool(tool)
    require_file(aws_schema.jsii_path(), "@cdktf/provider-aws (derived AWS provider data)")
    terraform_dir(tmp_path, tree)
    results = {r.name: r for r in collect(tmp_path)}
    assert all(r.status != "failed" for r in results.values()), [str(r) for r in results.values()]
    assert results["tofu validate"].status == "passed" and results["checkov"].status == "passed"
    assert results["AWS arguments"].status == "passed"
