"""MIGRATION.md runbooks as written: the ```sh blocks, and the stand-ins for the tools they call.

Two halves:

* ``sections(text)`` / ``blocks(section)`` parse a generated MIGRATION.md by its headings and its ```sh fences
  (never by grepping for commands).
* ``Shims`` writes small executables named ``docker``, ``kubectl``, ``tofu`` and ``aws`` into a temp dir put first on
  PATH; each one runs this file (``python runbook.py <tool> ARGS…``), which reads the test's JSON description of the
  world (``REH_SHIM``) and does, against the real local servers, what the real tool would do against compose, the
  cluster or AWS. Every call is appended to a log so a test can assert what the block did.

The substitutions (the ONLY difference between a block and what a user runs):

* ``docker compose exec [-T] [-e NAME=VALUE] <svc> CMD…`` runs CMD here (with NAME=VALUE set) with the compose server's environment: for a PostgreSQL
  service PGHOST/PGPORT of the compose-side server and PGPASSWORD = the compose POSTGRES_PASSWORD (in the container
  the socket is trusted; here a TCP login with the password stands in for it); for a Redis service ``redis-cli``
  gets ``-h 127.0.0.1 -p <port>`` in front of its arguments (the container's localhost:6379), and nothing else (no
  password: the container has none in its environment either). Paths under the container's ``/data`` map to a
  local "container filesystem" dir. ``docker compose cp <svc>:/path DST`` copies from that dir.
* ``kubectl -n NS get pod -l cnpg.io/cluster=C,… -o name`` prints ``pod/C-1``; ``get redisreplication/R -o
  jsonpath=…masterNode…`` prints ``R-0``; ``get mariadb M -o jsonpath=…currentPrimary…`` prints ``M-0``; ``get pods -l app=R,role=replication -o name`` prints ``pod/R-0`` (one pod:
  the replicas are not emulated). ``kubectl cp`` copies between the local path and the pod's filesystem dir (pod
  paths ``/var/lib/postgresql/data/…``, ``/data/…``, ``/tls/…`` map to local dirs). ``kubectl exec [-i] POD [-c C]
  -- CMD…`` runs CMD here with the pod's environment: a CNPG pod runs it as the cluster superuser over the unix
  socket (``superuser_env()``); a Redis pod has REDIS_PASSWORD set, ``hostname`` printing 127.0.0.1 and a
  ``redis-cli`` that adds ``-p <tls port>`` (the pod's own port is the server's). After SHUTDOWN NOSAVE the Redis
  "container" is down: the next ``kubectl exec`` into it fails (container not running) and starts it (the kubelet's
  restart); ``kubectl wait pod/R-0 --for=condition=Ready`` returns at once, as the API still reads Ready for a moment
  after the stop. A pod with ``save_after_cp`` saves (BGSAVE, to completion) right after each ``kubectl cp`` into it:
  what a save rule or a replica's full sync may do at any moment.
  ``kubectl apply -f FILE`` checks the file exists and is logged (no cluster to apply to).
* ``tofu -chdir=terraform output -raw NAME`` prints the test's value for that output (unknown names fail);
  ``output -json NAME`` the test's JSON for it.
* ``aws secretsmanager put-secret-value --secret-id ARN --secret-string S`` checks the secret exists and S is JSON;
  the call log keeps S for the test.
* ``curl -o FILE URL`` copies the test's file for URL (the RDS CA bundle → the test CA) to FILE.
* ``aws secretsmanager get-secret-value --secret-id ARN --query SecretString --output text`` prints the test's
  secret JSON; ``aws s3 cp FILE s3://B/K`` copies into a local "bucket" dir.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

FENCE = re.compile(r"^```sh\n(.*?)^```", re.M | re.S)


def sections(text: str) -> dict[str, str]:
    """The `## ` sections of MIGRATION.md by their first word (the compose service name)."""
    out: dict[str, str] = {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        head = part.split("\n", 1)[0]
        out[head.split()[0]] = part
    return out


def blocks(section: str) -> list[str]:
    return [m.group(1) for m in FENCE.finditer(section)]


# --------------------------------------------------------------------------------------------------------- the shims

class Shims:
    """A temp bin dir with the tool stand-ins and the JSON world they read."""

    TOOLS = ("docker", "kubectl", "tofu", "aws", "curl")

    def __init__(self, root: Path):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.config_path = root / "world.json"
        self.log = root / "calls.jsonl"
        self.world: dict = {"compose": {}, "pods": {}, "clusters": {}, "redis": {}, "tofu": {}, "secrets": {},
                            "downloads": {},
                            "s3": str(root / "s3"), "log": str(self.log)}
        for tool in self.TOOLS:
            p = self.bin / tool
            p.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" {tool} "$@"\n')
            p.chmod(0o755)

    def save(self) -> None:
        self.config_path.write_text(json.dumps(self.world, indent=1))

    def env(self, extra: dict | None = None) -> dict:
        self.save()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "REDIS"))}
        env["PATH"] = f"{self.bin}:{env['PATH']}"
        env["REH_SHIM"] = str(self.config_path)
        env.update(extra or {})
        return env

    def calls(self) -> list[list[str]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def run_block(self, block: str, cwd: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
        """The block with bash -e (a failing command stops it, as a user would stop), in the output dir."""
        return subprocess.run(["bash", "-e", "-c", block], cwd=cwd, env=self.env(extra_env),
                              capture_output=True, text=True, timeout=120)


def _map_paths(arg: str, fs: dict[str, str]) -> str:
    for prefix in sorted(fs, key=len, reverse=True):
        arg = re.sub(re.escape(prefix) + r"(?=/|$|\s|\"|')", fs[prefix], arg)
    return arg


def _fail(msg: str) -> None:
    print(f"shim: {msg}", file=sys.stderr)
    sys.exit(2)


def _wait_port(port: int, timeout: float = 10) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    _fail(f"nothing listens on {port}")


def redis_pod_running(pod: dict) -> bool:
    pidfile = Path(pod["dir"]) / "redis.pid"
    if not pidfile.exists():
        return False
    try:
        os.kill(int(pidfile.read_text().strip()), 0)
        return True
    except (OSError, ValueError):
        return False


def start_redis_pod(pod: dict) -> None:
    """Start the pod's redis-server (daemonized, pidfile in the pod dir), as the container's start would."""
    pidfile = Path(pod["dir"]) / "redis.pid"
    if pidfile.exists():
        pidfile.unlink()
    subprocess.run(["redis-server", pod["conf"]], check=True, stdout=subprocess.DEVNULL)
    _wait_port(pod["port"])
    for _ in range(200):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        time.sleep(0.05)
    # wait until the RDB is loaded (PING answers LOADING while it is)
    env = dict(os.environ, REDISCLI_AUTH=pod["password"])
    for _ in range(200):
        r = subprocess.run(["redis-cli", "-p", str(pod["port"]), "--tls", "--cacert", pod["ca"], "PING"],
                           env=env, capture_output=True, text=True)
        if r.stdout.strip() == "PONG":
            return
        time.sleep(0.05)
    _fail("redis pod did not answer PING")


def _redis_bgsave(pod: dict) -> None:
    """BGSAVE on the pod's server, to completion (it writes dump.rdb from what the server holds)."""
    env = dict(os.environ, REDISCLI_AUTH=pod["password"])
    cli = ["redis-cli", "-p", str(pod["port"]), "--tls", "--cacert", pod["ca"]]
    subprocess.run(cli + ["BGSAVE"], env=env, check=True, capture_output=True)
    for _ in range(200):
        info = subprocess.run(cli + ["INFO", "persistence"], env=env, capture_output=True, text=True).stdout
        if "rdb_bgsave_in_progress:0" in info:
            return
        time.sleep(0.05)
    _fail("BGSAVE did not finish")


def stop_redis_pod(pod: dict) -> None:
    pidfile = Path(pod["dir"]) / "redis.pid"
    if redis_pod_running(pod):
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 15)
        for _ in range(100):
            try:
                os.kill(pid, 0)
                time.sleep(0.05)
            except OSError:
                break


def _docker(world: dict, args: list[str]) -> int:
    if args[:1] != ["compose"]:
        _fail(f"docker {args}: only `docker compose exec|cp` is emulated")
    args = args[1:]
    verb, rest = args[0], args[1:]
    if verb == "cp":
        src, dst = rest
        svc, path = src.split(":", 1)
        shutil.copyfile(_map_paths(path, world["compose"][svc]["fs"]), dst)
        return 0
    if verb != "exec":
        _fail(f"docker compose {verb}: not emulated")
    given_env = {}
    while rest and rest[0].startswith("-"):
        if rest[0] in ("-e", "--env"):   # -e NAME=VALUE: set in the container's command
            name, _, value = rest[1].partition("=")
            given_env[name] = value
            rest = rest[1:]
        rest = rest[1:]
    svc, cmd = rest[0], rest[1:]
    c = world["compose"].get(svc)
    if c is None:
        _fail(f"no compose service {svc} in this rehearsal")
    cmd = [_map_paths(a, c["fs"]) for a in cmd]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "REDIS"))}
    env.update(c.get("env", {}))
    env.update(given_env)
    if c["kind"] == "redis" and cmd[0] == "redis-cli":
        cmd = ["redis-cli", "-h", "127.0.0.1", "-p", str(c["port"])] + cmd[1:]
    elif c["kind"] == "pg":
        cmd[0] = c["bin"].get(cmd[0], cmd[0])
    return subprocess.run(cmd, env=env).returncode


def _pod(world: dict, name: str) -> dict:
    name = name.removeprefix("pod/")
    pod = world["pods"].get(name)
    if pod is None:
        _fail(f"no pod {name}")
    return pod


def _kubectl(world: dict, args: list[str]) -> int:
    ns = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        if args[i] == "-n":
            ns = args[i + 1]
            i += 2
            continue
        rest.append(args[i])
        i += 1
    if not ns:
        _fail("kubectl without -n NAMESPACE")
    verb, rest = rest[0], rest[1:]
    if verb == "get":
        what = rest[0]
        opts = dict(zip(rest[1::2], rest[2::2]))
        if what in ("pod", "pods") and "-l" in opts:
            labels = dict(kv.split("=", 1) for kv in opts["-l"].split(","))
            if "cnpg.io/cluster" in labels:
                print(f"pod/{labels['cnpg.io/cluster']}-1")
                return 0
            if labels.get("role") == "replication":
                print(f"pod/{labels['app']}-0")
                return 0
        if what == "mariadb" and rest[2:3] == ["-o"] and "currentPrimary" in rest[3]:
            print(f"{rest[1]}-0", end="")   # the MariaDB's primary pod (status.currentPrimary): the first one
            return 0
        if what.startswith("redisreplication/") and "masterNode" in opts.get("-o", ""):
            print(f"{what.split('/', 1)[1]}-0", end="")
            return 0
        _fail(f"kubectl get {rest}: not emulated")
    if verb == "cp":
        paths = [a for a in rest if not a.startswith("-")]
        if "-c" in rest:
            paths.remove(rest[rest.index("-c") + 1])
        src, dst = paths

        def local(p: str) -> str:
            if re.match(r"^[A-Za-z0-9.-]+:/", p):
                pod, path = p.split(":", 1)
                return _map_paths(path, _pod(world, pod)["fs"])
            return p

        shutil.copyfile(local(src), local(dst))
        target = dst.split(":", 1)[0] if re.match(r"^[A-Za-z0-9.-]+:/", dst) else None
        if target and _pod(world, target).get("save_after_cp"):
            _redis_bgsave(_pod(world, target))
        return 0
    if verb == "exec":
        dd = rest.index("--")
        opts, cmd = rest[:dd], rest[dd + 1:]
        opts = [o for o in opts if o not in ("-i", "-t", "-ti", "-it")]
        if "-c" in opts:
            j = opts.index("-c")
            del opts[j:j + 2]
        pod = _pod(world, opts[0])
        if pod.get("kind") == "redis" and not redis_pod_running(pod):
            start_redis_pod(pod)   # the kubelet restarts the container; this exec found it gone
            print("error: unable to upgrade connection: container not found (\"redis\")", file=sys.stderr)
            return 1
        cmd = [_map_paths(a, pod["fs"]) for a in cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "REDIS"))}
        env.update(pod.get("env", {}))
        if pod.get("bin"):
            env["PATH"] = f"{pod['bin']}:{env['PATH']}"
        if pod.get("pgbin"):
            cmd[0] = pod["pgbin"].get(cmd[0], cmd[0])
        return subprocess.run(cmd, env=env).returncode
    if verb == "wait":
        _pod(world, rest[0])   # a Redis pod just stopped still reads Ready: nothing to wait for, nothing started
        return 0
    if verb == "apply":
        f = rest[rest.index("-f") + 1]
        if not Path(f).exists():
            _fail(f"kubectl apply -f {f}: no such file")
        return 0
    _fail(f"kubectl {verb}: not emulated")
    return 2


def _tofu(world: dict, args: list[str]) -> int:
    args = [a for a in args if not a.startswith("-chdir=")]
    if args[:2] == ["output", "-json"] and len(args) == 3 and args[2] in world.get("tofu_json", {}):
        print(json.dumps(world["tofu_json"][args[2]]))
        return 0
    if args[:2] != ["output", "-raw"] or len(args) != 3:
        _fail(f"tofu {args}: only `output -raw NAME` is emulated")
    if args[2] not in world["tofu"]:
        print(f'Error: Output "{args[2]}" not found', file=sys.stderr)
        return 1
    print(world["tofu"][args[2]], end="")
    return 0


def _aws(world: dict, args: list[str]) -> int:
    if args[:2] == ["secretsmanager", "get-secret-value"]:
        sid = args[args.index("--secret-id") + 1]
        if sid not in world["secrets"]:
            _fail(f"no secret {sid}")
        print(world["secrets"][sid])
        return 0
    if args[:2] == ["secretsmanager", "put-secret-value"]:
        sid = args[args.index("--secret-id") + 1]
        if sid not in world["secrets"]:
            _fail(f"no secret {sid}")
        json.loads(args[args.index("--secret-string") + 1])   # Secrets Manager keeps any string; the apps need JSON
        return 0
    if args[:2] == ["s3", "cp"]:
        src, dst = args[2], args[3]
        m = re.match(r"^s3://([^/]+)/(.+)$", dst)
        if not m:
            _fail(f"aws s3 cp {src} {dst}: only local → s3:// is emulated")
        out = Path(world["s3"]) / m.group(1) / m.group(2)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, out)
        return 0
    _fail(f"aws {args}: not emulated")
    return 2


def _curl(world: dict, args: list[str]) -> int:
    """`curl -fsSL -o FILE URL` (or `-fsSLo FILE`): the test's file for that URL (a CA bundle) copied to FILE."""
    url = next((a for a in args if a.startswith("https://")), None)
    out = next((args[i + 1] for i, a in enumerate(args[:-1]) if re.fullmatch(r"-[A-Za-z]*o", a)), None)
    if url is None or out is None or url not in world["downloads"]:
        _fail(f"curl {args}: only `-o FILE URL` of a known URL is emulated")
    shutil.copyfile(world["downloads"][url], out)
    return 0


def main(argv: list[str]) -> int:
    tool, args = argv[0], argv[1:]
    world = json.loads(Path(os.environ["REH_SHIM"]).read_text())
    with open(world["log"], "a") as f:
        f.write(json.dumps([tool] + args) + "\n")
    return {"docker": _docker, "kubectl": _kubectl, "tofu": _tofu, "aws": _aws, "curl": _curl}[tool](world, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
