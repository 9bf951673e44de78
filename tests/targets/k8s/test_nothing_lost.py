"""Nothing a compose file holds is silently lost on Kubernetes: for every golden and corpus case, service by
service, every volume, tmpfs, port, secret, config, command and env var of the compose model is in the output
(`helm template` of the app chart, the env files) or in the README ("Not carried over", "Not generated").
"""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from generator.classify.volumes import mount_label
from generator.errors import C2PError
from generator.render.escape import k8s_literal
from generator.targets.k8s.common import k8s_name
from tests.conftest import require_tool
from tests.targets.k8s import validation as v
from tests.targets.k8s.test_cases_valid import CORPUS_CASES, GOLDEN_CASES, _corpus_project, _golden_project


def _plan_and_tree(project, config):
    from generator.classify import classify
    from generator.plan import build_plan
    from generator.render import render

    plan = build_plan(project, classify(project, config_file=config), "k8s")
    return plan, render(plan)


def not_carried(readme: str) -> dict[str, list[str]]:
    """service → the items of the README's "Not carried over" section."""
    out: dict[str, list[str]] = {}
    section = readme.split("\n## Not carried over\n", 1)[1].split("\n## ", 1)[0] if "\n## Not carried over\n" in readme else ""
    service = None
    for line in section.splitlines():
        m = re.match(r"^- \*\*(.+)\*\*$", line)
        if m:
            service = m.group(1)
            continue
        m = re.match(r"^  - (?:\*\*TODO\*\* )?`([^`]+)`: .+", line)
        if m and service:
            out.setdefault(service, []).append(m.group(1))
    return out


def not_generated(readme: str) -> set[str]:
    section = readme.split("\n## Not generated\n", 1)[1].split("\n## ", 1)[0] if "\n## Not generated\n" in readme else ""
    return set(re.findall(r"^- \*\*(.+?)\*\* \(", section, re.M))


def workloads(tree: dict[str, str], tmp_path) -> dict[str, dict]:
    """k8s name → the pod spec of its Deployment / StatefulSet / Job in `helm template` of the app chart."""
    charts = sorted({p.split("/")[1] for p in tree if p.startswith("charts/")})
    if not charts:
        return {}
    root = v.write_tree(tree, tmp_path)
    out = subprocess.run([require_tool("helm"), "template", "release", str(root / "charts" / charts[0])],
                         capture_output=True, text=True, check=True).stdout
    pods = {}
    for doc in yaml.safe_load_all(out):
        if doc and doc.get("kind") in ("Deployment", "StatefulSet", "Job"):
            pods[doc["metadata"]["name"]] = doc["spec"]["template"]["spec"]
    return pods


def _listed(items: list[str], *needles: str) -> bool:
    return any(all(n in item for n in needles) for item in items)


def lost_items(project, plan, tree, pods) -> list[str]:
    readme = tree["README.md"]
    dropped = not_carried(readme)
    skipped = not_generated(readme)
    resources = {r.name: r for r in plan.resources}
    apps = {a.name: a for a in plan.apps}
    lost = []
    for name, svc in project.services.items():
        items = dropped.get(name, [])
        if name in skipped:
            continue
        if name in resources:
            res = resources[name]
            env = " ".join(i for i in items if i.startswith("environment "))
            lost += [f"{name}: env {k}" for k in svc.environment if k not in env.split(", ") and f" {k}" not in env]
            for m in svc.volumes:
                label = mount_label(m, project.working_dir) if m.type == "bind" else (m.source or "(anonymous)")
                if label != res.data_volume and not _listed(items, f":{m.target}"):
                    lost.append(f"{name}: volume {m.target}")
            lost += [f"{name}: port {p.target}" for p in svc.ports if not _listed(items, "port", str(p.target))]
            lost += [f"{name}: secret {r.source}" for r in svc.secrets if not _listed(items, f"secret {r.source}")]
            lost += [f"{name}: config {r.source}" for r in svc.configs if not _listed(items, f"config {r.source}")]
            if (svc.command or svc.entrypoint) and not _listed(items, "command") and not _listed(items, "entrypoint"):
                lost.append(f"{name}: command")
            continue
        assert name in apps, f"{name} is neither an app, a resource nor listed under Not generated"
        pod = pods.get(k8s_name(name))
        assert pod is not None, f"{name}: no workload in the chart"
        ctr = pod["containers"][0]
        envs = {e["name"] for e in ctr.get("env") or ()}
        env_file = tree.get(f"env/{name}.env", "")
        lost += [f"{name}: env {k}" for k in svc.environment
                 if k not in envs and f"# {k}: removed." not in env_file and not _listed(items, k)]
        ports = {p["containerPort"] for p in ctr.get("ports") or ()}
        lost += [f"{name}: port {p}" for p in compose_ports(svc) if p not in ports and not _listed(items, "network_mode")]
        mounts = {m["mountPath"] for m in ctr.get("volumeMounts") or ()}
        for m in svc.volumes:
            if m.target not in mounts and not _listed(items, f":{m.target}") and not _listed(items, m.target):
                lost.append(f"{name}: volume {m.target}")
        for spec in svc.tmpfs:
            if spec.split(":")[0] not in mounts and not _listed(items, spec):
                lost.append(f"{name}: tmpfs {spec}")
        for group, refs, default in (("secret", svc.secrets, "/run/secrets"), ("config", svc.configs, "")):
            for r in refs:
                target = r.target if r.target and r.target.startswith("/") else f"{default}/{r.target or r.source}"
                if target not in mounts and not _listed(items, f"{group} {r.source}"):
                    lost.append(f"{name}: {group} {r.source}")
        for key, words, rendered in (("command", svc.command, ctr.get("args")), ("entrypoint", svc.entrypoint,
                                                                                 ctr.get("command"))):
            # the chart writes each word escaped for the kubelet's $(VAR) expansion, which gives back compose's word
            if words is not None and [k8s_literal(w) for w in words] != list(rendered or ()) and not _listed(items, key):
                lost.append(f"{name}: {key}")
    return lost


def compose_ports(svc) -> list[int]:
    """Container ports of `ports` and `expose` (ranges expanded), read from the compose model directly."""
    out = {p.target for p in svc.ports}
    for spec in svc.expose:
        lo, _, hi = str(spec).split("/")[0].partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return sorted(out)


def _check(project, config, tmp_path):
    require_tool("helm")
    try:
        plan, tree = _plan_and_tree(project, config)
    except C2PError:
        return  # a refusal is checked by test_cases_valid
    lost = lost_items(project, plan, tree, workloads(tree, tmp_path))
    assert lost == [], "silently lost: " + "; ".join(lost)


@pytest.mark.tools
@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_case_loses_nothing(case, tmp_path):
    _check(*_golden_project(case), tmp_path)


@pytest.mark.tools
@pytest.mark.parametrize("case", CORPUS_CASES or ["(no corpus)"])
def test_corpus_case_loses_nothing(case, tmp_path):
    _check(*_corpus_project(case), tmp_path)


def test_the_readme_parser_reads_the_not_carried_section():
    readme = "x\n## Not carried over\n\nintro\n\n- **web**\n  - **TODO** `volume /a:/b`: why\n  - `logging`: why\n\n## Validate\n"
    assert not_carried(readme) == {"web": ["volume /a:/b", "logging"]}
