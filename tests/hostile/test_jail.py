"""The output folder is a jail, and the project folder is the only place files are copied from (issue 20 part 3,
hostile-input review items 6, 7 and the FIFO parts of 10).

Run as a user runs c2p (a subprocess with a timeout, so a FIFO that blocks fails the test instead of hanging it).
Writes: a manifest naming a path outside OUT/<target>, or a link below it, is refused with one line and exit 2,
`--force` or not, and a watched folder outside OUT (plus every link target) is byte-for-byte unchanged.
Reads: a unique marker placed in every hostile source never appears in any output file.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.write import MANIFEST

REPO = Path(__file__).resolve().parent.parent.parent
MARKER = "C2P-JAIL-MARKER-7f3a9c"
APP = {"image": "ghcr.io/acme/app:1.0", "x-c2p": {"kind": "app"}}


def c2p(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=timeout)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry below `root` (links not followed): kind and content hash, to compare before/after."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(folder) / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                state[rel] = "link:" + os.readlink(p)
            elif p.is_file():
                state[rel] = "file:" + hashlib.sha256(p.read_bytes()).hexdigest()
            elif p.is_dir():
                state[rel] = "dir"
            else:
                state[rel] = "other"
    return state


def one_line_refusal(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def scan_for_marker(out: Path) -> list[str]:
    hits = []
    for folder, _dirs, files in os.walk(out):
        for name in files:
            p = Path(folder) / name
            if not p.is_symlink() and MARKER.encode() in p.read_bytes():
                hits.append(str(p.relative_to(out)))
    return hits


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "compose.yaml").write_text(yaml.safe_dump({"name": "demo", "services": {"api": APP}}))
    return root


@pytest.fixture
def watched(tmp_path) -> Path:
    """A folder beside the project and OUT, with a sentinel c2p must never touch."""
    w = tmp_path / "watched"
    (w / "sub").mkdir(parents=True)
    (w / "sentinel.txt").write_text("do not delete\n")
    (w / "sub" / "x").write_text("nor this\n")
    (w / "env").mkdir()
    return w


def _generated(project: Path) -> Path:
    proc = c2p("generate", "-t", "k8s", "-o", "out", cwd=project)
    assert proc.returncode == 0, proc.stderr
    return project / "out" / "k8s"


# --- writes: the manifest is input, links are never followed ---------------------------------------------------


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize("entry", ["ABS", "../../../watched/sentinel.txt", "sub/../../../../watched/sentinel.txt",
                                   "./README.md", "a\\..\\..\\x", "docs//x", "a\0b"])
def test_a_manifest_entry_outside_out_refuses_the_manifest_and_touches_nothing(project, watched, entry, force):
    dest = _generated(project)
    entry = str(watched / "sentinel.txt") if entry == "ABS" else entry
    data = json.loads((dest / MANIFEST).read_text())
    data["files"][entry] = hashlib.sha256(b"do not delete\n").hexdigest()  # the hash matches: deletion would go ahead
    (dest / MANIFEST).write_text(json.dumps(data))
    before, before_out = snapshot(watched), snapshot(dest)
    proc = c2p("generate", "-t", "k8s", "-o", "out", *(["--force"] if force else []), cwd=project)
    assert "is not a relative path inside" in one_line_refusal(proc)
    assert snapshot(watched) == before
    assert snapshot(dest) == before_out  # nothing written either


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_manifest_entry_through_a_linked_subfolder_is_refused(project, watched, force):
    dest = _generated(project)
    (dest / "sub").symlink_to(watched / "sub")
    data = json.loads((dest / MANIFEST).read_text())
    data["files"]["sub/x"] = hashlib.sha256(b"nor this\n").hexdigest()
    (dest / MANIFEST).write_text(json.dumps(data))
    before = snapshot(watched)
    proc = c2p("generate", "-t", "k8s", "-o", "out", *(["--force"] if force else []), cwd=project)
    assert "symbolic link" in one_line_refusal(proc)
    assert snapshot(watched) == before


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_linked_env_folder_is_refused_and_nothing_is_written_there(project, watched, force):
    (project / "compose.yaml").write_text(yaml.safe_dump(
        {"name": "demo", "services": {"api": {**APP, "environment": {"GREETING": "hello"}}}}))
    dest = project / "out" / "k8s"
    dest.mkdir(parents=True)
    (dest / "env").symlink_to(watched / "env", target_is_directory=True)
    before = snapshot(watched)
    proc = c2p("generate", "-t", "k8s", "-o", "out", *(["--force"] if force else []), cwd=project)
    assert "symbolic link" in one_line_refusal(proc)
    assert snapshot(watched) == before
    assert not any(p for p in dest.iterdir() if p.name != "env")  # refused before the first byte


def test_a_linked_file_in_out_is_never_written_through(project, watched):
    dest = _generated(project)
    (dest / "README.md").unlink()
    (dest / "README.md").symlink_to(watched / "sentinel.txt")
    before = snapshot(watched)
    for args in ((), ("--force",), ("--check",)):
        proc = c2p("generate", "-t", "k8s", "-o", "out", *args, cwd=project)
        assert "symbolic link" in one_line_refusal(proc)
    assert snapshot(watched) == before


def test_out_target_itself_a_link_is_refused_but_out_a_link_is_the_users_choice(project, tmp_path, watched):
    real = tmp_path / "real-out"
    real.mkdir()
    (project / "out").symlink_to(real, target_is_directory=True)
    assert (_generated(project) / "README.md").is_file()  # OUT itself is a link: allowed
    (project / "out2").mkdir()
    (project / "out2" / "k8s").symlink_to(watched, target_is_directory=True)
    before = snapshot(watched)
    proc = c2p("generate", "-t", "k8s", "-o", "out2", cwd=project)
    assert "symbolic link" in one_line_refusal(proc)
    assert snapshot(watched) == before


def test_check_refuses_a_manifest_entry_outside_and_reads_no_link(project, watched):
    dest = _generated(project)
    data = json.loads((dest / MANIFEST).read_text())
    data["files"]["../../../watched/sentinel.txt"] = "0" * 64
    (dest / MANIFEST).write_text(json.dumps(data))
    assert "is not a relative path inside" in one_line_refusal(c2p("generate", "-t", "k8s", "-o", "out", "--check",
                                                                   cwd=project))


def test_a_fifo_in_out_does_not_block_generate(project):
    dest = _generated(project)
    (dest / "README.md").unlink()
    os.mkfifo(dest / "README.md")
    proc = c2p("generate", "-t", "k8s", "-o", "out", "--force", cwd=project, timeout=10)
    assert "not a regular file" in one_line_refusal(proc)


# --- reads: only project files, never credentials, never a FIFO ------------------------------------------------


def _generate_reading(project: Path, compose: dict, env: dict[str, str] | None = None):
    (project / "compose.yaml").write_text(yaml.safe_dump({"name": "demo", **compose}))
    proc = c2p("generate", "-t", "k8s", "-o", "out", cwd=project, env=env, timeout=20)
    assert "Traceback" not in proc.stderr
    out = project / "out"
    if proc.returncode == 2:
        assert len(proc.stderr.strip().splitlines()) == 1
        assert not out.exists() or not scan_for_marker(out)
        return proc, None
    assert proc.returncode == 0, proc.stderr
    assert scan_for_marker(out) == []
    return proc, (out / "k8s" / "README.md").read_text()


def test_a_config_from_the_users_docker_config_is_not_copied(project, tmp_path):
    home = tmp_path / "home"
    (home / ".docker").mkdir(parents=True)
    (home / ".docker" / "config.json").write_text(json.dumps({"auths": {"r": {"auth": MARKER}}}))
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "configs": ["reg"]}},
                                            "configs": {"reg": {"file": "~/.docker/config.json"}}},
                                  env={"HOME": str(home)})
    assert readme is None or ("config reg" in readme and "outside the project" in readme)


def test_a_config_from_a_kube_config_beside_the_project_is_not_copied(project, tmp_path):
    (tmp_path / "fakehome" / ".kube").mkdir(parents=True)
    (tmp_path / "fakehome" / ".kube" / "config").write_text(f"users: [{{name: x, user: {{token: {MARKER}}}}}]\n")
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "configs": ["kube"]}},
                                            "configs": {"kube": {"file": "../fakehome/.kube/config"}}})
    assert readme is None or ("config kube" in readme and "outside the project" in readme)


def test_a_link_in_a_bind_mounted_folder_to_a_file_outside_is_not_followed(project, tmp_path):
    (tmp_path / "outside.txt").write_text(f"secret={MARKER}\n")
    (project / "conf").mkdir()
    (project / "conf" / "app.ini").write_text("x=1\n")
    (project / "conf" / "stolen.ini").symlink_to(tmp_path / "outside.txt")
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "volumes": ["./conf:/etc/app"]}}})
    assert readme is None or ("./conf/stolen.ini is a link to outside the project" in readme)


def test_a_linked_bind_mounted_file_and_init_script_to_outside_are_not_copied(project, tmp_path):
    (tmp_path / "outside.sql").write_text(f"-- {MARKER}\n")
    (project / "app.ini").symlink_to(tmp_path / "outside.sql")
    (project / "init.sql").symlink_to(tmp_path / "outside.sql")
    _generate_reading(project, {"services": {
        "api": {**APP, "volumes": ["./app.ini:/etc/app.ini"]},
        "db": {"image": "postgres:16", "environment": {"POSTGRES_PASSWORD_FILE": "/run/secrets/pw"},
               "volumes": ["./init.sql:/docker-entrypoint-initdb.d/init.sql"]}}})


def test_a_fifo_in_a_bind_mounted_folder_does_not_block(project):
    (project / "conf").mkdir()
    (project / "conf" / "app.ini").write_text("x=1\n")
    os.mkfifo(project / "conf" / "pipe.ini")
    os.mkfifo(project / "single.ini")
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "volumes": [
        "./conf:/etc/app", "./single.ini:/etc/single.ini"]}}})
    assert readme is None or ("./conf/pipe.ini is not a regular file" in readme
                              and "./single.ini is not a regular file" in readme)


@pytest.mark.parametrize("name", ["deploy.pem", "id_rsa", "notes.txt"])
def test_a_private_key_inside_the_project_is_never_copied(project, name):
    (project / "keys").mkdir()
    (project / "keys" / name).write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{MARKER}\n-----END OPENSSH PRIVATE KEY-----\n")
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "volumes": [f"./keys/{name}:/etc/key"],
                                                                 "configs": ["k"]}},
                                            "configs": {"k": {"file": f"./keys/{name}"}}})
    assert readme is None or readme.count("never copies its content") + readme.count("its content is never copied") >= 2


@pytest.mark.parametrize("rel", [".docker/config.json", ".kube/config", ".aws/credentials", ".git-credentials",
                                 ".netrc", ".pgpass"])
def test_credential_files_inside_the_project_are_never_copied(project, rel):
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text(f"token {MARKER}\n")
    _, readme = _generate_reading(project, {"services": {"api": {**APP, "volumes": [
        f"./{rel}:/etc/creds", f"./{rel.split('/')[0]}:/etc/credsdir"], "configs": ["c"]}},
        "configs": {"c": {"file": f"./{rel}"}}})
    # each of the three becomes a Secret the user creates (README says so), never a copied ConfigMap
    assert readme is None or readme.count("never copies its content") + readme.count("content is never copied") >= 3


# --- validate --------------------------------------------------------------------------------------------------


def test_validate_on_a_folder_with_a_fifo_named_yaml_returns(project, tmp_path):
    dest = _generated(project)
    os.mkfifo(dest / "a.yaml")
    (dest / "manifests").mkdir(exist_ok=True)
    os.mkfifo(dest / "manifests" / "b.yaml")
    (dest / "manifests" / "passwd.yaml").symlink_to("/etc/passwd")
    proc = c2p("validate", str(dest), cwd=project, timeout=5)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "a.yaml is not a regular file" in proc.stdout and "no check was run" in proc.stdout
    assert "manifests/passwd.yaml a link to outside the folder" in proc.stdout
    assert "root:" not in proc.stdout
