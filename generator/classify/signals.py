"""Everything about one service that can say what it is, gathered once."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Mapping

from generator.classify.dockerfile import base_image
from generator.classify.image import ImageRef, parse_image
from generator.model import Mount, Service

_SHELLS = {"sh", "/bin/sh", "bash", "/bin/bash", "/usr/bin/env"}


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


def _words(parts: tuple[str, ...] | None) -> list[str]:
    words: list[str] = []
    parts = tuple(parts or ())
    i = 0
    while i < len(parts):
        word = parts[i]
        if word in _SHELLS and i + 2 < len(parts) and parts[i + 1] == "-c":
            words.extend(_split(parts[i + 2]))
            i += 3
            continue
        if word == "-c" and i + 1 < len(parts) and (i == 0 or parts[i - 1] in _SHELLS):
            words.extend(_split(parts[i + 1]))
            i += 2
            continue
        words.append(word)
        i += 1
    return words


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text.replace("$$", "$"))
    except ValueError:
        return text.split()


def _ports(service: Service) -> frozenset[int]:
    found = {p.target for p in service.ports}
    for item in service.expose:
        head = str(item).split("/")[0].split("-")[0]
        if head.isdigit():
            found.add(int(head))
    return frozenset(found)


def gather(service: Service) -> Signals:
    built = base_image(service.build) if service.build is not None else None
    health = ""
    if service.healthcheck is not None and not service.healthcheck.disable:
        health = " ".join(t for t in service.healthcheck.test if t not in ("CMD", "CMD-SHELL", "NONE"))
    argv = tuple(_words(tuple(service.entrypoint or ()) + tuple(service.command or ())))
    return Signals(
        image=parse_image(service.image),
        built_from=parse_image(built),
        argv=argv,
        command_text=" ".join(argv),
        env=service.environment,
        ports=_ports(service),
        mounts=service.volumes,
        health=health,
    )
