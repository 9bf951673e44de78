"""Review 2026-12-aws-output, the defects that make `tofu apply` fail or lose data later, and the README claims
that were not true for the file at hand (#2, #3, #5, #12, #13, #14, #15, #16, #18, #19): assertions on the rendered
Terraform and docs of hand-made plans, one or more per defect; each failed before its fix."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import C2PError
from generator.plan.model import App, Database, EnvOverride, EnvVar, Plan, RedisFacts, Resource, SqlFacts, VaultFacts
from generator.render import render
from generator.targets.aws import TARGET
from tests.conftest import require_tool
from tests.targets.aws.aws_plans import PG_URL, postgres_plan, server2_plan


def _block(text: str, header: str) -> str:
    """The text of the top-level block that starts with `header` (up to its closing brace at column 0)."""
    start = text.index(header)
    end = text.index("\n}\n", start)
    return text[start:end + 2]


def _plan(*resources: Resource, apps: tuple[App, ...] = (), options: dict | None = None) -> Plan:
    decided = tuple(TARGET.decide(r, (options or {}).get(r.name, {})) for r in resources)
    return Plan("shop", "aws", ("compose.yaml",), resources=decided, apps=apps)


PG = Resource("db", "postgres", "", "postgres", versions={"postgres": "16"}, port=5432,
              facts=SqlFacts(databases=(Database("shop", "shop"),)))
REDIS = Resource("cache", "redis", "", "redis", versions={"redis": "7.2"}, port=6379, facts=RedisFacts(persistence="rdb"))
TSDB = Resource("tsdb", "timescaledb", "", "timescaledb", versions={"postgres": "16", "timescaledb": "2.17.2"},
                port=5432, facts=SqlFacts(databases=(Database("metrics", "metrics"),)))
VAULT = Resource("vault", "vault", "", "vault", versions={"vault": "1.18"}, port=8200, facts=VaultFacts(dev_mode=True))
WEB = App("web", "example/web", env=(EnvVar("DATABASE_URL", override=EnvOverride(
    "DATABASE_URL", "set", "tsdb", "url", PG_URL, True, "Tiger Cloud, TLS")),))


# --- #2: the Redis slow-log group cannot use an ordinary customer key -------------------------------------------

def test_log_group_has_its_own_key_variable_and_the_key_policy_is_documented():
    tree = render(_plan(REDIS))
    group = _block(tree["terraform/cache.tf"], 'resource "aws_cloudwatch_log_group" "cache_slow_log"')
    assert "kms_key_id        = var.logs_kms_key_arn" in group
    variable = _block(tree["terraform/variables.tf"], 'variable "logs_kms_key_arn"')
    assert "default     = null" in variable and "logs." in variable
    readme = tree["README.md"]
    # the statement CloudWatch Logs needs in the key policy (AWS: encrypt-log-data-kms), next to the variable
    assert '"Service": "logs.' in readme and "kms:EncryptionContext:aws:logs:arn" in readme
    assert "log-group:/elasticache/shop-" in readme
    assert "logs_kms_key_arn" not in render(_plan(PG))["terraform/variables.tf"]


# --- #3: major PostgreSQL upgrades ------------------------------------------------------------------------------

def test_rds_allows_the_major_upgrade_its_version_variable_offers():
    tree = render(_plan(PG))
    instance = _block(tree["terraform/db.tf"], 'resource "aws_db_instance" "db"')
    assert re.search(r"allow_major_version_upgrade\s+= true", instance)
    assert re.search(r"apply_immediately\s+= var\.db_apply_immediately", instance)
    group = _block(tree["terraform/db.tf"], 'resource "aws_db_parameter_group" "db"')
    assert 'family      = "postgres${var.db_engine_version}"' in group and "create_before_destroy = true" in group
    variable = _block(tree["terraform/variables.tf"], 'variable "db_apply_immediately"')
    assert "default     = false" in variable
    readme = tree["README.md"]
    assert "db_engine_version" in readme and "family" in readme and "db_apply_immediately=true" in readme


# --- #5: seeding ElastiCache must not lead to a replacement -----------------------------------------------------

def test_seed_snapshot_is_a_variable_the_group_ignores_after_creation():
    tree = render(_plan(REDIS))
    group = _block(tree["terraform/cache.tf"], 'resource "aws_elasticache_replication_group" "cache"')
    assert re.search(r"snapshot_arns\s+= var\.cache_snapshot_arns", group)
    assert re.search(r"ignore_changes\s+= \[snapshot_arns\]", group)
    assert "default     = []" in _block(tree["terraform/variables.tf"], 'variable "cache_snapshot_arns"')
    migration = tree["MIGRATION.md"]
    assert 'cache_snapshot_arns = ["arn:aws:s3:::<bucket>/cache/export.rdb"]' in migration
    assert "remove it" not in migration and "ignore_changes" in migration


# --- #13: replacements that would lose data ---------------------------------------------------------------------

@pytest.mark.parametrize("resource, file, header", [
    (REDIS, "terraform/cache.tf", 'resource "aws_elasticache_replication_group" "cache"'),
    (PG, "terraform/db.tf", 'resource "aws_db_instance" "db"'),
    (TSDB, "terraform/tsdb.tf", 'resource "timescale_service" "tsdb"'),
    (VAULT, "terraform/vault.tf", 'resource "hcp_vault_cluster" "vault"'),
])
def test_data_holding_resources_carry_prevent_destroy(resource, file, header):
    tree = render(_plan(resource))
    assert "prevent_destroy = true" in _block(tree[file], header)


def test_readme_names_what_would_replace_the_cache_and_the_database():
    readme = render(_plan(REDIS, PG))["README.md"]
    section = readme.split("## Replacements that would lose data")[1].split("\n## ")[0]
    assert "prevent_destroy" in section
    for arg in ("kms_key_id", "port", "subnet_group_name", "replication_group_id", "username", "db_name"):
        assert f"`{arg}`" in section, arg


# --- #12: security-group rules, the same shape for every service -------------------------------------------------

def test_every_service_gets_standalone_rules_and_no_inline_ones():
    plan = server2_plan({"timescaledb": {"vpc_peering": True}})
    plan = Plan(plan.project, "aws", plan.sources, resources=plan.resources + (TARGET.decide(PG, {}),), apps=plan.apps)
    tree = render(plan)
    tf = "\n".join(t for p, t in tree.items() if p.endswith(".tf"))
    for name in ("redis", "timescaledb", "vault", "db"):
        egress = _block(tf, f'resource "aws_vpc_security_group_egress_rule" "app_to_{name}"')
        assert re.search(r"\n  security_group_id\s+= var\.app_security_group_id\n", egress), name
    for name in ("redis", "db"):
        ingress = _block(tf, f'resource "aws_vpc_security_group_ingress_rule" "{name}_from_app"')
        assert re.search(r"referenced_security_group_id\s+= var\.app_security_group_id", ingress)
        assert re.search(rf"referenced_security_group_id\s+= aws_security_group\.{name}\.id", _block(
            tf, f'resource "aws_vpc_security_group_egress_rule" "app_to_{name}"'))
    for sg in re.findall(r'resource "aws_security_group" "[^"]+" \{.*?\n\}\n', tf, re.S):
        assert not re.search(r"^\s+(ingress|egress)\s+\{", sg, re.M), sg
    assert "inline" in tree["README.md"] and "aws_vpc_security_group_egress_rule" in tree["README.md"]


# --- #15, #16: README claims true for the file at hand ----------------------------------------------------------

def test_tls_and_deletion_claims_follow_the_services_present():
    tiger_only = render(_plan(TSDB, apps=(WEB,)))["README.md"]
    assert "rds.force_ssl" not in tiger_only
    redis_only = render(_plan(REDIS))["README.md"]
    notes = redis_only.split("## Security notes")[1].split("\n## ")[0]
    assert "rds.force_ssl" not in notes and "Deletion protection" not in notes
    assert "final snapshot" in notes and "prevent_destroy" in notes
    with_rds = render(_plan(PG))["README.md"].split("## Security notes")[1].split("\n## ")[0]
    assert "rds.force_ssl" in with_rds and "deletion_protection" in with_rds


def test_checkov_skip_reasons_name_only_sources_present():
    tree = render(_plan(TSDB, apps=(WEB,)))
    assert "RDS-managed" not in tree["terraform/app_env.tf"] and "RDS-managed" not in tree["README.md"]
    assert "ElastiCache" not in tree["terraform/app_env.tf"]
    assert "database role password" in render(postgres_plan())["terraform/app_env.tf"]


def test_backup_default_is_stated_as_the_api_default():
    db = next(r for r in postgres_plan().resources if r.name == "db")
    reason = next(d.reason for d in db.decisions if d.key == "backup_retention_days")
    assert "default is 0" not in reason and "1 day" in reason


# --- #18: HVN CIDR ------------------------------------------------------------------------------------------------

HVN_OK = ("172.25.16.0/20", "10.0.0.0/16", "192.168.10.0/25", "172.31.0.0/16")
HVN_BAD = ("172.32.0.0/16", "8.8.0.0/16", "10.0.0.0/15", "10.0.0.0/26", "10.0.0.1/16", "100.64.0.0/16", "10.0.0.0")


@pytest.mark.parametrize("cidr", HVN_BAD)
def test_hvn_cidr_option_is_checked_at_generate_time(cidr):
    with pytest.raises(C2PError, match="RFC 1918"):
        TARGET.decide(VAULT, {"hvn_cidr": cidr})


@pytest.mark.tools
def test_hvn_cidr_validation_with_real_tofu(tmp_path):
    tofu = require_tool("tofu")
    variables = render(_plan(VAULT))["terraform/variables.tf"]
    block = _block(variables, 'variable "vault_hvn_cidr"')
    assert "var.vault_hvn_cidr" in block and not re.search(r"var\.(?!vault_hvn_cidr\b)", block)
    (tmp_path / "main.tf").write_text(block)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TF_CLI_CONFIG_FILE": "/dev/null"}
    for cidr, ok in [(c, True) for c in HVN_OK] + [(c, False) for c in HVN_BAD]:
        proc = subprocess.run([tofu, "plan", "-input=false", "-no-color", f"-var=vault_hvn_cidr={cidr}"],
                              cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
        assert (proc.returncode == 0) == ok, (cidr, proc.stdout + proc.stderr)
        if not ok:
            assert "RFC 1918" in proc.stdout + proc.stderr


# --- #19: token rotation, the two steps ---------------------------------------------------------------------------

def test_token_rotation_is_two_steps_with_set():
    tree = render(_plan(REDIS))
    group = _block(tree["terraform/cache.tf"], 'resource "aws_elasticache_replication_group" "cache"')
    assert re.search(r"auth_token_update_strategy\s+= var\.cache_auth_token_update_strategy", group)
    variable = _block(tree["terraform/variables.tf"], 'variable "cache_auth_token_update_strategy"')
    assert '"ROTATE"' in variable and '"SET"' in variable
    readme = tree["README.md"]
    assert "-replace=random_password.cache_auth" in readme and "cache_auth_token_update_strategy=SET" in readme
    assert "old token" in readme
    skip = tree["terraform/cache.tf"].split("#checkov:skip=CKV2_AWS_57:")[1].split("\n")[0]
    assert "SET" in skip
    strategy = next(d.reason for d in TARGET.decide(REDIS, {}).decisions if d.key == "auth_token_update_strategy")
    assert "SET" in strategy


# --- #14: nothing generated is not a success ----------------------------------------------------------------------

def test_nothing_mapped_and_no_app_writes_no_terraform():
    tree = render(_plan(Resource("legacy", "mongodb", "", "mongodb", port=27017)))
    assert sorted(tree) == ["MIGRATION.md", "README.md"]
    assert "legacy" in tree["README.md"] and "nothing" in tree["README.md"].lower()


REPO = Path(__file__).resolve().parents[3]


def _c2p(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI of this checkout (PYTHONPATH: cwd is the compose project, not the repository)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_generate_exits_1_when_every_service_was_left_out(tmp_path, target):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  db:\n    image: mongo:7.0\n    volumes: [data:/data/db]\nvolumes:\n  data: {}\n")
    proc = _c2p(tmp_path, "generate", "--target", target)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "skipped db (mongodb)" in proc.stdout and "Nothing to deploy was generated" in proc.stdout
    assert "Next:" not in proc.stdout
    assert not (tmp_path / "c2p-out" / target / "terraform").exists()
    assert (tmp_path / "c2p-out" / target / "README.md").is_file()


def test_generate_exits_0_when_apps_are_generated(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n")
    proc = _c2p(tmp_path, "generate", "--target", "aws")
    assert proc.returncode == 0, proc.stdout + proc.stderr
