"""The realworld fixtures (tests/fixtures/realworld/<name>/): compose files written in the style of
well-known public projects, each with a case.json (files, env, profiles, env_files, workdir; all
optional) and a kinds.json (service → the kind a person would call it, reviewed by eye)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "realworld"
CASES = sorted(p.name for p in ROOT.iterdir() if p.is_dir()) if ROOT.is_dir() else []


def case_args(case: str) -> tuple[Path, dict]:
    """(working directory, {files, env, profiles, env_files}) as the loader helpers take them."""
    folder = ROOT / case
    meta_file = folder / "case.json"
    meta = json.loads(meta_file.read_text()) if meta_file.is_file() else {}
    workdir = folder / meta.get("workdir", ".")
    kwargs = {"files": meta.get("files") or [], "env": meta.get("env") or {},
              "profiles": meta.get("profiles") or [], "env_files": meta.get("env_files") or []}
    return workdir, kwargs


def expected_kinds(case: str) -> dict:
    """{"services": {name: kind}, "stateful_jobs": [name, …]} as reviewed by eye."""
    path = ROOT / case / "kinds.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def load(case: str):
    from generator.load import load_project

    workdir, kw = case_args(case)
    environ = {"PWD": str(workdir), "HOME": "/nonexistent-home", **kw["env"]}
    return load_project(tuple(kw["files"]), tuple(kw["profiles"]), tuple(kw["env_files"]), environ,
                        working_dir=str(workdir))
