"""Shared helpers for the loader tests: load a fixture, diff two compose documents path by path."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from generator.load import load_project, to_compose_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "compose"


def diff(got, want, path: str = "") -> list[str]:
    """Every differing path, so a failure names the field (`.services.db.ports[0].published: …`)."""
    out: list[str] = []
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want)):
            if key not in got:
                out.append(f"{path}.{key}: missing in c2p (compose has {json.dumps(want[key])[:200]})")
            elif key not in want:
                out.append(f"{path}.{key}: c2p has it, compose does not ({json.dumps(got[key])[:200]})")
            else:
                out.extend(diff(got[key], want[key], f"{path}.{key}"))
    elif isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want)):
            out.extend(diff(a, b, f"{path}[{i}]"))
    elif got != want:
        out.append(f"{path}: c2p {json.dumps(got)[:200]} != compose {json.dumps(want)[:200]}")
    return out


def c2p_json(workdir: Path, files=(), env=None, profiles=(), env_files=()) -> dict:
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **(env or {})}
    project = load_project(tuple(files), tuple(profiles), tuple(env_files), environ, working_dir=str(workdir))
    return to_compose_json(project)


def compose_json(binary: str, workdir: Path, files=(), env=None, profiles=(), env_files=()) -> dict:
    """The oracle: `docker-compose config --format json` in a controlled environment."""
    args = [binary]
    for f in files:
        args += ["-f", f]
    for p in profiles:
        args += ["--profile", p]
    for e in env_files:
        args += ["--env-file", e]
    environ = {"PATH": "/usr/bin:/bin", "PWD": str(workdir), "HOME": "/nonexistent-home",
               "DOCKER_CONFIG": "/nonexistent-docker-config", **(env or {})}
    done = subprocess.run(args + ["config", "--format", "json"], cwd=workdir, env=environ,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"docker-compose failed: {done.stderr}"
    return json.loads(done.stdout)


def compose_error(binary: str, workdir: Path, files=(), env=None) -> str | None:
    args = [binary] + [x for f in files for x in ("-f", f)] + ["config", "--format", "json"]
    environ = {"PATH": "/usr/bin:/bin", "PWD": str(workdir), "HOME": "/nonexistent-home", **(env or {})}
    done = subprocess.run(args, cwd=workdir, env=environ, capture_output=True, text=True, timeout=60)
    return None if done.returncode == 0 else done.stderr.strip()


def cwd_env() -> dict:
    return dict(os.environ)
