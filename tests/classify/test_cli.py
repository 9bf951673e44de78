"""The commands people type: c2p inspect (text/json/mermaid), c2p kinds, c2p plan."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "server2" / "docker-compose.v2.yml")


def _run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_inspect_text():
    out = _run("inspect", "-f", EXAMPLE, "--profile", "tools")
    assert out.startswith("server2 (docker-compose.v2.yml) — 6 services, 3 stateful")
    assert "timescaledb  timescaledb" in out and "migrate*" in out and "devpassword" not in out


def test_inspect_json_and_mermaid():
    doc = json.loads(_run("inspect", "-f", EXAMPLE, "--format", "json"))
    assert [s["name"] for s in doc["services"]] == ["redis", "server2", "timescaledb", "vault", "worker"]
    assert doc["disabled_services"] == ["migrate"]
    assert _run("inspect", "-f", EXAMPLE, "--format", "mermaid").startswith("flowchart LR\n")


def test_kinds_lists_every_kind_with_target_mappings():
    out = _run("kinds")
    for kind in ("timescaledb", "postgres", "redis", "vault", "mysql", "clickhouse", "unknown-stateful"):
        assert kind in out
    assert "Tiger Cloud" in out and "CloudNativePG" in out
    rows = json.loads(_run("kinds", "--format", "json"))
    assert {r["kind"] for r in rows} >= {"timescaledb", "memcached"}


def test_plan_unknown_target_is_bad_input():
    result = CliRunner().invoke(main, ["plan", "-f", EXAMPLE, "--target", "gcp"])
    assert result.exit_code == 2 and "not implemented yet" in result.output
