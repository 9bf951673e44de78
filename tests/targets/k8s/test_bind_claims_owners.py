"""Issue 11 leftovers (k8s-work) items 2 and 3.

Item 2: mastodon's `./public/system` does not exist at generate time; compose creates it empty on `up` and web and
sidekiq write the uploads there. Before the fix it was a TODO ("nothing to copy; bake the files into the image or
create the ConfigMap by hand"); it is writable data: a claim (ReadWriteMany when shared), copied only if the compose
host has the folder by now.

Item 3: files copied into a claim kept the compose host's owners (mastodon's 991, www-data's 33), so a pod running
as 10001 could not write them, and fsGroup is not applied to ReadWriteMany claims. The copy step now chowns to the
UID:GID the pod runs as (none for an app that runs as root and manages its own users). The printed commands are run
here, with busybox standing in for the helper image and the `docker run` side, and a non-root writer checks the
result."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.realworld.cases import load as load_case
from tests.targets.k8s.workload_helpers import app, dropped, plan_for, project_dir, tree_for, volume

APP = "ghcr.io/acme/app:1.0"


def _app(**extra):
    return {"image": APP, "x-c2p": {"kind": "app"}, **extra}


def _realworld(case: str):
    from generator.classify import classify
    from generator.plan import build_plan

    project = load_case(case)
    return build_plan(project, classify(project), "k8s")


# --- item 2: a missing host folder -----------------------------------------------------------------------------------

def test_mastodon_public_system_is_a_shared_claim_not_a_todo():
    plan = _realworld("mastodon")
    web, sidekiq = volume(app(plan, "web"), "/mastodon/public/system"), volume(app(plan, "sidekiq"),
                                                                              "/mastodon/public/system")
    assert web.object == sidekiq.object == "mastodon-public-system"
    assert (web.kind, web.access_mode, web.origin) == ("claim", "ReadWriteMany", "bind-missing")
    assert not any("public/system" in nc.item for nc in plan.not_carried)
    assert "compose creates it empty" in web.reason
    migration = tree_for(plan)["MIGRATION.md"]
    assert "if [ -d public/system ]; then" in migration
    assert "scale deployment/web --replicas=0" in migration and "scale deployment/sidekiq --replicas=0" in migration


def test_a_missing_folder_is_a_claim_scratch_an_emptydir_and_config_stays_a_todo(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _app(volumes=[
        "./files:/app/files", "./logs:/app/logs", "./nginx.conf:/etc/nginx/nginx.conf", "./ro:/app/ro:ro"])}})
    api = app(plan, "api")
    files, logs = volume(api, "/app/files"), volume(api, "/app/logs")
    assert (files.kind, files.access_mode, files.origin) == ("claim-template", "ReadWriteOnce", "bind-missing")
    assert logs.kind == "empty-dir" and "scratch" in logs.reason
    todo = dropped(plan, "api")
    assert todo["volume ./nginx.conf:/etc/nginx/nginx.conf"].todo    # the user was meant to put a file there
    assert todo["volume ./ro:/app/ro"].todo                          # read-only: nothing could ever be in it


def test_an_existing_folder_is_copied_without_the_existence_test(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _app(volumes=["./media:/media"])}}, {"media/a.txt": "a"})
    migration = tree_for(plan)["MIGRATION.md"]
    assert volume(app(plan, "api"), "/media").origin == "bind"
    assert "if [ -d" not in migration and '-v "$PWD"/media:/from:ro' in migration


# --- item 3: owners --------------------------------------------------------------------------------------------------

def _chowns(migration: str) -> list[str]:
    return re.findall(r"-- chown -R (\S+) /to", migration)


def test_the_copy_chowns_to_the_uid_the_pod_runs_as(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "api": _app(volumes=["data:/var/lib/api"]),
        "pma": {"image": "phpmyadmin:5.2", "volumes": ["sessions:/sessions"]},       # images.py: UID 33
        "mine": _app(user="1000:1000", volumes=["mine:/var/lib/mine"]),              # compose's user wins
    }, "volumes": {"data": {}, "sessions": {}, "mine": {}}})
    migration = tree_for(plan)["MIGRATION.md"]
    blocks = {m.group(1): m.group(0) for m in re.finditer(r"# (\S+) → PVC.*?(?=\n# \S+ → PVC|\n```)", migration, re.S)}
    assert _chowns(blocks["data"]) == ["10001:10001"]
    assert _chowns(blocks["sessions"]) == ["33:33"]
    assert _chowns(blocks["mine"]) == ["1000:1000"]
    assert "fsGroupPolicy: ReadWriteOnceWithFSType" in migration and "root_squash" in migration


def test_an_app_that_runs_as_root_keeps_composes_owners():
    migration = tree_for(_realworld("nextcloud"))["MIGRATION.md"]
    block = migration[migration.index("# nextcloud → PVC"):]
    assert _chowns(block.split("```")[0]) == []
    assert "# no chown: app and cron run as root and give the files to the image's own users" in block
    for name in ("app", "cron", "web"):  # every service sharing the claim is scaled down and back
        assert f"scale deployment/{name} --replicas=0" in block


def test_the_rwx_warning_says_fsgroup_does_not_apply():
    plan = _realworld("mastodon")
    assert any("does not apply fsGroup to ReadWriteMany" in w for w in plan.warnings)


# --- the printed commands, run --------------------------------------------------------------------------------------

SHIM = r'''
import os, subprocess, sys
args = sys.argv[2:]
tool, claim = sys.argv[1], os.environ["CLAIM"]
with open(os.environ["CALLS"], "a") as log:
    log.write(tool + " " + " ".join(args) + "\n")
if tool == "docker":   # docker run --rm -v SRC:/from:ro IMAGE tar -C /from -cf - .
    src = args[args.index("-v") + 1].rsplit(":/from", 1)[0]
    cmd = args[args.index("tar"):]
    cmd = ["busybox"] + [src if a == "/from" else a for a in cmd]
    sys.exit(subprocess.run(cmd).returncode)
# kubectl -n NS VERB ...
rest = args[2:]
if rest[0] == "exec":
    cmd = rest[rest.index("--") + 1:]
    sys.exit(subprocess.run(["busybox"] + [claim if a == "/to" else a for a in cmd]).returncode)
sys.exit(0)   # scale, run, wait, delete: nothing to emulate for the files
'''


def _copy_block(migration: str, pvc: str) -> str:
    section = migration[migration.index("## App volumes"):]
    body = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    start = body.index(f"→ PVC {pvc},")
    start = body.rindex("\n#", 0, start) + 1 if "\n#" in body[:start] else 0
    nxt = body.find("\n# ", body.index("delete pod", start))
    return body[start:nxt if nxt > 0 else len(body)]


def _run(tmp_path: Path, block: str, cwd: Path, claim: Path) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "shim.py").write_text(SHIM)
    for tool in ("docker", "kubectl"):
        p = bin_dir / tool
        p.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{bin_dir / "shim.py"}" {tool} "$@"\n')
        p.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", NAMESPACE="demo", CLAIM=str(claim),
               CALLS=str(tmp_path / "calls"))
    return subprocess.run(["bash", "-e", "-c", block], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def _writable_by(uid: int, gid: int, path: Path) -> bool:
    probe = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "sh", "-c",
                            f'echo more >> "{path}/sub/upload.jpg" && echo new > "{path}/new.txt"'],
                           capture_output=True, text=True)
    return probe.returncode == 0


needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("busybox") or not shutil.which("setpriv"),
                                reason="runs the copy as root (chown) with busybox and setpriv")


@pytest.fixture
def claim():
    # outside pytest's 0700 tmp tree, so UID 10001 can reach it; a fresh NFS export: root's folder, no fsGroup
    path = Path(tempfile.mkdtemp(prefix="c2p-claim-"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _mastodon_like(tmp_path: Path, claim: Path, drop_chown: bool = False):
    compose = {"services": {"web": _app(volumes=["./public/system:/app/public/system"]),
                            "sidekiq": _app(volumes=["./public/system:/app/public/system"])}}
    gen = tmp_path / "gen"
    plan = plan_for(gen, compose)                 # the folder is missing at generate time
    migration = tree_for(plan)["MIGRATION.md"]
    block = _copy_block(migration, "demo-public-system")
    if drop_chown:
        block = "\n".join(ln for ln in block.splitlines() if "chown" not in ln)
    host = project_dir(tmp_path / "host", compose, {"public/system/sub/upload.jpg": "jpeg"})  # after months of `up`
    os.chmod(host / "public/system/sub", 0o755)
    for p in [host / "public/system", host / "public/system/sub", host / "public/system/sub/upload.jpg"]:
        os.chown(p, 991, 991)                      # mastodon's user in its image
    return block, host


@needs_root
def test_the_printed_copy_leaves_files_the_pod_can_write(tmp_path, claim):
    block, host = _mastodon_like(tmp_path, claim)
    r = _run(tmp_path, block, host, claim)
    assert r.returncode == 0, r.stderr
    assert (claim / "sub" / "upload.jpg").read_text() == "jpeg"
    owners = {(os.lstat(p).st_uid, os.lstat(p).st_gid) for p in [claim, *claim.rglob("*")]}
    assert owners == {(10001, 10001)}
    assert _writable_by(10001, 10001, claim)


@needs_root
def test_broken_copy_without_the_chown_leaves_files_the_pod_cannot_write(tmp_path, claim):
    block, host = _mastodon_like(tmp_path, claim, drop_chown=True)
    r = _run(tmp_path, block, host, claim)
    assert r.returncode == 0, r.stderr
    assert os.lstat(claim / "sub" / "upload.jpg").st_uid == 991    # tar as root keeps compose's owners
    assert not _writable_by(10001, 10001, claim)


@needs_root
def test_the_copy_of_a_folder_still_missing_on_the_host_only_chowns(tmp_path, claim):
    block, host = _mastodon_like(tmp_path, claim)
    shutil.rmtree(host / "public")
    r = _run(tmp_path, block, host, claim)
    assert r.returncode == 0, r.stderr
    assert not (host / "public").exists()           # no `docker run -v` creating it
    assert stat.S_IMODE(os.lstat(claim).st_mode) == 0o755 and os.lstat(claim).st_uid == 10001
    assert "docker" not in (tmp_path / "calls").read_text()
