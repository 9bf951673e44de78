"""`c2p validate` end to end on `c2p generate --target k8s|aws` output of examples/server2, run as a user
runs it (a subprocess): text and JSON reports, exit 0/1/2, and --require turning a missing tool into a
failure. A tool is made missing with an empty PATH and a C2P_TOOLS_DIR holding links to the real tools
minus one — never with a stand-in that passes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TOOLS_DIR, require_tool, shared_path

pytestmark = pytest.mark.tools
EXAMPLE = REPO / "examples" / "server2" / "docker-compose.v2.yml"
TOOLS = ("kubeconform", "helm", "tofu", "hcl2json", "checkov")


def c2p(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {"PATH": f"{TOOLS_DIR / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", "C2P_TOOLS_DIR": str(TOOLS_DIR),
            "HOME": os.environ.get("HOME", "/nonexistent")}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("c2p-out")
    for target in ("k8s", "aws"):
        proc = c2p("generate", "-f", str(EXAMPLE), "--target", target, "-o", str(dest))
        assert proc.returncode == 0, proc.stderr
    return dest


def local_schemas() -> list[str]:
    return ["--schema-location", str(shared_path("schemas", "generated-from-crds")),
            "--chart-schemas", str(shared_path("schemas"))]


def lines(text: str) -> dict[str, str]:
    """{check name: its line} for the report's check lines (first line per name)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line[:1] in "✓✗–":
            found.setdefault(" ".join(line[2:].split("  ")[0].split()), line)
    return found


def test_k8s_output_passes_every_check_that_applies(out):
    for tool in TOOLS:
        require_tool(tool)
    proc = c2p("validate", str(out / "k8s"), *local_schemas())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = lines(proc.stdout)
    assert report["kubeconform -strict"].startswith("✓") and "postgresql.cnpg.io" in report["kubeconform -strict"]
    assert "redis.redis.opstreelabs.in" in report["kubeconform -strict"]
    assert report["helm lint --strict"] == "✓ helm lint --strict           charts/server2"
    assert report["helm template | kubeconform"].startswith("✓")
    assert "✓ values schema                values/vault.values.yaml (hashicorp/vault 0.34.1)" in proc.stdout
    assert report["tofu"] == "– tofu                         no Terraform in this folder"
    assert report["checkov"].startswith("✓ checkov                      kubernetes, helm: ")
    assert proc.stdout.splitlines()[-1] == "5 passed, 1 skipped"


def test_aws_output_json_report(out):
    for tool in TOOLS:
        require_tool(tool)
    proc = c2p("validate", str(out / "aws"), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    status = {c["name"]: c["status"] for c in doc["checks"]}
    assert doc["ok"] is True and doc["counts"] == {"failed": 0, "passed": 5, "skipped": 1}
    assert status == {"kubernetes": "skipped", "tofu fmt -check": "passed", "HCL syntax (hcl2json)": "passed",
                      "tofu validate": "passed", "AWS arguments": "passed", "checkov": "passed"}
    validate = next(c for c in doc["checks"] if c["name"] == "tofu validate")
    # the real hcp, timescale and random providers; the AWS blocks left out and said so (tofu_partial.py)
    assert "providers: hashicorp/hcp, hashicorp/random, timescale/timescale;" in validate["summary"]
    assert "aws_* block(s): the AWS provider is not built here" in validate["summary"]


def test_broken_output_fails_with_file_and_line(out, tmp_path):
    for tool in ("kubeconform", "tofu"):
        require_tool(tool)
    broken = tmp_path / "out"
    shutil.copytree(out, broken)
    cluster = broken / "k8s" / "manifests" / "timescaledb" / "cluster.yaml"
    cluster.write_text(cluster.read_text().replace("  instances:", "  instancess:", 1))
    versions = broken / "aws" / "terraform" / "versions.tf"
    versions.write_text(versions.read_text().replace("required_version = ", "required_version    = ", 1))
    line = next(i for i, t in enumerate(cluster.read_text().splitlines(), 1) if "instancess:" in t)
    proc = c2p("validate", str(broken), *local_schemas())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"    k8s/manifests/timescaledb/cluster.yaml:{line} Cluster/timescaledb: " in proc.stdout
    assert "additional properties 'instancess' not allowed" in proc.stdout
    report = lines(proc.stdout)
    assert report["kubeconform -strict"].startswith("✗") and report["tofu fmt -check"].startswith("✗")
    assert "    aws/terraform/versions.tf:" in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("2 failed, ")


def test_missing_tools_are_skipped_with_the_reason_and_required_ones_fail(out, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "C2P_TOOLS_DIR": str(tmp_path / "no-tools")}
    if any(shutil.which(t, path=env["PATH"]) for t in TOOLS):
        pytest.skip("a validator is installed system-wide, so it cannot be made missing by PATH")
    proc = c2p("validate", str(out / "k8s"), *local_schemas(), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = lines(proc.stdout)
    # without the binary the pure-Python fallback gives kubeconform's verdict, and says so
    assert report["kubeconform -strict"].startswith("✓ kubeconform -strict")
    assert "python fallback, kubeconform not installed" in report["kubeconform -strict"]
    assert report["checkov"].startswith("– checkov")
    assert "✓ values schema" in proc.stdout  # pure Python: still runs
    proc = c2p("validate", str(out / "k8s"), *local_schemas(), "--require", "kubeconform", "--format", "json", env=env)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    kubeconform = next(c for c in doc["checks"] if c["name"] == "kubeconform -strict")
    assert kubeconform["status"] == "failed" and kubeconform["summary"].startswith("required: ")
    assert "python fallback, kubeconform not installed" in kubeconform["summary"]


def test_require_fails_when_one_real_tool_is_missing(out, tmp_path):
    """The other tools are the real binaries (linked); only helm is absent."""
    for tool in TOOLS:
        require_tool(tool)
    tools = tmp_path / "tools"
    (tools / "bin").mkdir(parents=True)
    for tool in TOOLS:
        if tool != "helm":
            (tools / "bin" / tool).symlink_to(shutil.which(tool, path=f"{TOOLS_DIR / 'bin'}{os.pathsep}{os.environ['PATH']}"))
    for extra in ("tofurc", "providers", "node", "k8s-schemas", "derived"):
        if (TOOLS_DIR / extra).exists():
            (tools / extra).symlink_to(TOOLS_DIR / extra)
    env = {"PATH": "/usr/bin:/bin", "C2P_TOOLS_DIR": str(tools)}
    if shutil.which("helm", path=env["PATH"]):
        pytest.skip("helm is installed system-wide, so it cannot be made missing by PATH")
    proc = c2p("validate", str(out / "k8s"), *local_schemas(), "--require", "helm", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    report = lines(proc.stdout)
    assert report["helm lint --strict"].startswith("✗ helm lint --strict")
    assert "required: helm not installed" in report["helm lint --strict"]
    assert report["kubeconform -strict"].startswith("✓")  # the real kubeconform still ran
    assert "charts not checked (helm not installed)" in report["checkov"]


def test_usage_errors(out, tmp_path):
    proc = c2p("validate", str(out / "k8s"), "--require", "kubeconfrom")
    assert proc.returncode == 2 and "--require kubeconfrom: not a tool c2p validate uses" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = c2p("validate", str(tmp_path / "empty"))
    assert proc.returncode == 1 and "✗ c2p validate" in proc.stdout and "nothing to check" in proc.stdout


def test_docs_only_output_is_skipped_not_failed(tmp_path):
    """Every service left out (a compose file c2p maps nothing of): c2p wrote only README/MIGRATION, which is
    not a failure; a folder c2p did not write stays a failure (above)."""
    (tmp_path / "compose.yaml").write_text(
        "services:\n  db:\n    image: mongo:7\n    volumes: [data:/data/db]\nvolumes:\n  data: {}\n")
    gen = c2p("generate", "-f", str(tmp_path / "compose.yaml"), "--target", "k8s", "-o", str(tmp_path / "out"))
    # generate exits 1 for a documents-only tree (nothing to deploy); validate skips it, it does not fail it
    assert gen.returncode == 1 and "Nothing to deploy was generated" in gen.stdout, gen.stdout + gen.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "k8s").iterdir()) == [".c2p-manifest.json", "MIGRATION.md", "README.md"]
    proc = c2p("validate", str(tmp_path / "out" / "k8s"))
    assert proc.returncode == 0, proc.stdout
    assert "– c2p validate" in proc.stdout and "c2p wrote only documents here" in proc.stdout
