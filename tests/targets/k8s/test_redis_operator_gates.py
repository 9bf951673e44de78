"""Review k8s #1: the redis-operator must start with the chart and flags the README installs it with.

The chart turns `featureGates` into the operator's FEATURE_GATES env var (`key=value` for each entry, in key order:
templates/operator-deployment.yaml); operator v0.26.0 accepts only the gates of internal/features/features.go and
exits at start-up on any other. The chart's default values (vendored, tests/data/redis-operator/SOURCES.md) plus the
README's own `--set` flags must therefore give only known gates.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.render import render
from tests.conftest import require_tool, shared_path
from tests.targets.k8s.server2_plan import server2_plan

DATA = Path(__file__).resolve().parents[2] / "data" / "redis-operator"


def known_gates() -> set[str]:
    """The `featuregate.Feature` constants of operator v0.26.0's internal/features/features.go."""
    text = (DATA / "features-v0.26.0.go").read_text()
    return set(re.findall(r'featuregate\.Feature\s*=\s*"([^"]+)"', text))


def readme_install(readme: str) -> list[str]:
    """The README's `helm upgrade --install redis-operator …` command, continuation lines joined, as argv."""
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if "helm upgrade --install redis-operator" in line)
    command = ""
    for line in lines[start:]:
        command += line.strip()
        if not command.endswith("\\"):
            break
        command = command[:-1] + " "
    return shlex.split(command)


def _scalar(text: str):
    """A `--set` value as helm's strvals parses it (the forms that matter here)."""
    return {"true": True, "false": False, "null": None}.get(text, int(text) if text.isdigit() else text)


def apply_sets(values: dict, argv: list[str]) -> dict:
    """`--set a.b=c` flags applied to the chart's values; `null` deletes the key, as helm does."""
    for i, arg in enumerate(argv):
        if arg != "--set":
            continue
        path, raw = argv[i + 1].split("=", 1)
        keys = path.split(".")
        node = values
        for key in keys[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        if _scalar(raw) is None:
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = _scalar(raw)
    return values


def feature_gates(values: dict) -> list[str]:
    """What templates/operator-deployment.yaml writes into FEATURE_GATES (Go formats booleans as true/false)."""
    gates = values.get("featureGates") or {}
    return [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in sorted(gates.items())]


def _chart_version(argv: list[str]) -> str:
    return argv[argv.index("--version") + 1]


def _values(version: str) -> dict:
    path = DATA / f"chart-{version}-values.yaml"
    assert path.is_file(), f"the README installs chart {version}: vendor its values.yaml as {path.name}"
    return yaml.safe_load(path.read_text())


def unknown_gates(argv: list[str]) -> list[str]:
    gates = feature_gates(apply_sets(_values(_chart_version(argv)), argv))
    return [g for g in gates if g.split("=", 1)[0] not in known_gates()]


def test_the_vendored_gate_list_is_the_operators():
    assert known_gates() == {"GenerateConfigInInitContainer"}


def test_the_readme_install_gives_the_operator_only_gates_it_knows():
    argv = readme_install(render(server2_plan())["README.md"])
    assert _chart_version(argv) == "0.26.1"
    assert unknown_gates(argv) == []
    gates = feature_gates(apply_sets(_values("0.26.1"), argv))
    assert gates == ["GenerateConfigInInitContainer=true"]  # the gate Sentinel's TLS config needs is on


def test_the_old_install_flags_are_caught():
    """What the README said before the fix: chart 0.26.0 with only the one gate set."""
    old = shlex.split("helm upgrade --install redis-operator ot-helm/redis-operator --version 0.26.0 "
                      "--set featureGates.GenerateConfigInInitContainer=true --wait")
    assert unknown_gates(old) == ["AvoidCommandLinePassword=false"]
    # the review's alternative fix also passes the check: the gate removed with `null`
    assert unknown_gates(old[:-1] + ["--set", "featureGates.AvoidCommandLinePassword=null"]) == []


@pytest.mark.tools
def test_helm_renders_the_same_gates_from_the_real_chart():
    """The real chart (../shared/schemas/redis-operator-chart/<version>) rendered by helm with the README's flags."""
    helm = require_tool("helm")
    argv = readme_install(render(server2_plan())["README.md"])
    version = _chart_version(argv)
    chart = shared_path("schemas", "redis-operator-chart", version)
    sets = [a for i, a in enumerate(argv) if i and argv[i - 1] == "--set"]
    cmd = [helm, "template", "redis-operator", str(chart), "--namespace", "ot-operators"]
    for s in sets:
        cmd += ["--set", s]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    envs = [e for doc in yaml.safe_load_all(out) if doc and doc.get("kind") == "Deployment"
            for c in doc["spec"]["template"]["spec"]["containers"] for e in c.get("env") or ()]
    gates = next(e["value"] for e in envs if e["name"] == "FEATURE_GATES").split(",")
    assert gates == feature_gates(apply_sets(_values(version), argv))
    assert all(g.split("=", 1)[0] in known_gates() for g in gates), gates
