"""`c2p config` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "server2" / "docker-compose.v2.yml"


def test_config_prints_compose_json():
    result = CliRunner().invoke(main, ["config", "-f", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["name"] == "server2"
    assert sorted(doc["services"]) == ["redis", "server2", "timescaledb", "vault", "worker"]


def test_config_with_profile():
    result = CliRunner().invoke(main, ["config", "-f", str(EXAMPLE), "--profile", "tools"])
    assert result.exit_code == 0
    assert "migrate" in json.loads(result.output)["services"]
