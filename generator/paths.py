"""The one place that knows where c2p's templates and schemas live.

In a wheel they are packaged as generator/_data/{templates,schemas}; in a checkout (or an editable
install) they are the top-level folders next to the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"c2p installation is missing its {name}/ folder")


def package_dir() -> Path:
    """The generator package itself: mappings keep their templates beside their modules (render/jinja.py `beside`)."""
    return _PKG


def templates_dir() -> Path:
    return data_dir("templates")


def schemas_dir() -> Path:
    return data_dir("schemas")


def schema_path(name: str) -> Path:
    """`schema_path("plan")` → schemas/plan.schema.json."""
    return schemas_dir() / f"{name}.schema.json"
