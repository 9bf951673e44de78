"""Review 2026-12 k8s: README step "The app chart" printed `--set-string apps.<service>.image.tag=<pinned tag>`,
which a shell reads as a redirection, and named no Job. It now prints one pasteable line per app and per job, on the
values path the chart reads (apps.<name> / jobs.<name>)."""

from __future__ import annotations

import re
import shlex

from tests.targets.k8s.workload_helpers import plan_for, tree_for, values

COMPOSE = {"services": {
    "web": {"build": "./app", "ports": ["8080:8080"]},
    "worker": {"image": "ghcr.io/acme/worker:latest"},
    "my-seed": {"image": "ghcr.io/acme/tools:1.4.2", "command": ["seed"], "restart": "on-failure:3"},
}}


def _install_block(readme: str) -> str:
    return re.search(r"helm upgrade --install (?:(?!```).)*", readme, re.S).group(0)


def test_one_pasteable_set_string_per_app_and_job(tmp_path):
    plan = plan_for(tmp_path, COMPOSE, files={"app/Dockerfile": "FROM scratch\n"})
    tree = tree_for(plan)
    block = _install_block(tree["README.md"])
    assert "<" not in block and ">" not in block
    words = shlex.split(block.replace("\\\n", " "))
    sets = [words[i + 1] for i, w in enumerate(words) if w == "--set-string"]
    chart = values(tree)
    expect = {}
    for app in plan.apps:
        section = "jobs" if app.job else "apps"
        key = app.name
        assert key in chart[section], (section, key)
        expect[f"{section}.{key}.image.tag"] = "1.4.2" if app.name == "my-seed" else "CHANGE-ME"
    # review 2: web is built with no registry image: its repository REGISTRY/web would end in ImagePullBackOff
    expect["apps.web.image.repository"] = "CHANGE-ME"
    assert chart["apps"]["web"]["image"]["repository"].startswith("REGISTRY/")
    assert dict(s.split("=", 1) for s in sets) == expect
    assert any(a.job for a in plan.apps)
