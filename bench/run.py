"""Timings of the c2p commands on the example and on generated compose files.

    python bench/run.py            # every benchmark
    python bench/run.py config     # only `c2p config` (others: inspect plan generate-k8s generate-aws)

Each command has one function `bench_<command>(cases) -> list of (case, seconds)`; add yours to
BENCHES. A case is (label, compose file). Times are the best of REPEAT runs of the real CLI in a
fresh process (start-up included), so they are what a user waits for.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "server2" / "docker-compose.v2.yml"
REPEAT = 3
SIZES = (100, 1000)


def generate_compose(n: int, directory: Path) -> Path:
    """n services in a realistic mix: every tenth a Postgres with a volume and healthcheck,
    the others app services with build, ports, env (anchors and interpolation), depends_on."""
    lines = ["name: bench", "x-env: &env", "  LOG_LEVEL: ${LOG_LEVEL:-info}", "  REGION: eu", "services:"]
    for i in range(n):
        if i % 10 == 0:
            lines += [f"  db{i}:", "    image: postgres:16", "    environment:",
                      f"      POSTGRES_PASSWORD: ${{PG_PASSWORD_{i}:-secret}}", "    volumes:",
                      f"      - db{i}-data:/var/lib/postgresql/data", "    healthcheck:",
                      '      test: ["CMD-SHELL", "pg_isready -U postgres"]', "      interval: 5s"]
        else:
            db = i - i % 10
            lines += [f"  app{i}:", "    build: ./app", f"    image: app{i}:${{TAG:-latest}}",
                      f"    ports: ['{10000 + i}:8080']", "    environment:", "      <<: *env",
                      f"      DATABASE_URL: postgres://postgres:secret@db{db}:5432/app", "    depends_on:",
                      f"      db{db}:", "        condition: service_healthy", "    deploy:",
                      "      resources: {limits: {cpus: '0.5', memory: 256M}}"]
    lines.append("volumes:")
    lines += [f"  db{i}-data: {{}}" for i in range(0, n, 10)]
    path = directory / f"compose-{n}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def time_cli(*args: str) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"c2p {' '.join(args)} failed: {done.stderr.strip()}")
        best = min(best, elapsed)
    return best


def bench_config(cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    return [(label, time_cli("config", "-f", str(path))) for label, path in cases]


BENCHES = {"config": bench_config}


def _register() -> None:
    """`inspect` and `plan` live next to this file in classify_plan.py, `generate` in generate.py."""
    from classify_plan import bench_inspect, bench_plan
    from generate import bench_generate_aws, bench_generate_k8s

    BENCHES.update(inspect=bench_inspect, plan=bench_plan,
                   **{"generate-k8s": bench_generate_k8s, "generate-aws": bench_generate_aws})


def main(argv: list[str]) -> int:
    _register()
    wanted = argv or list(BENCHES)
    with tempfile.TemporaryDirectory(prefix="c2p-bench-") as tmp:
        cases = [("example (server2)", EXAMPLE)]
        cases += [(f"generated, {n} services", generate_compose(n, Path(tmp))) for n in SIZES]
        for name in wanted:
            if name not in BENCHES:
                print(f"unknown benchmark {name!r}; known: {', '.join(BENCHES)}", file=sys.stderr)
                return 2
            results = BENCHES[name](cases)
            for label, seconds in results:
                print(f"c2p {name:<9} {label:<28} {seconds:8.3f} s")
            sized = [(n, s) for n, (_, s) in zip(SIZES, results[1:])]
            if len(sized) == 2:
                (n1, s1), (n2, s2) = sized
                print(f"c2p {name:<9} {'growth ' + str(n1) + '→' + str(n2):<28} {s2 / s1:8.1f} × (linear: ≤ {n2 // n1})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
