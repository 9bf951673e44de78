"""Golden cases as the rehearsal generates them: afresh, from each case's compose input and args.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "golden" / "cases"


def generate(case: str, out: Path, target: str) -> Path:
    """`c2p generate --target <target>` of a golden case (with its args.json profiles and env); OUT/<target>."""
    case_dir = CASES / case
    args = json.loads((case_dir / "args.json").read_text()) if (case_dir / "args.json").exists() else {}
    # k8s: through tests/rehearsal/ca_shim.py, which gives every TLS resource the release CA's ca_file where the
    # server side does not set it yet (a no-op once it does)
    module = "tests.rehearsal.ca_shim" if target == "k8s" else "generator"
    argv = [sys.executable, "-m", module, "generate", "-f", str(case_dir / "compose.yaml"), "--target", target,
            "-o", str(out), "--force"]
    for profile in args.get("profiles", ()):
        argv += ["--profile", profile]
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, env={**os.environ, **args.get("env", {})},
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out / target
