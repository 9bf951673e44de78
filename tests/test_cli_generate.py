"""`c2p generate` as a user runs it: what it prints, what it writes, and that a refusal writes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "server2" / "docker-compose.v2.yml"


def c2p(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "docker-compose.v2.yml")
    return tmp_path


@pytest.mark.parametrize("target, step", [
    ("aws", "tofu -chdir=c2p-out/aws/terraform init && tofu -chdir=c2p-out/aws/terraform plan"),
    ("k8s", 'install in the order of its "Install, in order" section'),
])
def test_generate_says_what_it_wrote_and_what_to_do_next(project, target, step):
    proc = c2p("generate", "--target", target, cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Plan for server2 → {target}:")
    assert f"files to c2p-out/{target}/" in proc.stdout
    assert step in proc.stdout
    # the migrate job is behind the "tools" profile: left out, as compose leaves it out, and said so
    assert "! migrate is behind profile tools, which is not enabled: it is left out; generate with --profile tools" \
        in proc.stdout
    assert "migrate is behind profile tools" in (project / "c2p-out" / target / "README.md").read_text()
    assert proc.stdout.rstrip().endswith(f"Check it any time with: c2p validate c2p-out/{target}")
    assert (project / "c2p-out" / target / "README.md").is_file()


def test_refusal_prints_one_line_and_writes_nothing(project):
    assert c2p("generate", "--target", "aws", cwd=project).returncode == 0
    readme = project / "c2p-out" / "aws" / "README.md"
    readme.write_text(readme.read_text() + "my notes\n")
    before = {p: p.read_bytes() for p in (project / "c2p-out").rglob("*") if p.is_file()}
    proc = c2p("generate", "--target", "aws", cwd=project)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "refusing to overwrite c2p-out/aws/README.md" in proc.stderr
    assert {p: p.read_bytes() for p in (project / "c2p-out").rglob("*") if p.is_file()} == before
