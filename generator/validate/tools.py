"""Where the external validators live and how to run them.

Lookup order: $C2P_TOOLS_DIR/bin (default ~/.cache/c2p-tools/bin, filled by `make tools`), then PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def tools_dir() -> Path:
    return Path(os.environ.get("C2P_TOOLS_DIR") or Path.home() / ".cache" / "c2p-tools")


def find_tool(name: str) -> str | None:
    search = os.pathsep.join([str(tools_dir() / "bin"), os.environ.get("PATH", "")])
    return shutil.which(name, path=search)


def missing(name: str) -> str:
    return f"{name} not installed (run `make tools`; looked in {tools_dir() / 'bin'} and PATH)"


def run(args: list[str], *, cwd: Path | None = None, stdin: str | None = None,
        env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a tool, capturing text output; PATH gets the tools' bin folder first (helm for checkov)."""
    full_env = dict(os.environ)
    full_env["PATH"] = os.pathsep.join([str(tools_dir() / "bin"), full_env.get("PATH", "")])
    full_env.update(env or {})
    return subprocess.run(
        args, cwd=cwd, input=stdin, env=full_env, capture_output=True, text=True, timeout=timeout,
        check=False,
    )


def rel(path: Path | str, base: Path | None) -> str:
    """`path` relative to `base` when it is inside it, for findings and summaries."""
    p = Path(path)
    if base is not None:
        try:
            return str(p.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(p)
