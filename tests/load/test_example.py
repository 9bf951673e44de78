"""The server2 example: the typed model downstream stages read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_project, to_compose_json
from generator.model import ComposeProject

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "server2" / "docker-compose.v2.yml"


@pytest.fixture(scope="module")
def project() -> ComposeProject:
    return load_project((str(EXAMPLE),), (), (), {"HOME": "/nonexistent"})


def test_profiles_leave_out_the_tools_service(project):
    assert list(project.services) == ["redis", "server2", "timescaledb", "vault", "worker"]
    assert list(project.disabled_services) == ["migrate"]
    assert project.name == "server2"


def test_anchor_merge_key_and_interpolation_defaults(project):
    env = project.services["worker"].environment
    assert env["DATABASE_URL"] == "postgres://server2:devpassword@timescaledb:5432/server2?sslmode=disable"
    assert env["WORKER_CONCURRENCY"] == "4"
    assert env["VAULT_TOKEN"] == "dev-root-token"


def test_process_environment_wins():
    p = load_project((str(EXAMPLE),), (), (), {"POSTGRES_USER": "alice", "SERVER2_TAG": "v9"})
    assert p.services["timescaledb"].environment["POSTGRES_USER"] == "alice"
    assert p.services["server2"].image == "ghcr.io/example/server2:v9"


def test_typed_fields(project):
    api = project.services["server2"]
    assert api.build.context == str(EXAMPLE.parent)
    assert api.ports[0].target == 8080 and api.ports[0].published == "8080"
    assert api.deploy.resources.cpus_limit == 1.0
    assert api.deploy.resources.memory_limit == 512 * 1024 * 1024
    assert {d.service: d.condition for d in api.depends_on} == {
        "redis": "service_started", "timescaledb": "service_healthy", "vault": "service_healthy"}
    assert api.healthcheck.test[0] == "CMD" and api.healthcheck.interval == "10s"
    db = project.services["timescaledb"]
    assert [(m.type, m.source, m.read_only) for m in db.volumes] == [
        ("volume", "timescale-data", False), ("bind", str(EXAMPLE.parent / "db" / "init"), True)]
    assert db.healthcheck.test == ("CMD-SHELL", "pg_isready -U server2 -d server2")
    vault = project.services["vault"]
    assert vault.command == ("server", "-dev", "-dev-listen-address=0.0.0.0:8200")
    assert vault.raw["cap_add"] == ("IPC_LOCK",)
    assert project.volumes["vault-data"].raw["name"] == "server2_vault-data"
    assert "x-app-env" in project.extensions


def test_profile_enables_the_tools_service():
    p = load_project((str(EXAMPLE),), ("tools",), (), {})
    assert "migrate" in p.services and not p.disabled_services
    p = load_project((str(EXAMPLE),), (), (), {"COMPOSE_PROFILES": "tools"})
    assert "migrate" in p.services


def test_default_file_is_found_in_the_working_directory():
    p = load_project((), (), (), {}, working_dir=str(EXAMPLE.parent))
    assert p.files == (str(EXAMPLE),)


def test_json_round_trip_keeps_the_shape(project):
    doc = to_compose_json(project)
    assert doc["services"]["redis"]["entrypoint"] is None
    assert doc["networks"]["default"] == {"name": "server2_default", "ipam": {}}
    assert "migrate" not in doc["services"]
