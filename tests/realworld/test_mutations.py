"""Mutated realworld fixtures through the whole pipeline: each mutant (keys dropped, values replaced by
values of other types, shapes swapped, deterministic seeds) loads, classifies, plans and renders, or
is refused with one clean line (C2PError) — never another exception. This found the crashes that the
schema now rejects, like a number inside `command: [sleep, 10]`."""

from __future__ import annotations

import copy
import json
import random
import shutil

import pytest
import yaml

from generator.errors import C2PError
from tests.realworld.cases import CASES, ROOT
from tests.realworld.test_pipeline import outputs

VALUES = [None, "", 0, 1, -1, True, False, "x", "${X:-}", "$$", "a:b:c", [], {}, ["a"], {"a": "b"}, 3.5,
          "0.0.0.0:80:80", "::", "/", "~", "sh -c 'x'", "redis-server", "postgres", "-dev", "http://db:5432",
          "postgres://u:p@db/x", [1, 2], {"a": {"b": None}}, "8080-8090:80-90", "./data:/var/lib/postgresql/data"]
KEYS = ["image", "command", "ports", "volumes", "environment", "healthcheck", "deploy", "build", "depends_on",
        "networks", "secrets", "configs", "profiles", "extends", "entrypoint", "env_file", "links", "network_mode",
        "expose", "labels", "ulimits", "develop", "x-c2p", "container_name", "hostname", "restart"]
SEEDS = range(60)


def _mutate(node, rnd: random.Random) -> None:
    if isinstance(node, dict) and node:
        key = rnd.choice(sorted(node, key=str))
        r = rnd.random()
        if r < 0.2:
            del node[key]
        elif r < 0.5:
            node[key] = copy.deepcopy(rnd.choice(VALUES))
        else:
            _mutate(node[key], rnd)
        if rnd.random() < 0.15:
            node[rnd.choice(KEYS)] = copy.deepcopy(rnd.choice(VALUES))
    elif isinstance(node, list) and node:
        i = rnd.randrange(len(node))
        r = rnd.random()
        if r < 0.3:
            node.pop(i)
        elif r < 0.6:
            node[i] = copy.deepcopy(rnd.choice(VALUES))
        else:
            _mutate(node[i], rnd)


def _mutant(seed: int, tmp_path):
    rnd = random.Random(seed)
    case = CASES[seed % len(CASES)]
    folder = tmp_path / case
    shutil.copytree(ROOT / case, folder)
    meta = json.loads((folder / "case.json").read_text()) if (folder / "case.json").exists() else {}
    name = (meta.get("files") or [n for n in ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
                                  if (folder / n).exists()])[0]
    try:
        doc = yaml.safe_load((folder / name).read_text())
    except yaml.YAMLError:  # !reset / !override tags: PyYAML cannot read them back; mutate the next file
        return None
    for _ in range(rnd.randint(1, 4)):
        services = doc.get("services") if isinstance(doc, dict) else None
        if isinstance(services, dict) and services and rnd.random() < 0.9:
            target = services[rnd.choice(sorted(services))]
            if isinstance(target, dict):
                _mutate(target, rnd)
                continue
        _mutate(doc, rnd)
    (folder / name).write_text(yaml.safe_dump(doc))
    return folder, meta


@pytest.mark.parametrize("seed", SEEDS)
def test_a_mutated_realworld_file_runs_or_is_refused_cleanly(seed, tmp_path):
    from generator.load import load_project

    made = _mutant(seed, tmp_path)
    if made is None:
        pytest.skip("this fixture uses YAML tags PyYAML cannot write back")
    folder, meta = made
    environ = {"PWD": str(folder), "HOME": "/nonexistent-home", **(meta.get("env") or {})}
    try:
        project = load_project(tuple(meta.get("files") or ()), tuple(meta.get("profiles") or ()), (), environ,
                               working_dir=str(folder))
        outputs(project)
    except C2PError as err:
        line = err.one_line()
        assert line and "\n" not in line
