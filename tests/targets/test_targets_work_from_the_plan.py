"""The plan hands the targets what they need: once the plan stage has run, the targets read neither the compose model,
the compose files nor the project's files on disk (review 2026-12-codebase item 10). Proof: plan without the target's
app decisions, delete the project directory, then let the target decide with no compose project at all: the result is
the plan c2p builds in one go.

Also the facts themselves (generator/plan/facts.py, gather.py): typed values for what Service.raw held."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.classify import classify
from generator.load import load_project
from generator.plan.build import build
from generator.targets import get_target

CASES = Path(__file__).resolve().parents[1] / "golden" / "cases"


class _NoAppDecisions:
    """The target without its decide_apps: build() then stops at the target-neutral plan (plus resource decisions)."""

    def __init__(self, impl):
        self._impl = impl
        self.name = impl.name
        self.adopts_unknown_stateful = impl.adopts_unknown_stateful

    def choose(self, resource, options):
        return self._impl.choose(resource, options)

    def decide_apps(self, plan, project, classification):
        return plan


@pytest.mark.parametrize("target", ["k8s", "aws"])
@pytest.mark.parametrize("case", ["k8s-files", "postgres-init", "k8s-volumes", "k8s-security", "unknown-volume",
                                  "aws-secrets-manager"])
def test_target_decides_from_the_plan_with_the_project_gone(tmp_path, case, target):
    root = tmp_path / case
    shutil.copytree(CASES / case, root, ignore=shutil.ignore_patterns("expected"))
    project = load_project(files=(str(root / "compose.yaml"),), profiles=(), env_files=(), environ={})
    classification = classify(project)
    whole = build(project, classification, target)
    impl = get_target(target)
    base = build(project, classification, target, get_target=lambda _name: _NoAppDecisions(impl))
    shutil.rmtree(root)
    decided = impl.decide_apps(base, None, classification)  # no compose model either (aws: only for error locations)
    assert decided.apps == whole.apps
    assert decided.resources == whole.resources
    assert decided.not_carried == whole.not_carried


def _facts(service: dict, top: dict | None = None, files: dict | None = None, tmp_path: Path | None = None):
    import yaml

    from generator.plan.gather import compose_facts

    (tmp_path / "compose.yaml").write_text(yaml.safe_dump({"services": {"app": service}, **(top or {})}))
    for rel, text in (files or {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    project = load_project(files=(str(tmp_path / "compose.yaml"),), profiles=(), env_files=(), environ={})
    from generator.classify.secrets import project_secrets

    return compose_facts(project.services["app"], project, secrets=project_secrets(project))


def test_compose_keys_become_typed_facts(tmp_path):
    f = _facts({"image": "nginx", "cap_add": ["net_admin"], "sysctls": ["net.core.somaxconn=1024"], "init": True,
                "stop_grace_period": "90s", "pre_stop": [{"command": ["sh", "-c", "sleep 5"]}], "shm_size": "64m",
                "deploy": {"mode": "global", "placement": {"constraints": ["node.role==worker"]},
                           "update_config": {"parallelism": 1}},
                "pid": "host", "annotations": {"a.example/b": "c"}, "extra_hosts": ["db=10.0.0.2"],
                "logging": {"driver": "syslog"}, "x-note": "ignored",
                "volumes": ["data:/data"], "networks": ["back"]},
               {"volumes": {"data": {"external": True, "name": "prod-data"}},
                "networks": {"back": {"internal": True}}}, tmp_path=tmp_path)
    assert f.cap_add == ("net_admin",) and f.init and f.stop_grace_period == "1m30s"
    assert f.sysctls == (("net.core.somaxconn", "1024"),)
    assert f.pre_stop[0].command == ("sh", "-c", "sleep 5") and f.pre_stop[0].keys == ("command",)
    assert f.shm_size == 64 * 1024 * 1024
    assert (f.deploy_mode, f.deploy_placement, f.deploy_swarm) == ("global", True, ("update_config",))
    assert dict(f.namespaces) == {"pid": "host"} and dict(f.annotations) == {"a.example/b": "c"}
    assert f.extra_hosts == ("db=10.0.0.2",)
    assert "logging" in f.keys and "x-note" not in f.keys
    assert f.volumes["data"].external and f.volumes["data"].real_name == "prod-data" and f.volumes["data"].users == ("app",)
    assert f.networks == ("back",) and f.network_objects["back"].internal


def test_host_paths_read_config_never_a_secrets_file(tmp_path):
    f = _facts({"image": "nginx", "volumes": ["./conf/app.ini:/etc/app.ini:ro"],
                "secrets": ["token"], "configs": ["site"]},
               {"secrets": {"token": {"file": "./token.txt"}}, "configs": {"site": {"file": "./site.conf"}}},
               {"conf/app.ini": "x=1\n", "token.txt": "hunter2\n", "site.conf": "server {}\n"}, tmp_path=tmp_path)
    paths = {p.label: p for p in f.host_paths.values()}
    assert paths["./conf/app.ini"].read.files[0].content == "x=1\n"
    assert paths["./site.conf"].read.files[0].content == "server {}\n"
    assert paths["./token.txt"].read is None  # a secret's file is looked at, never read
    assert paths["./token.txt"].users == ()


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_the_compose_facts_hold_no_secret_of_the_compose_file(case):
    """The facts restate compose for the targets, never its secrets: a label or an annotation that holds a secret
    literal keeps it masked, a secret's file is not read, a config whose content looks like a secret is not kept."""
    import json

    from generator.classify.secrets import project_secrets
    from generator.plan.model import to_dict

    project = load_project(files=(str(CASES / case / "compose.yaml"),), profiles=(), env_files=(), environ={})
    secrets = [s for s in project_secrets(project) if len(s) >= 6]
    for target in ("k8s", "aws"):
        text = json.dumps(to_dict(build(project, classify(project), target), inputs=True))
        assert not [s for s in secrets if s in text], target


def test_a_label_holding_a_secret_is_masked_in_the_facts(tmp_path):
    f = _facts({"image": "app", "environment": {"DB_PASSWORD": "s3cr3t-l1teral"},
                "labels": {"x.example/dsn": "postgres://u:s3cr3t-l1teral@db/x", "api.token": "abc", "plain": "v"},
                "annotations": {"a.example/n": "s3cr3t-l1teral"}}, tmp_path=tmp_path)
    assert "s3cr3t-l1teral" not in str(f)  # not even in the facts' repr
    assert f.secret_labels == ("x.example/dsn",) and f.secret_annotations == ("a.example/n",)
    assert f.labels["plain"] == "v" and f.labels["api.token"] == "***"
