"""Timings of `c2p inspect` and `c2p plan`, and of the classify and plan stages alone.

    python bench/classify_plan.py

bench_inspect / bench_plan follow bench/run.py's convention (cases → [(label, seconds)], the real CLI
in a fresh process, best of REPEAT) so run.py can list them in BENCHES. stage_times() measures the
stages in-process on an already loaded project: the part this module owns, which must stay linear
and well under a second per thousand services.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import EXAMPLE, REPEAT, SIZES, generate_compose, time_cli  # noqa: E402

PLAN_TARGET = "k8s"


def bench_inspect(cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    return [(label, time_cli("inspect", "-f", str(path), "--format", "json")) for label, path in cases]


def bench_plan(cases: list[tuple[str, Path]]) -> list[tuple[str, float]]:
    return [(label, time_cli("plan", "-f", str(path), "--target", PLAN_TARGET, "--format", "json"))
            for label, path in cases]


def stage_times(path: Path) -> tuple[float, float]:
    """Best-of-REPEAT seconds of classify() and build_plan() on a loaded project."""
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan

    project = load_project((str(path),), (), (), {})
    best_c = best_p = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        classification = classify(project)
        mid = time.perf_counter()
        build_plan(project, classification, PLAN_TARGET)
        end = time.perf_counter()
        best_c, best_p = min(best_c, mid - start), min(best_p, end - mid)
    return best_c, best_p


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="c2p-bench-") as tmp:
        cases = [("example (server2)", EXAMPLE)]
        cases += [(f"generated, {n} services", generate_compose(n, Path(tmp))) for n in SIZES]
        for name, fn in (("inspect", bench_inspect), ("plan", bench_plan)):
            for label, seconds in fn(cases):
                print(f"c2p {name:<9} {label:<28} {seconds:8.3f} s")
        stages = [stage_times(path) for _, path in cases[1:]]
        for n, (c, p) in zip(SIZES, stages):
            print(f"stage     classify {n:>5} services      {c:8.3f} s   build_plan {p:8.3f} s")
        (n1, (c1, p1)), (n2, (c2, p2)) = zip(SIZES, stages)
        print(f"stage     growth {n1}→{n2}: classify {c2 / c1:.1f} ×, build_plan {p2 / p1:.1f} × (linear: ≤ {n2 // n1})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
