"""Review aws round 2, item 7: Outline gives Sequelize `ssl: {rejectUnauthorized: false}` for any PGSSLMODE but
disable (outline server/storage/database.ts), so its connection is encrypted but not verified: the README says so
with a warning instead of claiming verify-full for it; an app not in plan/clients.py's table keeps the claim."""

from __future__ import annotations

from pathlib import Path

from generator.classify import classify
from generator.load import load_project
from generator.plan.build import build
from generator.render import render

TESTS = Path(__file__).resolve().parents[2]


def _readme(file: Path) -> str:
    p = load_project([str(file)], (), (), {})
    return render(build(p, classify(p), "aws"))["README.md"]


def _tls(readme: str) -> str:
    return readme.split("\n## TLS", 1)[1].split("\n## ", 1)[0]


def test_outline_is_encrypted_not_verified():
    tls = _tls(_readme(TESTS / "fixtures/realworld/outline/docker-compose.yml"))
    assert tls.startswith(" to the database: encrypted, verified where the app allows it")
    assert "**Warning — outline: encrypted, not verified.**" in tls and "rejectUnauthorized: false" in tls
    assert "server/storage/database.ts" in tls


def test_an_app_not_in_the_table_keeps_verify_full():
    tls = _tls(_readme(TESTS / "fixtures/realworld/authentik/docker-compose.yml"))
    assert tls.startswith(": the apps verify the database's certificate") and "not verified" not in tls
