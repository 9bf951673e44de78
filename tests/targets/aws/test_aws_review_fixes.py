"""Review of the aws output (fresh expert review, 2026-12): the CA bundle's mode, Tiger Cloud's CA as a file, the
ElastiCache parameter group's ForceNew description, HCP Vault's AWS auth role, the put-secret-value guard and the
output names the README cites. Each rule is checked on a compose whose service names differ from their Terraform ids."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.errors import C2PError
from generator.plan.model import Resource, SqlFacts
from generator.targets.aws import TARGET
from tests.targets.aws.test_aws_conn import _generate

OS_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
COMPOSE = """
services:
  web:
    image: myorg/web:1.0
    environment:
      DATABASE_URL: postgres://app:devpw@main-db:5432/app
      TS_URL: postgres://app:devpw@ts-db:5432/app
      REDIS_URL: redis://:redispw@session-cache:6379/0
      VAULT_ADDR: http://vault:8200
      VAULT_TOKEN: root
      JWT_SECRET: dev-jwt
      API_KEY: dev-key
    depends_on: [main-db, ts-db, session-cache, vault]
  main-db:
    image: postgres:16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: devpw, POSTGRES_DB: app}
    volumes: [pg:/var/lib/postgresql/data]
  ts-db:
    image: timescale/timescaledb:2.17.2-pg16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: devpw, POSTGRES_DB: app}
    volumes: [ts:/var/lib/postgresql/data]
  session-cache:
    image: redis:7.0
    command: redis-server --requirepass redispw%s
  vault:
    image: hashicorp/vault:1.15
    environment: {VAULT_DEV_ROOT_TOKEN_ID: root}
volumes: {pg: {}, ts: {}}
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("review"), COMPOSE % "")


def _section(readme: str, title: str) -> str:
    return readme.split("## " + title, 1)[1].split("\n## ", 1)[0]


def test_rds_ca_bundle_is_added_readable_by_a_non_root_user(out):
    """1: `ADD <url>` writes mode 600; the README's Dockerfile line gives the bundle mode 644."""
    readme = (out / "README.md").read_text()
    url, path = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem", "/etc/ssl/certs/rds-global-bundle.pem"
    assert f"`ADD --chmod=0644 {url} {path}`" in readme and "BuildKit" in readme
    assert f"chmod 644 {path}" in readme
    assert not re.search(r"ADD (?!--chmod)\S*https://", readme)


def test_tiger_ca_is_the_os_bundle_file_not_system(out):
    """2: sslrootcert=system needs libpq 16+; every driver reads the OS bundle as a file."""
    assert TARGET.decide(Resource("t", "timescaledb", "", "timescaledb", facts=SqlFacts(extensions=("timescaledb",))), {}).settings["ca_file"] == OS_BUNDLE
    env = (out / "terraform" / "app_env.tf").read_text()
    assert f"/tsdb?sslmode=verify-full&sslrootcert={OS_BUNDLE}\"" in env and "sslrootcert=system" not in env
    for doc in ("README.md", "MIGRATION.md"):
        text = (out / doc).read_text()
        assert ":-system}" not in text and "PGSSLROOTCERT=system" not in text, doc
        assert f'PGSSLROOTCERT="${{PGSSLROOTCERT:-{OS_BUNDLE}}}"' in text, doc
    tls = _section((out / "README.md").read_text(), "TLS")
    assert "Alpine" in tls and "/etc/pki/tls/certs/ca-bundle.crt" in tls and "x-c2p.aws.ca_file" in tls


def test_tiger_ca_file_can_be_set_and_is_checked():
    res = Resource("t", "timescaledb", "", "timescaledb", facts=SqlFacts(extensions=("timescaledb",)))
    rhel = "/etc/pki/tls/certs/ca-bundle.crt"
    assert TARGET.decide(res, {"ca_file": rhel}).settings["ca_file"] == rhel
    with pytest.raises(C2PError, match="ca_file"):
        TARGET.decide(res, {"ca_file": "x&sslmode=disable"})


def test_elasticache_parameter_group_description_never_changes(tmp_path, out):
    """3: fixed name + create_before_destroy + ForceNew description: the description is one constant text, the
    same whatever the plan, and a group created with another text is kept (ignore_changes)."""
    other = _generate(tmp_path, (COMPOSE % " --maxmemory-policy allkeys-lru").replace("session-cache", "kv"))

    def group(tf: Path) -> str:
        text = tf.read_text()
        return text[text.index('resource "aws_elasticache_parameter_group"'):].split("\n}\n", 1)[0]

    a, b = group(out / "terraform" / "session_cache.tf"), group(other / "terraform" / "kv.tf")
    desc = [re.search(r"^  description\s*=\s*(.*)$", g, re.M).group(1) for g in (a, b)]
    assert desc[0] == desc[1] and "session" not in desc[0] and "$" not in desc[0]
    for g in (a, b):
        assert re.search(r"create_before_destroy\s*=\s*true", g) and re.search(r"ignore_changes\s*=\s*\[description\]", g)


def test_hcp_vault_role_does_not_resolve_unique_ids_and_apply_steps_are_in_order(out):
    """4: HCP Vault cannot call iam:GetRole in the user's account; Apply names the roles and Vault steps in order."""
    readme = (out / "README.md").read_text()
    vault = _section(readme, "Vault")
    assert re.search(r"vault write auth/aws/role/\S+ auth_type=iam resolve_aws_unique_ids=false", vault)
    assert "iam:GetRole" in vault
    steps = re.findall(r"^(\d+)\. (.*(?:\n   .*)*)", _section(readme, "Apply"), re.M)
    assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
    text = [" ".join(t.split()) for _, t in steps]
    # review aws round 2, item 3: the Redis seed is decided before the first apply, the data moves before the apps
    # start (an app that migrates its schema at start collides with a later pg_restore)
    at = {k: next(i for i, t in enumerate(text) if k in t)
          for k in ("_snapshot_arns", "apply`", '"Database roles"', "restore the databases", '"Vault: from a dev-mode token',
                    '"Values you supply"', "deploy it")}
    assert list(at.values()) == sorted(at.values()), text
    assert "before the FIRST apply" in text[at["_snapshot_arns"]]
    assert "MIGRATION" not in text[-1]


def test_put_secret_value_stops_when_a_value_is_unset(out, tmp_path):
    """5: an unset (or empty) value fails before `aws` runs instead of storing an empty value."""
    readme = (out / "README.md").read_text()
    block = readme.split("### Values you supply", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert block.startswith("# web: API_KEY, JWT_SECRET\n")
    assert ': "${API_KEY:?set API_KEY first}" "${JWT_SECRET:?set JWT_SECRET first}" &&\naws ' in block
    assert "no secret version" in readme and "fails to start" in readme
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool, body in (("aws", f'echo "$@" >> {tmp_path}/calls'), ("tofu", "echo '{\"web\": \"arn:x\"}'")):
        (bin_ / tool).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_}:{os.environ['PATH']}", "JWT_SECRET": "j"}
    env.pop("API_KEY", None)
    r = subprocess.run(["bash", "-c", block], env=env, capture_output=True, text=True, cwd=out)
    assert r.returncode != 0 and "set API_KEY first" in r.stderr and not (tmp_path / "calls").exists()
    r = subprocess.run(["bash", "-c", block], env={**env, "API_KEY": "k"}, capture_output=True, text=True, cwd=out)
    assert r.returncode == 0 and "put-secret-value" in (tmp_path / "calls").read_text()


def test_every_output_the_docs_name_exists(out):
    """6: the README names the database resource's `<id>_app_secret_arn`, never a `<service>_…` placeholder; every
    output the docs name or read is one outputs.tf declares."""
    declared = set(re.findall(r'^output "([^"]+)"', (out / "terraform" / "outputs.tf").read_text(), re.M))
    for doc in ("README.md", "MIGRATION.md"):
        text = (out / doc).read_text()
        assert "<service>_" not in text, doc
        named = set(re.findall(r"(?<!-)output (?:-raw |-json )?`?([a-z_][a-z0-9_]*)`?", text))
        named |= set(re.findall(r"\(output `([a-z0-9_]+)`", text))
        named -= {"the", "of", "and", "is", "a"}
        assert named and named <= declared, (doc, named - declared)
    readme = (out / "README.md").read_text()
    assert "`main_db_app_secret_arn`" in readme and "`ts_db_app_secret_arn`" in readme
