"""Which PostgreSQL/Redis version each target runs for compose's image tag (generator/lifecycle.py):

- a floating tag (`postgres`, `postgres:alpine`, `redis:alpine`) is the version that tag runs today, on every target,
  and README says so ("floating tag `postgres` → 18 (latest on <date>)") — not a default of 17 that a dump from 18
  cannot be restored into;
- a pinned major past its community end of life is kept (the dump restores as it is) and warned about loudly on
  every target, with the date and that target's upgrade path;
- a target that lacks compose's major never lowers it silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.classify import classify
from generator.lifecycle import FLOATING, PG_EOL, floating, pick_major
from generator.classify.image import parse_image
from generator.load import load_project
from generator.plan import build_plan
from generator.render import render

PG = next(f for f in FLOATING if f.image == "postgres")
REDIS = next(f for f in FLOATING if f.image == "redis")


def _plan(tmp_path: Path, db_image: str, target: str, cache_image: str | None = None):
    cache = (f"  cache:\n    image: {cache_image}\n") if cache_image else ""
    (tmp_path / "compose.yaml").write_text(
        "services:\n"
        f"  db:\n    image: {db_image}\n    environment: {{POSTGRES_PASSWORD: x, POSTGRES_USER: app, POSTGRES_DB: app}}\n"
        "    volumes: [pg:/var/lib/postgresql/data]\n" + cache +
        "  web:\n    image: example/web:1.0\n    environment:\n      DATABASE_URL: postgres://app:x@db:5432/app\n"
        + ("      REDIS_URL: redis://cache:6379\n" if cache_image else "") +
        "volumes: {pg: {}}\n")
    project = load_project(files=(str(tmp_path / "compose.yaml"),), profiles=(), env_files=(), environ=dict(os.environ))
    return build_plan(project, classify(project), target)


def _res(plan, name="db"):
    return next(r for r in plan.resources if r.name == name)


def _readme(plan) -> str:
    return render(plan)["README.md"]


def test_the_table_says_latest_postgres_is_18_with_source_and_date():
    assert (PG.version, PG.checked) == ("18", "2026-08-18") and "docker-library/docs" in PG.source
    assert (REDIS.version, REDIS.checked) == ("8.10", "2026-08-18")


@pytest.mark.parametrize("image", ["postgres", "postgres:latest", "postgres:alpine", "postgres:bookworm",
                                   "postgres:alpine3.22", "docker.io/library/postgres:trixie"])
def test_official_floating_tags_are_in_the_table(image):
    assert floating(parse_image(image), "postgres") is PG


@pytest.mark.parametrize("image", ["postgres:16", "postgres:16-alpine", "postgres@sha256:" + "a" * 64,
                                   "bitnami/postgresql:latest", "ghcr.io/example/postgres:latest",
                                   "timescale/timescaledb:latest-pg17"])
def test_pinned_digests_and_other_images_are_not_floating(image):
    assert floating(parse_image(image), "postgres") is None


@pytest.mark.parametrize("target, key", [("aws", "engine_version"), ("k8s", "postgres_major")])
@pytest.mark.parametrize("image", ["postgres", "postgres:alpine"])
def test_a_floating_postgres_tag_runs_18_on_every_target_and_readme_says_why(tmp_path, target, key, image):
    plan = _plan(tmp_path, image, target)
    db = _res(plan)
    assert str(db.settings[key]) == "18"
    line = f"floating tag `{image}` → 18 (latest on {PG.checked})"
    assert any(line in w for w in db.warnings)
    readme = _readme(plan)
    assert line in readme
    assert f"pin `postgres:18` in compose" in readme or f"Pin `postgres:18` in compose" in readme


def test_timescaledb_latest_pg_tag_keeps_the_major_it_names(tmp_path):
    plan = _plan(tmp_path, "timescale/timescaledb:latest-pg17", "k8s")
    assert _res(plan).settings["postgres_major"] == "17"
    assert not any("floating tag `timescale" in w for w in _res(plan).warnings)  # its major is pinned by the tag


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_a_floating_redis_tag_is_the_redis_it_runs_today(tmp_path, target):
    plan = _plan(tmp_path, "postgres:17", target, cache_image="redis:alpine")
    cache = _res(plan, "cache")
    assert cache.versions["redis"] == "8.10"
    assert any(f"floating tag `redis:alpine` → 8.10 (latest on {REDIS.checked})" in w for w in cache.warnings)
    if target == "k8s":  # never the older 7.4 image for an 8.x RDB: the newest verified tag, with the warning
        assert cache.settings["image"] == "quay.io/opstree/redis:v8.2.2"
        assert any("newer than the newest verified operator image" in w for w in cache.warnings)
    else:  # Valkey forked from Redis 7.2: the RDB note names the version compose runs
        assert any("compose runs Redis 8.10" in w for w in cache.warnings)


@pytest.mark.parametrize("major, eol", [("13", "2025-11-13"), ("14", "2026-11-12")])
@pytest.mark.parametrize("target, key, path", [
    ("aws", "engine_version", "db_engine_version"),
    ("k8s", "postgres_major", "CloudNativePG upgrades in place"),
])
def test_a_major_past_end_of_life_is_kept_and_warned_about_with_the_upgrade_path(tmp_path, major, eol, target, key,
                                                                                path):
    assert PG_EOL[major] == eol
    plan = _plan(tmp_path, f"postgres:{major}-alpine", target)
    db = _res(plan)
    assert str(db.settings[key]) == major  # same major: the dump restores
    warning = next(w for w in db.warnings if "PAST ITS END OF LIFE" in w)
    assert f"POSTGRESQL {major} IS PAST ITS END OF LIFE ({eol}" in warning and path in warning
    if target == "aws":
        assert "RDS Extended Support charges" in warning and "allow_major_version_upgrade" in warning
    assert warning in _readme(plan)


def test_tiger_cloud_warns_about_an_end_of_life_major_too(tmp_path):
    plan = _plan(tmp_path, "timescale/timescaledb:2.17.2-pg14", "aws")
    warning = next(w for w in _res(plan).warnings if "PAST ITS END OF LIFE" in w)
    assert "POSTGRESQL 14 IS PAST ITS END OF LIFE (2026-11-12" in warning and "Tiger Cloud runs its current" in warning


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_a_supported_major_gets_no_end_of_life_warning(tmp_path, target):
    assert not any("END OF LIFE" in w for w in _res(_plan(tmp_path, "postgres:17", target)).warnings)


def test_pick_major_never_lowers_silently():
    offered = ("13", "14", "15", "16", "17", "18")
    assert pick_major("16", offered) == ("16", "same")
    assert pick_major("16.4", offered) == ("16", "same")
    assert pick_major("", offered) == ("18", "unknown")
    assert pick_major("12", offered) == ("18", "upgrade")
    assert pick_major("9.6", offered) == ("18", "upgrade")
    assert pick_major("19", offered) == ("18", "downgrade")


@pytest.mark.parametrize("target", ["aws", "k8s"])
def test_a_major_newer_than_the_target_offers_is_a_loud_downgrade_warning(tmp_path, target):
    db = _res(_plan(tmp_path, "postgres:19beta3", target))
    warning = next(w for w in db.warnings if "DOWNGRADE" in w)
    assert "compose runs PostgreSQL 19" in warning and "does not restore into 18" in warning


def test_elasticache_states_its_valkey_version_truthfully_and_warns_when_compose_runs_a_newer_one(tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  cache:\n    image: valkey/valkey:9.0-alpine\n  web:\n    image: example/web:1.0\n"
        "    environment:\n      REDIS_URL: redis://cache:6379\n")
    project = load_project(files=(str(tmp_path / "compose.yaml"),), profiles=(), env_files=(), environ=dict(os.environ))
    cache = _res(build_plan(project, classify(project), "aws"), "cache")
    why = next(d.reason for d in cache.decisions if d.key == "engine_version")
    assert "current" not in why and "also offers Valkey 8.2, 9.0 and 9.1" in why  # 8.1 is not the newest line
    assert any("compose runs valkey 9.0, newer than engine_version 8.1" in w for w in cache.warnings)


@pytest.mark.parametrize("target, image, bound", [
    ("k8s", "postgres:alpine", '-le 18 ]'),
    ("aws", "postgres:alpine", '-le "$((TARGET_PG / 10000))" ]'),
    ("aws", "timescale/timescaledb:2.17.2-pg16", '-le "$((TARGET_PG / 10000))" ]'),
])
def test_migration_stops_before_restoring_a_newer_major_into_an_older_one(tmp_path, target, image, bound):
    # a floating tag pulled after `latest` moved on runs a newer major than the plan: the runbook checks first
    migration = render(_plan(tmp_path, image, target))["MIGRATION.md"]
    check = next(line for line in migration.splitlines() if "$((COMPOSE_PG / 10000))\" " + bound.split()[0] in line)
    assert bound in check and "exit 1" in check
    assert migration.index(check) < migration.rindex("pg_restore -")  # before the restore command


def test_x_c2p_version_wins_over_the_floating_tag_and_its_warning_goes(tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  db:\n    image: postgres\n    environment: {POSTGRES_PASSWORD: x}\n    x-c2p: {version: '17'}\n"
        "  web:\n    image: example/web:1.0\n    environment:\n      DATABASE_URL: postgres://postgres:x@db:5432/postgres\n")
    project = load_project(files=(str(tmp_path / "compose.yaml"),), profiles=(), env_files=(), environ=dict(os.environ))
    db = _res(build_plan(project, classify(project), "aws"))
    assert db.settings["engine_version"] == "17"
    assert not any("floating tag" in w for w in db.warnings)
    assert "floating" not in next(d for d in db.decisions if d.key == "version.postgres").reason
