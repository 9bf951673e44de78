"""aws connections (issue 12, review aws #4 #6 #8 #9 #10 #11 #17 and item 7): what the generated files say.

The behaviour itself (apps connecting through a rotation, as their own role, verifying certificates; runbooks)
is rehearsed against real servers in tests/rehearsal/test_aws.py and test_runbooks.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.plan.model import Resource, SqlFacts
from generator.targets.aws import extensions as ext
from generator.targets.aws import TARGET

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = """
services:
  web:
    image: myorg/web:1.0
    environment:
      DATABASE_URL: postgres://app:devpw@db:5432/app
      DJANGO_SECRET_KEY: dev-secret-123
      JWT_SECRET: dev-jwt
      REDIS_URL: redis://:redispw@cache:6379/0
    depends_on: [db, cache]
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: devpw
      POSTGRES_DB: app
    volumes: [pg:/var/lib/postgresql/data]
  cache:
    image: redis:7.0
    command: redis-server --requirepass redispw --maxmemory-policy allkeys-lru
volumes:
  pg: {}
"""


def _generate(tmp_path: Path, compose: str, name: str = "compose.yaml") -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / name).write_text(compose)
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "-f", str(src / name), "--target", "aws",
                           "-o", str(tmp_path / "out"), "--force"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "out" / "aws"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("conn"), COMPOSE)


def test_rds_apps_get_their_own_role_not_the_rotating_master(out):
    """#4 #11: no data source reads the managed master secret; the apps' URL uses random_password.<db>_app and
    the app role, which is not the master."""
    tf = (out / "terraform" / "db.tf").read_text()
    env = (out / "terraform" / "app_env.tf").read_text()
    assert "aws_secretsmanager_secret_version\" \"db_master" not in tf and "data \"aws_secretsmanager" not in tf
    assert 'username                              = "dbadmin"' in tf
    assert 'resource "random_password" "db_app"' in tf and "random_password.db_app.result" in env
    assert 'urlencode("app")' in env and "dbadmin" not in env
    readme = (out / "README.md").read_text()
    assert "## Database roles" in readme and "ALTER DATABASE :\"db\" OWNER TO :\"role\";" in readme


def test_rds_urls_verify_the_certificate(out):
    """RDS: sslmode=verify-full, and the CA file named in the settings and the README."""
    env = (out / "terraform" / "app_env.tf").read_text()
    assert "sslmode=verify-full" in env and "sslmode=require" not in env
    readme = (out / "README.md").read_text()
    assert "ADD --chmod=0644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem" in readme


def test_elasticache_parameter_group_carries_compose_policy(out):
    """#8: an aws_elasticache_parameter_group with compose's maxmemory-policy, used by the group."""
    tf = (out / "terraform" / "cache.tf").read_text()
    assert 'resource "aws_elasticache_parameter_group" "cache"' in tf
    assert '"allkeys-lru"' in tf and "parameter_group_name       = aws_elasticache_parameter_group.cache.name" in tf
    assert "default.valkey" not in tf


def test_redis_without_policy_keeps_redis_default():
    res = TARGET.decide(Resource("cache", "redis", "", "redis", versions={"redis": "7.0"}), {})
    assert res.settings["maxmemory_policy"] == "noeviction"


def test_migration_redis_with_password_uses_rediscli_auth_and_no_wrong_version(out):
    """#17: redis-cli --rdb gets the compose password through REDISCLI_AUTH; Redis 7.0 needs no RDB-format note."""
    mig = (out / "MIGRATION.md").read_text()
    assert '-e REDISCLI_AUTH="${COMPOSE_REDIS_PASSWORD:?' in mig
    assert "compose runs" not in mig.split("## cache")[1]


def test_user_values_secret_is_created_empty_with_a_put_command(out):
    """Item 7: a per-app `…/user` secret without a secret version, its ARN output, and the put-secret-value
    command with every key."""
    env = (out / "terraform" / "app_env.tf").read_text()
    assert 'resource "aws_secretsmanager_secret" "app_user"' in env
    assert 'aws_secretsmanager_secret_version" "app_user' not in env
    assert 'output "app_user_secret_arns"' in (out / "terraform" / "outputs.tf").read_text()
    readme = (out / "README.md").read_text()
    assert ('--arg DJANGO_SECRET_KEY "${DJANGO_SECRET_KEY}" --arg JWT_SECRET "${JWT_SECRET}" \'$ARGS.named\'' in readme)
    assert ': "${DJANGO_SECRET_KEY:?set DJANGO_SECRET_KEY first}" "${JWT_SECRET:?set JWT_SECRET first}" &&\n' in readme


def test_extension_lists_are_data_with_sources():
    assert "vector" in ext.RDS_EXTENSIONS and "vectors" not in ext.RDS_EXTENSIONS
    assert "timescaledb" in ext.TIGER_EXTENSIONS and "vectors" not in ext.TIGER_EXTENSIONS
    assert "postgresql-extensions" in ext.RDS_SOURCE and "tigerdata" in ext.TIGER_SOURCE


def test_database_needing_an_extension_rds_lacks_is_refused():
    """#9: immich's pgvecto.rs (`vectors`, from shared_preload_libraries or the image) is not mapped to RDS."""
    for res in (Resource("database", "postgres", "", "postgres", facts=SqlFacts(extensions=("vectors",))),
                Resource("database", "postgres", "", "postgres", image="docker.io/tensorchord/pgvecto-rs:pg14-v0.2.0")):
        out = TARGET.decide(res, {})
        assert out.mapping == "unsupported"
        assert "vectors" in out.warnings[0] and "pgvector" in out.warnings[0]
    forced = TARGET.decide(Resource("database", "postgres", "", "postgres", facts=SqlFacts(extensions=("vectors",))), {"engine": "rds"})
    assert forced.mapping == "rds" and forced.warnings[0].startswith("database: FORCED TO RDS")
    assert TARGET.decide(Resource("db", "postgres", "", "postgres", facts=SqlFacts(extensions=("vector",))), {}).mapping == "rds"


def test_tiger_is_private_and_verified_by_default():
    """#10: VPC peering on by default, verify-full with the OS trust bundle file; off only by override, loudly."""
    res = Resource("tsdb", "timescaledb", "", "timescaledb", facts=SqlFacts(extensions=("timescaledb",)))
    out = TARGET.decide(res, {})
    assert out.settings["vpc_peering"] is True and out.settings["sslmode"] == "verify-full"
    assert out.settings["ca_file"] == "/etc/ssl/certs/ca-certificates.crt"
    public = TARGET.decide(res, {"vpc_peering": False})
    assert any("PUBLIC DATABASE" in w for w in public.warnings)


def test_timescaledb_migration_matches_the_extension_version_first(tmp_path):
    """#6: the runbook compares extversion on both sides before dumping, and says live migration needs the same version too (Tiger Data docs)."""
    out = _generate(tmp_path, """
services:
  tsdb:
    image: timescale/timescaledb:2.17.2-pg16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw, POSTGRES_DB: app}
    volumes: [d:/var/lib/postgresql/data]
volumes: {d: {}}
""")
    mig = (out / "MIGRATION.md").read_text()
    assert "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'" in mig
    assert mig.index("extversion") < mig.index("pg_dump")
    assert "live migration needs the same\nTimescaleDB version" in mig and "ALTER EXTENSION timescaledb UPDATE;` after" not in mig


def test_tiger_apps_get_their_own_role(tmp_path):
    """#11 for Tiger Cloud: the apps' URL names their own role and random_password, never tsdbadmin; README's role
    step and MIGRATION's ownership transfer are there."""
    out = _generate(tmp_path, """
services:
  api:
    image: myorg/api:1
    environment: {DATABASE_URL: "postgres://app:pw@tsdb:5432/app"}
  tsdb:
    image: timescale/timescaledb:2.17.2-pg16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: pw, POSTGRES_DB: app}
    volumes: [d:/var/lib/postgresql/data]
volumes: {d: {}}
""")
    env = (out / "terraform" / "app_env.tf").read_text()
    assert 'urlencode("app")' in env and "random_password.tsdb_app.result" in env and "tsdbadmin" not in env
    assert "timescale_service.tsdb.password" not in env
    assert "(timescale_service.tsdb)" in (out / "README.md").read_text()
    assert "ALTER %s %s OWNER TO %I" in (out / "MIGRATION.md").read_text()


NEXTCLOUD = """
services:
  app:
    image: nextcloud:29-apache
    environment:
      REDIS_HOST: redis
  redis:
    image: redis:7.4
"""


def test_elasticache_accepts_plaintext_when_an_app_cannot_take_tls(tmp_path):
    """nextcloud's image has no Redis TLS setting (plan/clients.py no_tls): a TLS-only group left it unable to
    connect; the group is "preferred" (TLS and plaintext, the auth token on both), said in the README, and the
    app's own "cannot connect" warning is gone. Without such an app the group stays "required"."""
    out = _generate(tmp_path, NEXTCLOUD)
    tf = (out / "terraform" / "redis.tf").read_text()
    readme = (out / "README.md").read_text()
    assert 'transit_encryption_mode    = "preferred"' in tf
    assert 'transit_encryption_mode = "preferred", not "required": app: the nextcloud image' in readme
    assert "cannot connect until" not in readme
    assert "no variable says so" not in readme and "redis in plaintext: this app cannot take TLS" in readme
    (tmp_path / "py").mkdir()
    py = _generate(tmp_path / "py", NEXTCLOUD.replace("nextcloud:29-apache", "ghcr.io/acme/web:1")
                   .replace("REDIS_HOST: redis", "REDIS_URL: redis://redis:6379/0"))
    assert 'transit_encryption_mode    = "required"' in (py / "terraform" / "redis.tf").read_text()


def test_each_app_gets_a_policy_reading_only_its_own_secrets(out):
    """ECS fetches `secrets` valueFrom with the task execution role: without GetSecretValue on the app's secrets
    (and kms:Decrypt with a customer key) the task does not start. One policy per app, scoped to its secrets."""
    tf = (out / "terraform" / "app_env.tf").read_text()
    block = tf[tf.index('resource "aws_iam_policy" "app_secrets_read"'):]
    assert "aws_secretsmanager_secret.app_env[each.key].arn" in block and '"*"' not in block
    assert '"kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com"' in block
    assert "app_secrets_read_policy_arns" in (out / "terraform" / "outputs.tf").read_text()
    assert "app_secrets_read_policy_arns" in (out / "README.md").read_text()
