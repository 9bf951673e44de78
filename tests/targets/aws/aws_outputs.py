"""Every aws output the tests can make, rendered fresh from the current code: the golden cases, the shared corpus
and the realworld fixtures (name → a function returning the rendered tree, or None when the target refuses)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from tests.conftest import SHARED

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cases"


def _render(project, classification) -> dict[str, str] | None:
    from generator.errors import C2PError
    from generator.plan import build_plan
    from generator.render import render

    try:
        return render(build_plan(project, classification, "aws"))
    except C2PError:
        return None


def _golden(case: str) -> Callable[[], dict[str, str] | None]:
    def make():
        from generator.classify import classify
        from generator.load import load_project

        root = GOLDEN / case
        args_file = root / "args.json"
        args = json.loads(args_file.read_text()) if args_file.is_file() else {}
        project = load_project(files=(str(root / "compose.yaml"),), profiles=tuple(args.get("profiles", ())),
                               env_files=(), environ=args.get("env", {}))
        config = args.get("config")
        return _render(project, classify(project, config_file=str(root / config) if config else None))
    return make


def _corpus(case: str) -> Callable[[], dict[str, str] | None]:
    def make():
        from generator.classify import classify
        from tests.realworld.test_pipeline import _corpus_project

        project = _corpus_project(case)
        return _render(project, classify(project))
    return make


def _realworld(case: str) -> Callable[[], dict[str, str] | None]:
    def make():
        from generator.classify import classify
        from tests.realworld.cases import load

        project = load(case)
        return _render(project, classify(project))
    return make


def golden_cases() -> dict[str, Callable]:
    names = sorted(p.name for p in GOLDEN.iterdir() if (p / "compose.yaml").is_file()) if GOLDEN.is_dir() else []
    return {f"golden/{n}": _golden(n) for n in names}


def all_cases() -> dict[str, Callable]:
    from tests.realworld.cases import CASES

    corpus = sorted(p.name for p in (SHARED / "corpus").iterdir() if (p / "case.json").is_file()) \
        if (SHARED / "corpus").is_dir() else []
    return {**golden_cases(), **{f"corpus/{c}": _corpus(c) for c in corpus},
            **{f"realworld/{c}": _realworld(c) for c in CASES}}


def terraform_dir(tmp: Path, tree: dict[str, str] | None) -> Path | None:
    """Write the tree under tmp; its terraform/ folder, or None when no .tf was generated."""
    if not tree or not any(p.startswith("terraform/") and p.endswith(".tf") for p in tree):
        return None
    for rel, text in tree.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text, encoding="utf-8")
    return tmp / "terraform"
