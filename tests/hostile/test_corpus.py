"""Every hostile compose file through every command and both targets (issue 20).

Each input is either refused (exit 2, one line, no traceback, nothing written) or rendered so that a parse of the
output has the structure c2p means to write — one document of the expected kind per manifest, pod specs without
host namespaces or privilege, one assignment per env-file line, shell fences that split into words — and every
hostile string shows only whole, as one value. No secret from the compose file appears anywhere, nothing outside
OUT changes (the project folder and a sibling folder are watched byte for byte), and no input takes 2 s of CPU
(10 s of wall clock stops a hang).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import require_tool
from tests.hostile.cases import CASES, Case
from tests.hostile.test_k8s_render import redis_conf

REPO = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"ZQX\d+")
SECRET = "S3CR3T"
MANIFEST_KIND = {
    "cluster": "Cluster", "imagecatalog": "ImageCatalog", "init-sql": "ConfigMap", "objectstore": "ObjectStore",
    "scheduledbackup": "ScheduledBackup", "pooler": "Pooler", "podmonitor": "PodMonitor", "configmap": "ConfigMap",
    "redisreplication": "RedisReplication", "redissentinel": "RedisSentinel", "networkpolicy": "NetworkPolicy",
    # manifests/tls (the release CA, targets/k8s/certs.py); certificate-<secret>.yaml: a server Certificate
    "selfsigned-issuer": "Issuer", "ca-certificate": "Certificate", "ca-issuer": "Issuer",
}
CHART_KINDS = {"Deployment", "StatefulSet", "Job", "Service", "ServiceAccount", "ConfigMap", "NetworkPolicy",
               "PersistentVolumeClaim", "Ingress"}
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
ENV_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*=")


def _setup(case: Case, root: Path) -> Path:
    proj = root / "proj"
    proj.mkdir()
    (root / "outside").mkdir()
    (root / "outside" / "sentinel.txt").write_text("untouched\n")
    (proj / case.compose_name).write_text(yaml.safe_dump(case.compose, allow_unicode=True, sort_keys=False))
    for rel, text in case.files.items():
        path = proj / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if text == "<fifo>":
            os.mkfifo(path)
        else:
            path.write_text(text)
    return proj


def _snapshot(root: Path, skip: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        if path == skip or skip in path.parents:
            continue
        if path.is_symlink():
            out[str(path)] = "-> " + os.readlink(path)
        elif path.is_fifo():
            out[str(path)] = "fifo"
        elif path.is_file():
            out[str(path)] = path.read_bytes()
        else:
            out[str(path)] = "dir"
    return out


def _run(case: Case, proj: Path, command: str) -> subprocess.CompletedProcess:
    args = {"config": ["config"], "inspect": ["inspect"], "k8s": ["generate", "--target", "k8s"],
            "aws": ["generate", "--target", "aws"]}[command]
    env = {**os.environ, "HOME": str(proj.parent / "home"), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", *args, "-f", case.compose_name], cwd=proj,
                          capture_output=True, text=True, timeout=10, env=env, stdin=subprocess.DEVNULL)


def _strings(node, out: list[str]) -> list[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(str(k))
            _strings(v, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, out)
    elif isinstance(node, str):
        out.append(node)
    return out


def _whole(case: Case, strings: list[str], where: str) -> None:
    """A hostile string's marker shows only inside the whole string (it was not split into structure)."""
    for s in strings:
        for unit in case.units:
            marker = MARKER.search(unit)[0]
            if marker in s:
                assert unit in s, f"{where}: {marker} shows without the rest of its value: {s[:300]!r}"


def _shell_fences(md: str) -> list[str]:
    return re.findall(r"^```(?:sh|bash|shell|console)\n(.*?)^```", md, flags=re.M | re.S)


def _check_common(case: Case, out: Path, where: str) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), f"{where}: a compose secret is in {path}"
    for env in (out / "env").glob("*.env"):
        names = []
        for line in env.read_text().splitlines():
            if not line or line.startswith("#"):
                continue
            assert ENV_LINE.match(line), f"{env}: not one assignment per line: {line[:200]!r}"
            names.append(line.split("=", 1)[0])
        assert len(names) == len(set(names)), f"{env}: a variable is assigned twice: {names}"
    for md in out.glob("*.md"):
        for block in _shell_fences(md.read_text()):
            words = shlex.split(block, comments=True)  # raises on an unbalanced quote a value left open
            _whole(case, words, f"{md.name} shell block")


def _check_k8s(case: Case, out: Path) -> None:
    for path in sorted((out / "manifests").rglob("*.yaml")):
        docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        if path.stem == "networkpolicy":  # one policy per pod set (Redis: replication and Sentinel pods), never more
            assert 1 <= len(docs) <= 2 and all(d["kind"] == "NetworkPolicy" for d in docs), path
            assert len({d["metadata"]["name"] for d in docs}) == len(docs), path
            _whole(case, _strings(docs[1:], []), str(path))  # the second policy checked here, the first below
            docs = docs[:1]
        assert len(docs) == 1, f"{path}: {len(docs)} documents, c2p writes one per manifest"
        kind = "Certificate" if path.stem.startswith("certificate-") else MANIFEST_KIND[path.stem]
        assert docs[0]["kind"] == kind, f"{path}: kind {docs[0]['kind']}"
        assert DNS1123_SUBDOMAIN.fullmatch(docs[0]["metadata"]["name"]), path
        if path.stem == "configmap":  # redis.conf: the arguments of each line as Redis reads them (sdssplitargs)
            docs[0]["data"] = {k: [redis_conf(text)] for k, text in docs[0]["data"].items()}
        _whole(case, _strings(docs, []), str(path))
    for path in sorted((out / "values").glob("*.yaml")):
        _whole(case, _strings(yaml.safe_load(path.read_text()), []), str(path))
    for chart in sorted((out / "charts").glob("*")):
        values = yaml.safe_load((chart / "values.yaml").read_text())
        _whole(case, _strings(values, []), f"{chart}/values.yaml")
        helm = require_tool("helm")
        proc = subprocess.run([helm, "template", "rel", str(chart)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        for doc in yaml.safe_load_all(proc.stdout):
            if doc is None:
                continue
            assert doc["kind"] in CHART_KINDS, f"{chart}: helm template made a {doc['kind']}"
            assert DNS1123_SUBDOMAIN.fullmatch(doc["metadata"]["name"]), doc["metadata"]["name"]
            spec = doc.get("spec", {})
            pod = spec.get("template", {}).get("spec") if isinstance(spec, dict) else None
            if pod:
                for key in ("hostPID", "hostNetwork", "hostIPC"):
                    assert not pod.get(key), f"{doc['kind']} {doc['metadata']['name']}: {key}"
                for c in pod.get("containers", []) + pod.get("initContainers", []):
                    sc = c.get("securityContext", {})
                    assert not sc.get("privileged") and sc.get("runAsUser", 1) != 0, f"{c['name']}: {sc}"
                    assert sc.get("allowPrivilegeEscalation") is False, f"{c['name']}: {sc}"
            _whole(case, _strings(doc, []), f"helm template {chart.name}")


def _check_aws(case: Case, out: Path) -> None:
    hcl2json = require_tool("hcl2json")
    for path in sorted((out / "terraform").glob("*.tf")):
        proc = subprocess.run([hcl2json, str(path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{path}: {proc.stderr[:500]}"
        strings = [s.replace("$${", "${").replace("%%{", "%{") for s in _strings(json.loads(proc.stdout), [])]
        _whole(case, strings, str(path))


@pytest.mark.parametrize("command", ["config", "inspect", "k8s", "aws"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, command: str, tmp_path: Path):
    proj = _setup(case, tmp_path)
    out = proj / "c2p-out"
    before = _snapshot(tmp_path, out)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = _run(case, proj, command)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    # the bound on any hostile input, in CPU seconds so that a busy machine cannot make it flaky
    cpu = done.ru_utime - used.ru_utime + done.ru_stime - used.ru_stime
    assert cpu < 2.0, f"{case.name} {command}: {cpu:.1f} s of CPU"
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 2), f"exit {proc.returncode}: {proc.stderr}"
    expected = case.expect[command]
    if expected != "either":
        assert proc.returncode == (2 if expected == "refuse" else 0), (proc.stdout[-2000:], proc.stderr)
    assert _snapshot(tmp_path, out) == before, "something outside OUT was written or deleted"
    if proc.returncode == 2:
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("c2p: "), proc.stderr
        assert not out.exists(), "a refusal wrote files"
        return
    if command != "config":
        assert SECRET not in proc.stdout + proc.stderr, "a compose secret was printed"
    if command in ("k8s", "aws"):
        target_out = out / command
        _check_common(case, target_out, command)
        (_check_k8s if command == "k8s" else _check_aws)(case, target_out)
