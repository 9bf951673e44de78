"""Which files, which environment, which project name — decided as Docker Compose decides them."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

from generator.errors import C2PError, Location
from generator.load.dotenv import read_env_file

# As compose-go searches them (docker-compose.yml before .yaml), then c2p's own example name.
DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "docker-compose.v2.yml")
# Loaded after the file found by the search, when one sits next to it (first match wins).
OVERRIDE_FILES = ("compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
                  "docker-compose.override.yaml")


def find_files(files: tuple[str, ...], environ: Mapping[str, str], cwd: str) -> list[Path]:
    """-f files; else COMPOSE_FILE (from the environment, or the .env of the working directory); else the
    first default name found in the working directory or a parent, plus its override file."""
    if not files:
        settings = _compose_settings(environ, cwd)
        if settings.get("COMPOSE_FILE"):
            sep = settings.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
            files = tuple(f for f in settings["COMPOSE_FILE"].split(sep) if f)
    if files:
        return [Path(os.path.normpath(os.path.join(cwd, f))) for f in files]
    directory = Path(cwd)
    while True:
        for name in DEFAULT_FILES:
            candidate = directory / name
            if candidate.is_file():
                override = next((directory / o for o in OVERRIDE_FILES if (directory / o).is_file()), None)
                return [candidate] + ([override] if override else [])
        if directory.parent == directory:
            break
        directory = directory.parent
    raise C2PError(
        f"no compose file found in {cwd} or its parents", None,
        f"looked for {', '.join(DEFAULT_FILES)}; pass one with -f",
    )


def _compose_settings(environ: Mapping[str, str], cwd: str) -> Mapping[str, str]:
    """COMPOSE_FILE and COMPOSE_PATH_SEPARATOR: the process environment wins over the working directory's .env."""
    if environ.get("COMPOSE_FILE"):
        return environ
    dot = Path(cwd) / ".env"
    if not dot.exists() or dot.is_dir():  # a FIFO or device named .env is read, and refused, by the bounded reader
        return environ
    return {**read_env_file(dot, environ, what="env file"), **environ}


def project_environment(
    project_dir: Path, env_files: tuple[str, ...], environ: Mapping[str, str], cwd: str
) -> dict[str, str]:
    """The variables for interpolation: the .env file (or each --env-file), then the process
    environment, which wins."""
    values: dict[str, str] = {}
    if env_files:
        for f in env_files:
            path = Path(os.path.join(cwd, f))
            values.update(read_env_file(path, {**environ, **values}, what="env file"))
    else:
        dot = project_dir / ".env"
        if dot.is_dir():
            raise C2PError("is a directory, not an env file", Location(str(dot)))
        if dot.exists():  # a FIFO or a device too: the bounded reader refuses it rather than skipping it
            values.update(read_env_file(dot, environ, what="env file"))
    values.update(environ)
    return values


_INVALID = re.compile(r"[^a-z0-9_-]")


def normalize_name(name: str) -> str:
    """Compose's rule: lower case, only a-z 0-9 _ -, starting with a letter or digit."""
    return _INVALID.sub("", name.lower()).lstrip("_-")


def project_name(explicit: str | None, env: Mapping[str, str], project_dir: Path, where: Location | None) -> str:
    if env.get("COMPOSE_PROJECT_NAME"):
        return _checked(env["COMPOSE_PROJECT_NAME"], "COMPOSE_PROJECT_NAME", None)
    if explicit is not None:  # the top-level `name:` is normalized, as Compose does
        name = normalize_name(str(explicit))
        if not name:
            raise C2PError(f"name: {explicit!r} is not a valid project name", where,
                           "use lower-case letters, digits, dashes and underscores")
        return name
    name = normalize_name(project_dir.name)
    if not name:
        raise C2PError(f"cannot derive a project name from the folder {project_dir.name!r}", None,
                       "set a top-level `name:` or COMPOSE_PROJECT_NAME")
    return name


def _checked(name: str, what: str, where: Location | None) -> str:
    if normalize_name(name) != name or not name:
        raise C2PError(
            f"{what}: {name!r} is not a valid project name", where,
            "use lower-case letters, digits, dashes and underscores, starting with a letter or digit",
        )
    return name


def active_profiles(profiles: tuple[str, ...], env: Mapping[str, str]) -> frozenset[str]:
    if profiles:
        return frozenset(p for arg in profiles for p in arg.split(",") if p)
    return frozenset(p.strip() for p in env.get("COMPOSE_PROFILES", "").split(",") if p.strip())
