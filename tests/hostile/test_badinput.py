"""Hostile input, crashes and hangs (review 2026-12 items 9 and 10, issue 20 part 5): every input goes through
`c2p config`, `c2p inspect`, `c2p generate --target k8s` and `--target aws` in a real process with a hard
timeout. Each is either refused (exit 2, exactly one line on stderr starting `c2p: `, no traceback, nothing
written to OUT) or, where it is valid Compose, handled (exit 0, no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = "services:\n  web:\n    image: nginx\n"
COMMANDS = {
    "config": ["config"],
    "inspect": ["inspect"],
    "k8s": ["generate", "--target", "k8s", "-o", "OUT"],
    "aws": ["generate", "--target", "aws", "-o", "OUT"],
}
ALL = tuple(COMMANDS)
LATER = ("inspect", "k8s", "aws")  # what classify and the targets read (Dockerfiles, c2p.yaml, commands)


def run_c2p(cwd: Path, command: str, extra: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    """One c2p command in a subprocess; the 10 s timeout is a hard bound (a hang fails the test)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    environ.update({"PYTHONPATH": str(ROOT), "HOME": str(cwd / "home"), **(env or {})})
    environ.pop("C2P_DEBUG", None)
    argv = [str(cwd / "OUT") if a == "OUT" else a for a in COMMANDS[command]]
    return subprocess.run([sys.executable, "-m", "generator", *argv, *extra], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=10)


def assert_refused(done: subprocess.CompletedProcess, cwd: Path, fragment: str) -> None:
    """The refusal line: exit 2, one line `c2p: …` naming the problem, no traceback, nothing in OUT."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("c2p: "), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert fragment in lines[0], lines[0]
    assert done.stdout == ""
    out = cwd / "OUT"
    assert not out.exists() or not any(out.rglob("*")), sorted(map(str, out.rglob("*")))


def assert_handled(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def _bomb() -> str:
    """A billion-laughs variant of 294 bytes that expands to 938,332 YAML nodes, nearly all of them from aliases:
    refused on its own by yaml.v3's alias-ratio rule (ALIAS_BOMB)."""
    lines = ["x-l0: &l0 [a,a,a,a,a,a,a,a,a]"]
    lines += [f"x-l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 6)]
    lines.append("x-l6: [*l4,*l4,*l4,*l4]")
    return "\n".join(lines) + "\n"


def _diluted_bomb() -> str:
    """About 301,000 nodes of which 2% are written out: within the alias ratio and the node limit on its own, so
    only a limit counted over the whole project refuses four of them (BOMB)."""
    lines = ["x-pad: [" + ",".join(["p"] * 6000) + "]", "x-l0: &l0 [a,a,a,a,a,a,a,a,a]"]
    lines += [f"x-l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 5)]
    lines.append("x-l5: [*l4,*l4,*l4,*l4,*l4]")
    return "\n".join(lines) + "\n"


ALIAS_BOMB = _bomb()
BOMB = _diluted_bomb()
FIFO = object()  # a file to create with os.mkfifo
HUGE = object()  # a sparse regular file just over the 16 MiB limit

# name → (files, extra argv, env, {command: refusal fragment, or None for "handled"})
CASES: dict[str, tuple[dict, list, dict, dict]] = {}


def case(name: str, files: dict, expect: dict, extra: list | None = None, env: dict | None = None) -> None:
    CASES[name] = (files, extra or [], env or {}, expect)


def refused(fragment: str, commands=ALL) -> dict:
    return {c: fragment if c in commands else None for c in ALL}


HANDLED = {c: None for c in ALL}

# --- item 10: hangs. Every user-named file is read by the one bounded reader.
case("env_file /dev/zero", {"compose.yaml": GOOD + "    env_file: /dev/zero\n"},
     refused("services.web.env_file: /dev/zero: env file is not a regular file (a device)"))
case("env_file FIFO", {"compose.yaml": GOOD + "    env_file: app.env\n", "app.env": FIFO},
     refused("env file is not a regular file (a FIFO)"))
case("env_file FIFO, long syntax", {"compose.yaml": GOOD + "    env_file: [{path: app.env, required: false}]\n",
                                    "app.env": FIFO}, refused("env file is not a regular file (a FIFO)"))
case("env_file over 16 MiB", {"compose.yaml": GOOD + "    env_file: big.env\n", "big.env": HUGE},
     refused("env file is too large"))
case("env_file not UTF-8", {"compose.yaml": GOOD + "    env_file: bad.env\n", "bad.env": b"A=\xff\xfe\n"},
     refused("env file is not UTF-8 text"))
case(".env FIFO", {"compose.yaml": GOOD, ".env": FIFO}, refused(".env: env file is not a regular file (a FIFO)"))
case(".env /dev/zero (symlink)", {"compose.yaml": GOOD, ".env": Path("/dev/zero")},
     refused("env file is not a regular file (a device)"))
case("--env-file FIFO", {"compose.yaml": GOOD, "x.env": FIFO}, refused("x.env: env file is not a regular file"),
     extra=["--env-file", "x.env"])
case("--env-file /dev/zero", {"compose.yaml": GOOD}, refused("/dev/zero: env file is not a regular file"),
     extra=["--env-file", "/dev/zero"])
case("-f FIFO override", {"compose.yaml": GOOD, "o.yaml": FIFO}, refused("compose file is not a regular file"),
     extra=["-f", "compose.yaml", "-f", "o.yaml"])
case("-f /dev/zero", {}, refused("/dev/zero: compose file is not a regular file"), extra=["-f", "/dev/zero"])
case("include FIFO", {"compose.yaml": "include: [x.yaml]\n" + GOOD, "x.yaml": FIFO},
     refused("x.yaml: compose file is not a regular file (a FIFO)"))
case("include /dev/zero", {"compose.yaml": "include: [/dev/zero]\n" + GOOD},
     refused("compose file is not a regular file (a device)"))
case("include env_file FIFO", {"compose.yaml": "include: [{path: x.yaml, env_file: x.env}]\n" + GOOD,
                               "x.yaml": "services:\n  api:\n    image: nginx\n", "x.env": FIFO},
     refused("x.env: env file is not a regular file (a FIFO)"))
case("extends file FIFO", {"compose.yaml": GOOD + "    extends: {file: base.yaml, service: b}\n", "base.yaml": FIFO},
     refused("base.yaml: compose file is not a regular file (a FIFO)"))
case("Dockerfile FIFO", {"compose.yaml": "services:\n  web:\n    build: .\n", "Dockerfile": FIFO},
     refused("Dockerfile is not a regular file (a FIFO)", LATER))
case("dockerfile: /dev/zero", {"compose.yaml": "services:\n  web:\n    build: {context: ., dockerfile: /dev/zero}\n"},
     refused("/dev/zero: Dockerfile is not a regular file (a device)", LATER))
case("--config FIFO", {"compose.yaml": GOOD, "c2p.yaml": FIFO},  # `config` has no --config
     {c: "c2p.yaml: c2p config is not a regular file (a FIFO)" for c in LATER},
     extra=["--config", "c2p.yaml"])
# a file whose nodes come almost all from aliases is refused on its own, in milliseconds (yaml.v3's rule)
case("one alias bomb under the node limit", {"compose.yaml": ALIAS_BOMB + GOOD},
     refused("the document contains excessive aliasing"))
# the node limit holds for the whole project: four files each under it, included, extended or -f'd
case("four included alias bombs", {"compose.yaml": "include: [a/b.yaml, b/b.yaml, c/b.yaml, d/b.yaml]\n" + GOOD,
                                   **{f"{d}/b.yaml": BOMB for d in "abcd"}},
     refused("the project's YAML files expand to"))
case("four included alias bombs, four includes", {
    "compose.yaml": "include:\n" + "".join(f"  - {d}/b.yaml\n" for d in "abcd") + GOOD,
    **{f"{d}/b.yaml": BOMB for d in "abcd"}}, refused("over the limit of 1000000"))
case("four extended alias bombs", {
    "compose.yaml": "services:\n" + "".join(f"  {d}: {{extends: {{file: {d}/b.yaml, service: x}}}}\n" for d in "abcd"),
    **{f"{d}/b.yaml": BOMB + "services:\n  x:\n    image: busybox\n" for d in "abcd"}},
    refused("over the limit of 1000000"))
case("four -f alias bombs", {"compose.yaml": GOOD, **{f"{d}.yaml": BOMB for d in "abcd"}},
     refused("over the limit of 1000000"), extra=["-f", "compose.yaml"] + [x for d in "abcd" for x in ("-f", f"{d}.yaml")])

# --- item 9: crashes. Numbers in user text are ASCII digits (generator/numbers.py), never str.isdigit()+int().
case("redis-server --port abc", {"compose.yaml": "services:\n  cache:\n    image: redis:7\n"
                                                  "    command: redis-server --port abc\n"},
     {"config": None, **refused("compose.yaml:2:3: services.cache: redis-server --port 'abc' is not a port number",
                                LATER)})
case("redis-server --port=²", {"compose.yaml": "services:\n  cache:\n    image: redis:7\n"
                                                "    command: [redis-server, --port=²]\n"},
     {"config": None, **refused("--port '²' is not a port number", LATER)})
case("redis-server --port 99999", {"compose.yaml": "services:\n  cache:\n    image: redis:7\n"
                                                    "    command: redis-server --port 99999\n"},
     {"config": None, **refused("--port '99999' is not a port number (0-65535)", LATER)})
# Docker reads a non-numeric user or group as a name (docker compose config accepts all of these): a TODO in k8s
case('user: "²"', {"compose.yaml": GOOD + '    user: "²"\n'}, HANDLED)
case('user: "1000:²"', {"compose.yaml": GOOD + '    user: "1000:²"\n'}, HANDLED)
case('user: "٣:٣"', {"compose.yaml": GOOD + '    user: "٣:٣"\n'}, HANDLED)
case('group_add: ["²"]', {"compose.yaml": GOOD + '    group_add: ["²", "1000"]\n'}, HANDLED)
case('expose: ["²", "80-²"]', {"compose.yaml": GOOD + '    expose: ["²", "80-²", "1-99999"]\n'}, HANDLED)
# restart's retry count is read only for a run-once service (a Job's backoffLimit); Docker refuses it on create
case('restart: "on-failure:²" (a job)', {"compose.yaml": GOOD + '  migrate:\n    image: app\n    command: migrate\n'
                                                                '    restart: "on-failure:²"\n'},
     {**HANDLED, "k8s": "compose.yaml:4:3: services.migrate.restart: 'on-failure:²': the retry count"})
case('restart: "on-failure:²" (a server)', {"compose.yaml": GOOD + '    restart: "on-failure:²"\n'}, HANDLED)
case("healthcheck URL localhost:99999999", {"compose.yaml": GOOD + "    healthcheck:\n      test: "
                                                                   "[CMD, curl, -f, 'http://localhost:99999999/']\n"},
     HANDLED)
case("env DB_PORT ²", {"compose.yaml": "services:\n  db:\n    image: postgres:16\n    environment: {POSTGRES_PASSWORD: x}\n"
                                       "  web:\n    image: app\n    environment: {DB_HOST: db, DB_PORT: '²'}\n"},
     HANDLED)
case("image tag of 5,000 digits", {"compose.yaml": "services:\n  db:\n    image: postgres:" + "9" * 5000 + "\n"
                                                   "  r:\n    image: redis:" + "7" * 5000 + "\n"}, HANDLED)
case("image tag pg٣", {"compose.yaml": "services:\n  db:\n    image: postgres:pg١٦\n"}, HANDLED)
case("ports ٨٠ (Arabic-Indic digits)", {"compose.yaml": GOOD + '    ports: ["٨٠"]\n'},
     refused("compose.yaml:4:13: services.web.ports[0]: invalid port '٨٠'"))
case("ports ²:80", {"compose.yaml": GOOD + '    ports: ["²:80"]\n'}, refused("invalid port"))
case("ports beyond int64", {"compose.yaml": GOOD + '    ports: ["99999999999999999999999999:80"]\n'},
     refused("invalid port"))
case("healthcheck.retries ²", {"compose.yaml": GOOD + '    healthcheck: {test: [CMD, x], retries: "${R}"}\n'},
     refused("services.web.healthcheck.retries: expected a whole number, not '²'"), env={"R": "²"})
case("scale ٣", {"compose.yaml": GOOD + "    scale: ${R}\n"}, refused("services.web.scale: expected a whole number"),
     env={"R": "٣"})
case("oom_score_adj ' 5'", {"compose.yaml": GOOD + "    oom_score_adj: ${R}\n"},
     refused("expected a whole number, not ' 5'"), env={"R": " 5"})
case("deploy.replicas 1_0", {"compose.yaml": GOOD + "    deploy: {replicas: '${R}'}\n"},
     refused("services.web.deploy.replicas: expected a whole number"), env={"R": "1_0"})
case("secrets mode ²", {"compose.yaml": GOOD + '    secrets: [{source: s, mode: "²"}]\nsecrets:\n  s: {environment: HOME}\n'},
     refused("mode must be an octal number"))
case("cpu_percent nan", {"compose.yaml": GOOD + "    cpu_percent: ${R}\n"},
     refused("services.web.cpu_percent: expected a number, not 'nan'"), env={"R": "nan"})
case("cpus infinity", {"compose.yaml": GOOD + '    cpus: "infinity"\n'}, refused("invalid cpus 'infinity'"))
case("cpus nan", {"compose.yaml": GOOD + '    cpus: "nan"\n'}, refused("invalid cpus 'nan'"))
case("cpus 1e999", {"compose.yaml": GOOD + "    cpus: 1e999\n"}, refused("invalid cpus '1e999'"))
case("mem_limit of 400 digits", {"compose.yaml": GOOD + f'    mem_limit: "{"9" * 400}"\n'}, refused("invalid size"))
case("mem_limit 1e999", {"compose.yaml": GOOD + "    mem_limit: 1e999\n"}, refused("invalid size '1e999'"))
case("shm_size ٣g", {"compose.yaml": GOOD + '    shm_size: "٣g"\n'}, refused("invalid size '٣g'"))
case("stop_grace_period of 400 digits", {"compose.yaml": GOOD + f'    stop_grace_period: "{"9" * 400}h"\n'},
     refused("invalid duration"))
_GPU = "    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: %s}]}}}\n"
case("device count ²", {"compose.yaml": GOOD + _GPU % '"²"'},
     refused("services.web.deploy: invalid device count '²', the only value allowed is 'all' or a number"))
case("device count ٣ (interpolated)", {"compose.yaml": GOOD + _GPU % '"${R}"'}, refused("invalid device count '٣'"),
     env={"R": "٣"})
case("device count 1e999", {"compose.yaml": GOOD + _GPU % "1e999"}, refused("invalid device count '1e999'"))
case("gpus count ²", {"compose.yaml": GOOD + '    gpus: [{driver: nvidia, count: "²"}]\n'},
     refused("services.web.gpus[0]: invalid device count '²'"))
# past int()'s 4,300-digit limit ("Exceeds the limit" ValueError) and float overflow to inf (OverflowError)
_LONG = "9" * 4401
case("cpu_count of 4,401 digits", {"compose.yaml": GOOD + f'    cpu_count: "{_LONG}"\n'},
     refused("services.web.cpu_count: expected a whole number"))
case("ulimits of 4,401 digits", {"compose.yaml": GOOD + f'    ulimits: {{nofile: "{_LONG}"}}\n'},
     refused("services.web.ulimits"))
case("healthcheck interval 1e999", {"compose.yaml": GOOD + "    healthcheck: {test: [CMD, x], interval: 1e999}\n"},
     refused("services.web.healthcheck: invalid duration '1e999'"))
case("tmpfs mode 1e999", {"compose.yaml": GOOD + "    volumes: [{type: tmpfs, target: /t, tmpfs: {mode: 1e999}}]\n"},
     refused("services.web.volumes[0]"))
case("deploy cpus nan", {"compose.yaml": GOOD + '    deploy: {resources: {limits: {cpus: "nan"}}}\n'},
     refused("invalid cpus 'nan'"))
case("redis-server --port of 4,401 digits", {"compose.yaml": "services:\n  cache:\n    image: redis:7\n"
                                                              f"    command: [redis-server, --port, '{_LONG}']\n"},
     {"config": None, **refused("is not a port number (0-65535)", LATER)})
case("expose of 4,401 digits", {"compose.yaml": GOOD + f'    expose: ["{_LONG}"]\n'}, HANDLED)
case("x- extension 1e999 stays a string", {"compose.yaml": "x-big: 1e999\n" + GOOD}, HANDLED)


def _make(tmp_path: Path, files: dict) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is FIFO:
            os.mkfifo(path)
        elif content is HUGE:
            with open(path, "wb") as fh:
                fh.truncate(16 * 1024 * 1024 + 1)
        elif isinstance(content, Path):
            path.symlink_to(content)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("name, command", [(n, c) for n in CASES for c in CASES[n][3]])
def test_hostile_input_is_refused_in_one_line_or_handled(name, command, tmp_path):
    files, extra, env, expect = CASES[name]
    _make(tmp_path, files)
    done = run_c2p(tmp_path, command, extra, env)
    if expect[command] is None:
        assert_handled(done)
    else:
        assert_refused(done, tmp_path, expect[command])


def test_a_yaml_float_that_overflows_stays_the_string_compose_prints(tmp_path):
    import json

    _make(tmp_path, {"compose.yaml": "x-big: 1e999\nx-ok: 1e3\n" + GOOD})
    done = run_c2p(tmp_path, "config", [])
    assert_handled(done)
    doc = json.loads(done.stdout)
    assert doc["x-big"] == "1e999" and doc["x-ok"] == 1000


def test_a_non_ascii_user_is_a_name_in_k8s_not_a_uid(tmp_path):
    """user: "1000:²" is valid for Docker (² is a group name): the pod keeps the chart's default IDs, the README
    says why (a TODO), and group_add keeps its numeric group."""
    import yaml

    _make(tmp_path, {"compose.yaml": GOOD + '    user: "1000:²"\n    group_add: ["²", "1001"]\n'})
    assert_handled(run_c2p(tmp_path, "k8s", []))
    k8s = tmp_path / "OUT" / "k8s"
    web = yaml.safe_load(next(k8s.rglob("values.yaml")).read_text())["apps"]["web"]
    pod = web["podSecurityContext"]
    assert pod["supplementalGroups"] == [1001] and "runAsUser" not in pod and "runAsGroup" not in pod  # not "1000:²"
    readme = (k8s / "README.md").read_text()
    assert "**TODO** `user 1000:²`: a user or group name" in readme and "**TODO** `group_add ²`" in readme
