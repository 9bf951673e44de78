"""Shared test fixtures and options.

- `--update-golden` rewrites golden files instead of comparing (review the diff before committing).
- SHARED is ../shared next to the repository (or $C2P_SHARED): the corpus, CRD and chart schemas.
  It is test data, read in place and never copied into the project.
- Tests that need a real tool use `require_tool("kubeconform")`: it returns the binary's path, or skips
  with the reason — and fails instead when C2P_REQUIRE_TOOLS=1 (as in CI), so that CI cannot pass with
  a validator silently missing. `require_file(path, what)` does the same for installed files that are
  not on PATH (provider binaries, the @cdktf/provider-aws .jsii).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("C2P_SHARED", REPO.parent / "shared")).resolve()
TOOLS_DIR = Path(os.environ.get("C2P_TOOLS_DIR", Path.home() / ".cache" / "c2p-tools"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files instead of comparing")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when the shared folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("C2P_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{path} is missing: the shared test data must be present in CI")
        pytest.skip(f"{path} is absent (the shared test data is not next to this checkout)")
    return path


def require_file(path: Path, what: str) -> Path:
    """A file `make tools` installs (a provider binary, derived data), or skip (fail when C2P_REQUIRE_TOOLS=1)."""
    if path.exists():
        return path
    message = f"{what} is not installed: {path} is missing (run `make tools`)"
    if os.environ.get("C2P_REQUIRE_TOOLS") == "1":
        pytest.fail(message + " — CI requires every validator")
    pytest.skip(message)


def require_tool(name: str) -> str:
    """Path of a real external tool, or skip with the reason (fail when C2P_REQUIRE_TOOLS=1)."""
    found = shutil.which(name, path=f"{TOOLS_DIR / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    if found:
        return found
    message = f"{name} is not installed (run `make tools`; it installs into {TOOLS_DIR})"
    if os.environ.get("C2P_REQUIRE_TOOLS") == "1":
        pytest.fail(message + " — CI requires every validator")
    pytest.skip(message)
