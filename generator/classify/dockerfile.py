"""The base image of a locally built service: the FROM line of its Dockerfile (evidence, not truth)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.reader import read_user_text
from generator.model import Build

_FROM = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$", re.IGNORECASE)
_ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$", re.IGNORECASE)
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?")


def dockerfile_text(build: Build) -> str | None:
    if build.dockerfile_inline:
        return build.dockerfile_inline
    if "://" in build.context or build.context.startswith("git@"):
        return None
    path = Path(build.context) / (build.dockerfile or "Dockerfile")
    if not path.exists() or path.is_dir():  # evidence only: a missing Dockerfile is not an error here
        return None
    # a FIFO, a device or a huge file is refused (one line), never read: it would block or never end
    return read_user_text(path, "Dockerfile", lenient=True)


def base_image(build: Build) -> str | None:
    """The image the built stage starts from, following stage aliases and ARG defaults."""
    text = dockerfile_text(build)
    if text is None:
        return None
    # an empty build arg (BASE_IMAGE: "${X:-}") leaves the ARG default in place: FROM "" is never meant
    args: dict[str, str] = {k: v for k, v in build.args.items() if v}
    stages: dict[str, str] = {}
    current: str | None = None
    wanted = build.target
    for line in text.replace("\\\n", " ").splitlines():
        m = _ARG.match(line)
        if m and current is None:
            args.setdefault(m.group(1), m.group(2) or "")
            continue
        m = _FROM.match(line)
        if not m:
            continue
        image = _VAR.sub(lambda v: args.get(v.group(1), v.group(2) or ""), m.group(1))
        current = stages.get(image.lower(), image)
        if m.group(2):
            stages[m.group(2).lower()] = current
            if wanted and m.group(2).lower() == wanted.lower():
                return current
    return current
