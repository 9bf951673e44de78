"""schemas/compose.schema.json: accepts every corpus file and the example, rejects bad documents,
and agrees with the upstream Compose Specification schema on both (a cross-check, not a copy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from generator.load.yamlio import read_yaml
from generator.paths import schema_path
from tests.conftest import SHARED, shared_path

REPO = Path(__file__).resolve().parents[2]


def _ours():
    return Draft202012Validator(json.loads(schema_path("compose").read_text()))


def _upstream():
    return Draft7Validator(json.loads(shared_path("schemas", "compose-spec", "compose-spec.json").read_text()))


def _corpus_files() -> list[Path]:
    root = SHARED / "corpus"
    if not root.is_dir():
        return []
    files = []
    for case in sorted(root.iterdir()):
        meta = json.loads((case / "case.json").read_text())
        files += [case / meta["workdir"] / f for f in meta["files"]]
    return files


def test_our_schema_is_a_valid_schema():
    Draft202012Validator.check_schema(json.loads(schema_path("compose").read_text()))


@pytest.mark.parametrize("path", _corpus_files() + [REPO / "examples/server2/docker-compose.v2.yml"],
                         ids=lambda p: p.parent.name + "/" + p.name)
def test_accepts_real_files(path):
    doc, _ = read_yaml(path)
    errors = [e.message for e in _ours().iter_errors(doc)]
    assert not errors, errors


BAD = {
    "unknown service key": {"services": {"web": {"image": "x", "imagee": "y"}}},
    "unknown top-level key": {"servics": {}},
    "ports not a list": {"services": {"web": {"image": "x", "ports": {"a": 1}}}},
    "image not a string": {"services": {"web": {"image": ["x"]}}},
    "bad depends_on condition": {"services": {"web": {"image": "x", "depends_on": {"db": {"condition": "up"}}}}},
    "volume without type": {"services": {"web": {"image": "x", "volumes": [{"target": "/x"}]}}},
    "bad service name": {"services": {"we b": {"image": "x"}}},
    "healthcheck unknown key": {"services": {"web": {"image": "x", "healthcheck": {"tset": ["CMD"]}}}},
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_rejects_bad_documents_like_upstream(name):
    doc = BAD[name]
    assert list(_ours().iter_errors(doc)), f"our schema accepts: {name}"
    assert list(_upstream().iter_errors(doc)), f"upstream accepts {name}: the case is not a schema violation"


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_upstream_accepts_the_corpus_too(path):
    doc, _ = read_yaml(path)
    assert not list(_upstream().iter_errors(doc))
