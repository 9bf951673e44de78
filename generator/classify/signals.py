"""Everything about one service that can say what it is, gathered once."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Mapping

from generator.classify.dockerfile import base_image
from generator.imageref import ImageRef, parse_image
from generator.model import Mount, Service
from generator.numbers import ascii_uint

_SHELLS = {"sh", "/bin/sh", "bash", "/bin/bash", "/usr/bin/bash", "ash", "/bin/ash", "dash", "/usr/bin/env"}
_C_FLAG = re.compile(r"^-[eilnuvx]*c[eilnuvx]*$")  # -c, -ec, -euc, -xc: the next word is a script


@dataclass(frozen=True)
class Signals:
    image: ImageRef | None
    built_from: ImageRef | None  # FROM of a local Dockerfile
    argv: tuple[str, ...]  # entrypoint + command, `sh -c "…"` split into words
    env: Mapping[str, str | None]
    ports: frozenset[int]  # container ports (ports + expose)
    mounts: tuple[Mount, ...]
    health: str  # the healthcheck test as one string
    command_text: str = ""  # argv as one string
    script: bool = False  # the command is a shell script (`sh -c "…"`), not the image's own program


def _words(parts: tuple[str, ...] | None) -> tuple[list[str], bool]:
    """The words of entrypoint + command with `sh -c "script"` split open, and whether there was a script."""
    words: list[str] = []
    script = False
    parts = tuple(parts or ())
    i = 0
    while i < len(parts):
        word = parts[i]
        if word in _SHELLS and i + 2 < len(parts) and _C_FLAG.match(parts[i + 1]):
            words.extend(_split(parts[i + 2]))
            script, i = True, i + 3
            continue
        if _C_FLAG.match(word) and i + 1 < len(parts) and (i == 0 or parts[i - 1] in _SHELLS):
            words.extend(_split(parts[i + 1]))
            script, i = True, i + 2
            continue
        words.append(word)
        i += 1
    return words, script


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text.replace("$$", "$"))
    except ValueError:
        return text.split()


def _ports(service: Service) -> frozenset[int]:
    found = {p.target for p in service.ports}
    for item in service.expose:
        head = ascii_uint(str(item).split("/")[0].split("-")[0])  # '²'.isdigit() is true, int('²') fails
        if head is not None:
            found.add(head)
    return frozenset(found)


def gather(service: Service) -> Signals:
    built = base_image(service.build) if service.build is not None else None
    health = ""
    if service.healthcheck is not None and not service.healthcheck.disable:
        health = " ".join(t for t in service.healthcheck.test if t not in ("CMD", "CMD-SHELL", "NONE"))
    words, script = _words(tuple(service.entrypoint or ()) + tuple(service.command or ()))
    argv = tuple(words)
    return Signals(
        image=parse_image(service.image),
        built_from=parse_image(built),
        argv=argv,
        command_text=" ".join(argv),
        script=script,
        env=service.environment,
        ports=_ports(service),
        mounts=service.volumes,
        health=health,
    )
