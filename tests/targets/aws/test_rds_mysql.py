"""RDS for MySQL/MariaDB (generator/targets/aws/mappings/rds_mysql): the version RDS runs for compose's, the secure
defaults in the generated Terraform, the app user's SQL and the runbooks' shell for any compose name."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.classify import classify
from generator.errors import C2PError
from generator.load import load_project
from generator.mapping import output
from generator.plan.build import build
from generator.plan.model import Database, Resource, SqlFacts
from generator.render import render
from generator.targets.aws import TARGET
from generator.targets.aws.mappings.rds_mysql import MAPPING, versions
from tests.shell_blocks import shell_problems

CASES = Path(__file__).resolve().parents[2] / "golden" / "cases"


def _res(kind: str, version: str | None, db: Database | None = Database("app", "app"), name: str = "db") -> Resource:
    return Resource(name=name, kind=kind, mapping="", engine=kind, versions={kind: version} if version else {},
                    image=f"{kind}:{version or 'latest'}", port=3306, facts=SqlFacts(databases=(db,) if db else ()))


@pytest.mark.parametrize("kind,given,major,how", [
    ("mysql", "8.0.36", "8.0", "same"), ("mysql", "8.4", "8.4", "same"), ("mysql", "8", "8.4", "same"),
    ("mysql", "9.3", "9.7", "upgrade"), ("mysql", "26.7", "9.7", "downgrade"), ("mysql", None, "9.7", "unknown"),
    ("mariadb", "10.6", "10.11", "upgrade"), ("mariadb", "11.4.5", "11.4", "same"), ("mariadb", "11.2", "11.4", "upgrade"),
    ("mariadb", "12.3", "12.3", "same"), ("mariadb", "12.5", "12.3", "downgrade"),
])
def test_the_major_rds_runs_for_compose_s(kind, given, major, how):
    choice = versions.pick(kind, given)
    assert (choice.major, choice.how) == (major, how)
    res = TARGET.decide(_res(kind, given), {})
    assert res.mapping == "rds-mysql" and res.settings["engine_version"] == major
    assert res.settings["parameter_group_family"] == f"{kind}{major}"
    warned = " ".join(res.warnings)
    assert ("DOWNGRADE" in warned) == (how == "downgrade")
    assert ("nearest newer major" in warned) == (how == "upgrade")


def test_a_major_past_rds_standard_support_is_kept_and_its_charge_said():
    res = TARGET.decide(_res("mysql", "8.0"), {})
    assert res.settings["engine_version"] == "8.0"
    assert any("RDS Extended Support" in w and "2026-07-31" in w for w in res.warnings), res.warnings
    assert not any("Extended Support" in w for w in TARGET.decide(_res("mysql", "8.4"), {}).warnings)


def test_options_are_checked():
    assert TARGET.decide(_res("mariadb", "10.11"), {"engine_version": "11.8"}).settings["engine_version"] == "11.8"
    with pytest.raises(C2PError, match="MariaDB major version RDS offers"):
        TARGET.decide(_res("mariadb", "10.11"), {"engine_version": "10.6"})
    with pytest.raises(C2PError, match="Performance Insights"):
        TARGET.decide(_res("mysql", "8.4"), {"instance_class": "db.t4g.micro"})
    assert TARGET.decide(_res("mysql", "8.4"), {"size": "db.r7g.xlarge"}).settings["instance_class"] == "db.r7g.xlarge"


def test_the_apps_user_is_never_the_master_nor_a_reserved_name():
    assert TARGET.decide(_res("mysql", "8.4", Database("shop", "shop")), {}).settings["app_user"] == "shop"
    for reserved in ("root", "admin", "rdsadmin", "dbadmin"):
        s = TARGET.decide(_res("mysql", "8.4", Database("shop", reserved)), {}).settings
        assert s["app_user"] == "app" and s["username"] != s["app_user"], reserved


def test_a_database_name_rds_refuses_is_renamed_and_said():
    res = TARGET.decide(_res("mariadb", "11.4", Database("my-blog", "blog")), {})
    assert res.settings["database"] == "my_blog"
    why = next(d.reason for d in res.decisions if d.key == "database")
    assert "`my-blog` becomes `my_blog`" in why


def test_outputs_are_the_apps_user_and_terraform_references():
    res = TARGET.decide(_res("mariadb", "11.4", Database("shop", "shop")), {})
    assert output(MAPPING, res, "host").value == "aws_db_instance.db.address"
    assert output(MAPPING, res, "port").value == "aws_db_instance.db.port"
    assert output(MAPPING, res, "username").value == '"shop"'
    assert output(MAPPING, res, "password").value == "random_password.db_app.result"
    assert output(MAPPING, res, "database").value == "aws_db_instance.db.db_name"
    assert res.settings["tls"] is True and res.settings["ssl_mode"] == "VERIFY_IDENTITY"
    assert res.settings["ca_file"] == "/etc/ssl/certs/rds-global-bundle.pem"


def _tree(case: str) -> dict[str, str]:
    p = load_project([str(CASES / case / "compose.yaml")], (), (), {})
    return render(build(p, classify(p), "aws"))


@pytest.mark.parametrize("case,engine,family", [("wordpress-mariadb-eol", "mariadb", "mariadb"),
                                                ("ghost-mysql", "mysql", "mysql")])
def test_terraform_has_the_secure_defaults(case, engine, family):
    tf = _tree(case)["terraform/db.tf"]
    for line in (f'engine                                = "{engine}"', "multi_az                              = var.db_multi_az",
                 'storage_type                          = "gp3"', "storage_encrypted                     = true",
                 "kms_key_id                            = var.kms_key_arn", "manage_master_user_password           = true",
                 "performance_insights_enabled          = true", "monitoring_interval                   = 60",
                 "deletion_protection                   = true", "copy_tags_to_snapshot                 = true",
                 "publicly_accessible                   = false", 'enabled_cloudwatch_logs_exports       = ["error", "slowquery"]',
                 f'family      = "{family}${{var.db_engine_version}}"'):
        assert line in tf, line
    for param in ("require_secure_transport", "log_bin_trust_function_creators"):
        assert re.search(rf'name  = "{param}"\n    value = "1"', tf), param
    instance = tf.split('resource "aws_db_instance" "db" {')[1].split("\n}\n")[0]
    assert not re.search(r"^\s*password(_wo)?\s*=", instance, re.M)  # no master password in the configuration


def test_runbooks_quote_any_compose_name(tmp_path):
    """A compose user and database with quotes, backquotes and a `$`: the README's SQL escapes them (inside a quoted
    heredoc), the shell words are quoted, and every block parses (bash -n)."""
    (tmp_path / "compose.yaml").write_text("""
services:
  db:
    image: mariadb:11.4
    environment:
      MARIADB_DATABASE: "shop_db"
      MARIADB_USER: "o'br`ien$x"
      MARIADB_PASSWORD: pw_fake
  app:
    image: example/shop:1
    environment:
      DB_HOST: db
      DB_USER: "o'br`ien$$x"
      DB_PASSWORD: pw_fake
      DB_NAME: shop_db
""")
    p = load_project([str(tmp_path / "compose.yaml")], (), (), {})
    tree = render(build(p, classify(p), "aws"))
    assert shell_problems(tree) == []
    readme = tree["README.md"]
    user = next(d.value for r in build(p, classify(p), "aws").resources for d in r.decisions if d.key == "app_user")
    if user != "app":
        sql = "'" + user.replace("\\", "\\\\").replace("'", "''") + "'"
        assert f"SET @app_user = {sql};" in readme
    block = next(b.split("```")[0] for b in readme.split("```sh\n")[1:] if b.startswith("# db (aws_db_instance.db)"))
    assert "<<'SQL'" in block  # the SQL is inert for the shell
    proc = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("case", ["wordpress-mariadb-eol", "ghost-mysql"])
def test_readme_and_migration_say_what_matters(case):
    tree = _tree(case)
    readme, migration = tree["README.md"], tree["MIGRATION.md"]
    assert "## Database roles" in readme and "REQUIRE SSL" in readme and "GRANT ALL" not in readme.split("```sh")[1]
    assert "--single-transaction --routines --triggers --events" in migration
    assert "/^(INSERT INTO |\\()/!s/(^CREATE " in migration
    assert ("--set-gtid-purged=OFF" in migration) == (case == "ghost-mysql")
    assert ("mariadb-dump" in migration) == (case == "wordpress-mariadb-eol")
    assert "pg_restore" not in readme
    assert shell_problems(tree) == []


def test_a_database_name_compose_reads_from_a_file_is_said_not_guessed():
    """realworld/nextcloud: MYSQL_DATABASE_FILE leaves the name unknown (None); the mapping creates `app` and says how
    to keep compose's name (it crashed on None before)."""
    res = TARGET.decide(_res("mariadb", "10.11", Database(None, None)), {})
    assert res.settings["database"] == "app" and res.settings["app_user"] == "app"
    assert "x-c2p aws.database" in next(d.reason for d in res.decisions if d.key == "database")
    assert TARGET.decide(_res("mariadb", "10.11", Database(None, None)), {"database": "nc"}).settings["database"] == "nc"
