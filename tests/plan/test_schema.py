"""schemas/plan.schema.json: valid itself, accepts every golden plan, rejects what the contract forbids."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from generator.paths import schema_path

GOLDEN_PLANS = sorted((Path(__file__).resolve().parents[1] / "golden" / "cases").glob("*/expected/plan.*.json"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(schema_path("plan").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_there_are_golden_plans():
    assert GOLDEN_PLANS, "no golden plan.<target>.json yet"


@pytest.mark.parametrize("path", GOLDEN_PLANS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_golden_plan_is_valid(validator, path):
    validator.validate(json.loads(path.read_text()))


def _server2_plan():
    return json.loads((GOLDEN_PLANS[0].parent.parent.parent / "server2" / "expected" / "plan.k8s.json").read_text())


@pytest.mark.parametrize("breakage", [
    lambda p: p["apps"][0]["env"][0].__setitem__("value", "literal-password"),  # a secret var with a value
    lambda p: p["resources"][0].__setitem__("mapping", "unsupported"),  # unsupported belongs in skipped
    lambda p: p["resources"][0]["settings"].pop("tls"),  # every target sets tls
    lambda p: p["apps"][0]["env"][0]["override"].__setitem__("template", None),  # a set without a template
    lambda p: p.__setitem__("surprise", 1),
    # a Secret volume never carries content: c2p does not copy secrets
    lambda p: p["apps"][0]["volumes"][0].update(kind="secret", object="x", user_creates=True,
                                                files=[{"key": "k", "path": "k", "content": "hunter2"}]),
    lambda p: p["not_carried"].append({"service": "x", "item": "logging"}),  # no reason
])
def test_schema_rejects(validator, breakage):
    plan = copy.deepcopy(_server2_plan())
    breakage(plan)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(plan)


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_every_realworld_plan_is_valid(validator, target):
    """The schema is the plan's contract for every input, not only the goldens: a role a stage adds (WordPress's
    config defines, a proxy's removed secret) must be in it."""
    from generator.classify import classify
    from generator.errors import C2PError
    from generator.plan.build import build
    from generator.plan.model import to_dict
    from tests.realworld.cases import CASES, load

    failures = []
    for case in CASES:
        project = load(case)
        try:
            plan = build(project, classify(project), target)
        except C2PError:
            continue  # refused input is reported by the pipeline tests
        errors = [e.message for e in validator.iter_errors(to_dict(plan))]
        errors += [e.message for e in validator.iter_errors(to_dict(plan, inputs=True))]  # the compose facts
        if errors:
            failures.append(f"{case}: {errors[0]}")
    assert not failures, failures


def test_compose_facts_never_keep_a_secrets_content(validator):
    """App.compose (plan/facts.py) is in the contract, and a secret's content is not: c2p never copies a secret."""
    plan = copy.deepcopy(_server2_plan())
    facts = {"keys": ["cap_add"], "cap_add": ["NET_ADMIN"], "secrets": {"s": {"name": "s", "file": "/p/s.txt"}}}
    plan["apps"][0]["compose"] = facts
    validator.validate(plan)
    facts["secrets"]["s"]["content"] = "hunter2"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(plan)
    facts["secrets"]["s"].pop("content")
    facts["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(plan)
    facts.pop("surprise")
    read = {"status": "secret", "reason": "key.pem looks like a secret by its name", "is_dir": False, "files": [],
            "flat": True}
    facts["host_paths"] = {"/p/key.pem": {"path": "/p/key.pem", "label": "./key.pem", "outside": False, "exists": True,
                                          "is_dir": False, "is_file": True, "build_context": False, "read": read}}
    validator.validate(plan)
    read["files"] = [{"key": "key.pem", "path": "key.pem", "content": "-----BEGIN PRIVATE KEY-----"}]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(plan)  # a file read as a secret carries no content
