"""A kind: how it is recognised (declarative patterns) and what facts it extracts (a function)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from generator.classify.signals import Signals
from generator.errors import Location, parse_location
from generator.model import Service


@dataclass(frozen=True)
class Context:
    """What a facts function may need beyond the service itself."""

    working_dir: str
    locations: Mapping[str, str] = field(default_factory=dict)  # service → "file:line:column" (the loader's)

    def where(self, service: str) -> Location | None:
        """Where a service is defined, for a C2PError about a value in it."""
        return parse_location(self.locations.get(service))


@dataclass(frozen=True)
class Facts:
    versions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    facts: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[str, ...] = ()


FactsFn = Callable[[Service, Signals, Context], Facts]


def no_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    return Facts()


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # what people call it: "PostgreSQL"
    images: str  # regex, full match on the image's last path component ("postgres", "postgresql")
    namespaces: str | None = None  # regex, full match on the image namespace ("" = official), when the name is generic
    commands: str | None = None  # regex searched in entrypoint + command: the server binary
    clients: str | None = None  # regex searched in the command: client tools (psql, redis-cli): a conflict
    sidecars: str | None = None  # regex searched in the command: not this kind at all (vault agent)
    healthchecks: str | None = None  # regex searched in the healthcheck test
    env: str | None = None  # regex, full match on env var names only the server itself reads
    env_weight: float = 0.4
    ports: tuple[int, ...] = ()
    data_paths: tuple[str, ...] = ()  # mount targets (or their parents) that hold this kind's data
    default_port: int | None = None
    core: bool = False  # facts, plan and env overrides are fully supported
    family: str | None = None  # a specialisation of another kind (timescaledb of postgres)
    url_schemes: tuple[str, ...] = ()  # URL schemes consumers use to reach it
    # for `c2p kinds`: what a PLANNED target (generator/targets PLANNED) would use; a built target's mappings and
    # reasons come from its own registry (MAPPINGS, NOT_MAPPED), never from here
    targets: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    facts: FactsFn = no_facts


def first_version(tag: str | None, parts: int = 2) -> str | None:
    """`7.4-alpine` → "7.4", `16` → "16", `1.18.3` → "1.18.3" (parts=3); None for latest/alpine/…"""
    if not tag:
        return None
    # ASCII (\d would take '٧', which int() reads) and at most 9 digits a part: callers int() the parts, and
    # a 5,000-digit tag is past int()'s limit
    m = re.match(r"^v?([0-9]{1,9}(?:\.[0-9]{1,9})*)(?![0-9])", tag)
    if not m:
        return None
    return ".".join(m.group(1).split(".")[:parts])


def env_value(signals: Signals, *names: str) -> str | None:
    for name in names:
        value = signals.env.get(name)
        if value not in (None, ""):
            return value
    return None


def flag_value(argv: tuple[str, ...], flag: str) -> str | None:
    """`--appendonly yes` or `--appendonly=yes` → "yes"."""
    for i, word in enumerate(argv):
        if word == flag and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith(flag + "="):
            return word.split("=", 1)[1]
    return None
