"""The example the product is built around, through the real loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.classify import classify
from generator.classify.view import show
from generator.load import load_project

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "server2" / "docker-compose.v2.yml"


def _classify(profiles=()):
    project = load_project(files=(str(EXAMPLE),), profiles=tuple(profiles), env_files=(), environ={})
    return project, classify(project)


@pytest.fixture(scope="module")
def with_tools():
    return _classify(("tools",))


def test_kinds_and_versions(with_tools):
    _, c = with_tools
    kinds = {n: i.kind for n, i in c.services.items()}
    assert kinds == {"timescaledb": "timescaledb", "vault": "vault", "redis": "redis", "server2": "app",
                     "worker": "app", "migrate": "app"}
    assert dict(c.service("timescaledb").versions) == {"postgres": "16", "timescaledb": "2.17.2"}
    assert c.service("vault").facts["dev_mode"] is True
    assert dict(c.service("vault").versions) == {"vault": "1.18"}
    assert c.service("redis").facts["persistence"] == "aof"
    assert c.service("migrate").job and not c.service("server2").job


def test_postgres_facts(with_tools):
    facts = with_tools[1].service("timescaledb").facts
    assert facts["databases"] == [{"name": "server2", "owner": "server2"}]
    assert facts["init_scripts"] == ["./db/init"]
    assert facts["data_volume"] == "timescale-data"


def test_consumers(with_tools):
    _, c = with_tools
    for app in ("server2", "worker"):
        got = {(u.env, u.target, u.role) for u in c.service(app).consumes}
        assert got == {("DATABASE_URL", "timescaledb", "url"), ("REDIS_URL", "redis", "url"),
                       ("VAULT_ADDR", "vault", "addr"), ("VAULT_TOKEN", "vault", "token")}
    assert {(u.env, u.target) for u in c.service("migrate").consumes} == {("DATABASE_URL", "timescaledb")}
    token = next(u for u in c.service("server2").consumes if u.env == "VAULT_TOKEN")
    assert "dev root token" in token.dev_only
    url = next(u for u in c.service("server2").consumes if u.env == "DATABASE_URL")
    assert set(url.dev_only) == {"sslmode=disable", "literal password"}


def test_migrate_consumes_only_when_its_profile_is_on():
    _, c = _classify()
    assert "migrate" not in c.services
    assert {u.service for u in c.used_by("timescaledb")} == {"server2", "worker"}


def test_inspect_json_contract_and_no_secrets(with_tools):
    project, c = with_tools
    text = show(project, c, "json")
    assert "devpassword" not in text and "dev-root-token" not in text
    doc = json.loads(text)
    for s in doc["services"]:
        assert {"name", "kind", "stateful", "image", "evidence", "versions", "consumes"} <= set(s)
        assert isinstance(s["evidence"], list) and isinstance(s["versions"], dict)
    server2 = next(s for s in doc["services"] if s["name"] == "server2")
    assert {"service": "vault", "env": "VAULT_TOKEN"}.items() <= next(
        x for x in server2["consumes"] if x["env"] == "VAULT_TOKEN").items()


def test_text_and_mermaid_views(with_tools):
    project, c = with_tools
    text = show(project, c, "text")
    assert "PostgreSQL 16, TSDB 2.17.2" in text and "dev mode" in text and "migrate*" in text
    assert "devpassword" not in text
    mm = show(project, c, "mermaid")
    assert mm.startswith("flowchart LR")
    assert "s_server2 -->|DATABASE_URL| s_timescaledb" in mm
    assert "s_timescaledb --- v_timescale_data" in mm
