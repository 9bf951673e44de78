"""Every corpus case: every service gets a kind, no database image is called `app`, golden inspect JSON.

Goldens live in tests/golden/corpus/<case>.inspect.json (the corpus itself is read in place from
../shared); `pytest --update-golden` rewrites them — review the diff by eye.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.classify import classify
from generator.classify.image import parse_image
from generator.classify.kinds import KINDS
from generator.classify.model import APP, UNKNOWN_STATEFUL
from generator.classify.view import show
from tests.conftest import SHARED, shared_path
from tests.load.helpers import c2p_json  # noqa: F401  (same loading conventions as the loader tests)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "corpus"
CASES = sorted(p.name for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
    if (SHARED / "corpus").is_dir() else []
KNOWN = {k.name for k in KINDS} | {APP, UNKNOWN_STATEFUL}
DB_IMAGE_NAMES = ("postgres", "postgresql", "mysql", "mariadb", "mongo", "redis", "valkey", "timescaledb",
                  "timescaledb-ha", "vault", "clickhouse-server", "elasticsearch", "rabbitmq", "minio", "memcached")


def _load(case: str):
    from generator.load import load_project

    root = shared_path("corpus", case)
    meta = json.loads((root / "case.json").read_text())
    workdir = root / meta["workdir"]
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **(meta.get("env") or {})}
    project = load_project(tuple(meta["files"]), (), (), environ, working_dir=str(workdir))
    return project, classify(project)


@pytest.mark.parametrize("case", CASES or ["(no corpus)"])
def test_every_service_has_a_kind_and_no_database_is_an_app(case):
    project, c = _load(case)
    assert set(c.services) == set(project.services)
    for name, info in c.services.items():
        assert info.kind in KNOWN, (name, info.kind)
        ref = parse_image(info.image)
        if ref is not None and ref.name in DB_IMAGE_NAMES:
            assert info.kind != APP, f"{name} ({info.image}) is a database image called app"
        if info.kind not in (APP,):
            assert info.evidence, name


@pytest.mark.parametrize("case", CASES or ["(no corpus)"])
def test_corpus_inspect_golden(case, update_golden):
    project, c = _load(case)
    actual = show(project, c, "json")
    assert str(SHARED) not in actual, "inspect output must not carry absolute paths of this machine"
    golden = GOLDEN / f"{case}.inspect.json"
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    if not golden.exists():
        pytest.skip(f"no golden for {case} yet (run with --update-golden)")
    assert actual == golden.read_text(encoding="utf-8"), f"{golden.name} differs (run --update-golden, review)"
