"""x-c2p and c2p.yaml: force a kind, skip, versions and per-target options; invalid ones are exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.classify import classify
from generator.cli import main
from generator.errors import C2PError
from tests.classify.build import project, svc


def test_service_x_c2p_forces_kind_and_version():
    p = project(svc("db", "ghcr.io/acme/db:1", raw={"x-c2p": {"kind": "postgres", "version": 16}}))
    info = classify(p).service("db")
    assert info.kind == "postgres" and info.confidence == 1.0
    assert info.evidence[0].source == "override"
    assert dict(info.versions) == {"postgres": "16"}


def test_forcing_app_on_a_database_reports_the_conflict():
    info = classify(project(svc("db", "postgres:16", raw={"x-c2p": {"kind": "app"}}))).service("db")
    assert info.kind == "app" and not info.stateful
    assert any("postgres" in c for c in info.conflicts)


def test_top_level_and_config_file_merge(tmp_path):
    (tmp_path / "c2p.yaml").write_text("services:\n  db:\n    aws:\n      size: db.r6g.large\naws:\n  region: eu-west-1\n")
    p = project(svc("db", "postgres:16", raw={"x-c2p": {"aws": {"size": "db.t4g.small", "ha": False}}}),
                working_dir=str(tmp_path), extensions={"x-c2p": {"services": {"db": {"k8s": {"replicas": 2}}}}})
    c = classify(p)
    opts = c.service("db").options
    assert dict(opts["aws"]) == {"ha": False, "size": "db.r6g.large"}  # c2p.yaml wins over the service's x-c2p
    assert dict(opts["k8s"]) == {"replicas": 2}
    assert dict(c.target_options["aws"]) == {"region": "eu-west-1"}
    assert c.sources == ("x-c2p on db", "x-c2p", "c2p.yaml")


def test_skip():
    info = classify(project(svc("db", "postgres:16", raw={"x-c2p": {"skip": True}}))).service("db")
    assert info.skip and info.kind == "postgres"


@pytest.mark.parametrize("bad,needle", [
    ({"kind": "postgress"}, "did you mean 'postgres'"),
    ({"sise": 1}, "unknown key 'sise'"),
    ({"skip": "yes"}, "is not of type 'boolean'"),
    ({"aws": {"replicas": 0}}, "aws.replicas"),
])
def test_invalid_service_override_is_bad_input(bad, needle):
    with pytest.raises(C2PError) as err:
        classify(project(svc("db", "postgres:16", raw={"x-c2p": bad})))
    assert needle in err.value.one_line() and err.value.exit_code == 2


def test_invalid_config_file_says_line_and_column(tmp_path):
    (tmp_path / "c2p.yaml").write_text("services:\n  db:\n    kind: postgress\n")
    with pytest.raises(C2PError) as err:
        classify(project(svc("db", "postgres:16"), working_dir=str(tmp_path)))
    assert f"{tmp_path / 'c2p.yaml'}:3:5:" in err.value.one_line()


def test_unknown_service_in_config(tmp_path):
    cfg = tmp_path / "other.yaml"
    cfg.write_text("services:\n  dbb:\n    skip: true\n")
    with pytest.raises(C2PError) as err:
        classify(project(svc("db", "postgres:16")), config_file=str(cfg))
    assert "no such service" in err.value.one_line() and "did you mean 'db'" in err.value.one_line()


def test_cli_exit_2_one_line(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  db:\n    image: postgres:16\n    x-c2p:\n      kind: nope\n")
    result = CliRunner().invoke(main, ["inspect", "-f", str(tmp_path / "compose.yaml")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "x-c2p of service 'db'" in result.output
    assert "'nope' is not one of" in result.output
    assert "Traceback" not in result.output


def test_schema_kind_enum_matches_the_registry():
    import json

    from generator.classify.kinds import KINDS
    from generator.paths import schema_path

    schema = json.loads(schema_path("c2p").read_text())
    assert set(schema["$defs"]["service"]["properties"]["kind"]["enum"]) == {k.name for k in KINDS} | {"app"}
