"""Bad input: one line on stderr starting `c2p: `, exit 2, no traceback, nothing on stdout,
nothing written. Where Docker Compose also rejects the input, the real binary confirms it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import require_tool
from tests.load.helpers import compose_error

GOOD = "services:\n  web:\n    image: nginx\n"

# name → (files {path: text}, argv after `config`, env, expected fragment of the message, compose also fails)
CASES = {
    "malformed yaml": ({"compose.yaml": "services:\n  web:\n    image: [nginx\n"}, [], {},
                       "compose.yaml:4:1: invalid YAML", True),
    "tab indentation": ({"compose.yaml": "services:\n\tweb: {}\n"}, [], {}, "compose.yaml:2:1: invalid YAML", True),
    "duplicate key": ({"compose.yaml": "services:\n  web:\n    image: a\n    image: b\n"}, [], {},
                      "invalid YAML", True),
    "schema violation": ({"compose.yaml": "services:\n  web:\n    image: x\n    imagee: y\n"}, [], {},
                         "compose.yaml:4:5: services.web: unknown key 'imagee' (did you mean 'image'?)", True),
    "wrong type": ({"compose.yaml": "services:\n  web:\n    image: x\n    ports: {a: 1}\n"}, [], {},
                   "compose.yaml:4:5: services.web.ports: must be a list, not a mapping", True),
    "required variable": ({"compose.yaml": "services:\n  web:\n    image: ${TAG:?set TAG to the release}\n"}, [], {},
                          "services.web.image: required variable TAG is missing a value: set TAG to the release",
                          True),
    "required variable, empty": ({"compose.yaml": "services:\n  web:\n    image: x${TAG:?}\n"}, [], {"TAG": ""},
                                 "required variable TAG is missing a value", True),
    "invalid interpolation": ({"compose.yaml": "services:\n  web:\n    image: ${TAG:=x}\n"}, [], {},
                              "compose.yaml:3:5: services.web.image: invalid interpolation format", True),
    "missing env_file": ({"compose.yaml": GOOD + "    env_file: missing.env\n"}, [], {},
                         "services.web.env_file:", True),
    "unknown dependency": ({"compose.yaml": GOOD + "    depends_on: [db]\n"}, [], {},
                           'service "web" depends on undefined service "db"', True),
    "dependency behind a profile": ({"compose.yaml": GOOD + "    depends_on: [db]\n  db:\n    image: p\n"
                                     "    profiles: [x]\n"}, [], {}, "behind a profile that is not active", True),
    "extends cycle": ({"compose.yaml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"}, [], {},
                      "extends cycle", True),
    "extends unknown base": ({"compose.yaml": GOOD + "    extends: nothere\n"}, [], {},
                             "services.web.extends: unknown service 'nothere'", True),
    "extends unknown file": ({"compose.yaml": GOOD + "    extends: {file: nope.yaml, service: x}\n"}, [], {},
                             "services.web.extends: file 'nope.yaml' not found", True),
    "include missing": ({"compose.yaml": "include: [nothere.yaml]\n" + GOOD}, [], {}, "nothere.yaml not found", True),
    "file does not exist": ({}, ["-f", "absent.yaml"], {}, "absent.yaml: compose file not found", True),
    "directory instead of a file": ({"adir/x": ""}, ["-f", "adir"], {}, "adir: is a directory", True),
    "empty file": ({"compose.yaml": ""}, [], {}, "compose.yaml: empty compose file", True),
    "only comments": ({"compose.yaml": "# nothing\n"}, [], {}, "empty compose file", True),
    "a list, not a mapping": ({"compose.yaml": "- a\n- b\n"}, [], {}, "the top level must be a mapping", True),
    "a scalar, not a mapping": ({"compose.yaml": "hello\n"}, [], {}, "the top level must be a mapping", True),
    "dependency cycle": ({"compose.yaml": "services:\n  a: {image: a, depends_on: [b]}\n  b: {image: b, depends_on: [c]}\n"
                                          "  c: {image: c, depends_on: [a]}\n"}, [], {},
                         "dependency cycle detected: a -> b -> c -> a", True),
    "conflicting limits": ({"compose.yaml": GOOD + "    mem_limit: 1g\n    deploy: {resources: {limits: {memory: 2g}}}\n"},
                           [], {}, "services.web: mem_limit and deploy.resources.limits.memory differ", True),
    "undefined volume": ({"compose.yaml": GOOD + "    volumes: [data:/data]\n"}, [], {},
                         'service "web" refers to undefined volume data', True),
    "bad port": ({"compose.yaml": GOOD + "    ports: ['80:abc']\n"}, [], {}, "compose.yaml:4:13: services.web.ports[0]: invalid port '80:abc'", True),
    "bad size": ({"compose.yaml": GOOD + "    deploy: {resources: {limits: {memory: lots}}}\n"}, [], {},
                 "invalid size 'lots'", True),
    "bad project name": ({"compose.yaml": "name: '!!!'\n" + GOOD}, [], {}, "is not a valid project name", True),
    "bad COMPOSE_PROJECT_NAME": ({"compose.yaml": GOOD}, [], {"COMPOSE_PROJECT_NAME": "My_App!"},
                                 "COMPOSE_PROJECT_NAME: 'My_App!' is not a valid project name", True),
    "missing --env-file": ({"compose.yaml": GOOD}, ["--env-file", "nope.env"], {}, "nope.env: env file not found",
                           True),
    "not utf-8": ({"compose.yaml": b"services:\n  web:\n    image: \xff\xfe\n"}, [], {}, "not UTF-8", True),
    "no compose file": ({"readme.txt": "x"}, [], {}, "no compose file found", True),
}


def _write(tmp_path: Path, files: dict) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_line_and_exit_2(name, tmp_path, monkeypatch):
    files, argv, env, fragment, _ = CASES[name]
    _write(tmp_path, files)
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    for key in ("COMPOSE_FILE", "COMPOSE_PROFILES", "COMPOSE_PROJECT_NAME", "TAG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(main, ["config", *argv])
    assert result.exit_code == 2, (result.output, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("c2p: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert fragment in lines[0], lines[0]
    assert _snapshot(tmp_path) == before


@pytest.mark.tools
@pytest.mark.parametrize("name", sorted(n for n, case in CASES.items() if case[4]))
def test_docker_compose_rejects_it_too(name, tmp_path):
    binary = require_tool("docker-compose")
    files, argv, env, _, _ = CASES[name]
    _write(tmp_path, files)
    flags = [argv[i + 1] for i in range(0, len(argv), 2) if argv[i] == "-f"]
    if "--env-file" in argv:
        pytest.skip("the oracle helper passes only -f")
    assert compose_error(binary, tmp_path, flags, env) is not None


def test_huge_file_fails_fast(tmp_path, monkeypatch):
    from generator.load import yamlio

    path = tmp_path / "compose.yaml"
    path.write_text(GOOD + "# " + "x" * (yamlio.MAX_BYTES + 10) + "\n")
    result = CliRunner().invoke(main, ["config", "-f", str(path)])
    assert result.exit_code == 2 and "too large" in result.stderr


def test_deeply_nested_document_fails_without_a_crash(tmp_path):
    path = tmp_path / "compose.yaml"
    path.write_text("x-deep: " + "[" * 5000 + "]" * 5000 + "\n" + GOOD)
    result = CliRunner().invoke(main, ["config", "-f", str(path)])
    assert result.exit_code == 2 and "nested more than" in result.stderr


def test_deep_block_nesting_fails(tmp_path):
    text = "x-deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(100)) + "  " * 101 + "v: 1\n"
    path = tmp_path / "compose.yaml"
    path.write_text(text + GOOD)
    result = CliRunner().invoke(main, ["config", "-f", str(path)])
    assert result.exit_code == 2 and "nested more than" in result.stderr


def test_alias_bomb_fails_fast(tmp_path):
    lines = ['x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"x-a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path = tmp_path / "compose.yaml"
    path.write_text("\n".join(lines) + "\n" + GOOD)
    result = CliRunner().invoke(main, ["config", "-f", str(path)])
    assert result.exit_code == 2 and "alias bomb" in result.stderr


def test_no_traceback_in_a_real_process(tmp_path):
    import subprocess
    import sys

    (tmp_path / "compose.yaml").write_text("services: [\n")
    done = subprocess.run([sys.executable, "-m", "generator", "config"], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def _load_error(tmp_path, text: str, environ: dict | None = None) -> str:
    """The one line a compose.yaml with `text` is refused with."""
    from generator.errors import C2PError
    from generator.load import load_project

    (tmp_path / "compose.yaml").write_text(text)
    with pytest.raises(C2PError) as err:
        load_project((), (), (), environ or {}, working_dir=str(tmp_path))
    return err.value.one_line()


def test_a_port_without_a_target_is_bad_input(tmp_path):
    line = _load_error(tmp_path, "services:\n  web:\n    image: x\n    ports: [0]\n")
    assert "target" in line and "compose.yaml:4" in line


def test_a_typed_field_that_does_not_convert_is_bad_input(tmp_path):
    line = _load_error(tmp_path, "services:\n  web:\n    image: x\n    read_only: ${RO}\n", {"RO": "maybe"})
    assert "services.web.read_only" in line and "boolean" in line and "compose.yaml:4:5" in line


@pytest.mark.parametrize("extra", ["container_name: web\n    deploy: {replicas: 2}", "scale: 2\n    deploy: {replicas: 3}"])
def test_contradicting_replica_settings_are_bad_input(tmp_path, extra):
    line = _load_error(tmp_path, f"services:\n  web:\n    image: x\n    {extra}\n")
    assert "services.web" in line and "compose.yaml:2:3" in line


def test_a_service_without_image_or_build_is_bad_input(tmp_path):
    line = _load_error(tmp_path, "services:\n  web:\n    environment: {A: b}\n")
    assert "neither an image nor a build" in line and "compose.yaml:2:3" in line


def test_a_later_document_that_is_not_a_mapping_is_bad_input(tmp_path):
    line = _load_error(tmp_path, "services:\n  web:\n    image: x\n---\n- a\n- b\n")
    assert "must be a mapping, not a list" in line and "compose.yaml:5:1" in line


def test_an_empty_document_between_separators_is_bad_input(tmp_path):
    """Docker Compose: 'top-level object must be a mapping' (even for a trailing ---)."""
    line = _load_error(tmp_path, "services:\n  web:\n    image: x\n---\n")
    assert "must be a mapping, not null" in line


@pytest.mark.parametrize("key", ["command: [sleep, 10]", "entrypoint: [sleep, 10]", "healthcheck: {test: [CMD, 1]}"])
def test_a_number_in_a_command_list_is_bad_input(tmp_path, key):
    """Docker Compose: 'services.a.command.1 must be a string' (c2p crashed in classify before)."""
    line = _load_error(tmp_path, f"services:\n  a:\n    image: x\n    {key}\n")
    assert "must be a string, not a number" in line
