"""Who reaches a service, from the other services' environment and commands (review 2026-12-k8s #8), found in the
plan stage over every compose service so a target needs only the App: the names a service is reached by, the
`host:port` mentions of those names (the port a consumer uses), and the services whose environment names it.
Only names, ports and variable names are kept, never a value (a URL may hold a password)."""

from __future__ import annotations

import re

from generator.model import ComposeProject, Service

# host:port in a URL, an address list or a command (http://search:7700, api:8080, --broker=mq:5672)
HOST_PORT = re.compile(r"(?:^|[/@\s,=;(])([A-Za-z0-9][-A-Za-z0-9_.]*):([0-9]{2,5})(?![\w.-])")


def names_of(svc: Service) -> tuple[str, ...]:
    """The names other services reach it by: its own, its container_name, its network aliases; sorted."""
    names = {svc.name, svc.container_name or svc.name}
    names |= {a for att in svc.networks.values() if att for a in att.aliases}
    return tuple(sorted(names))


def _index(project: ComposeProject) -> dict[str, list[tuple[int, str, str]]]:
    """host → (port, service, env var or "command") for every host:port the services' env and commands name."""
    index: dict[str, list[tuple[int, str, str]]] = {}
    for svc in sorted(project.services.values(), key=lambda s: s.name):
        texts = [(k, v) for k, v in sorted(svc.environment.items()) if v] + \
            [("command", " ".join(svc.command or ())), ("entrypoint", " ".join(svc.entrypoint or ()))]
        for key, text in texts:
            for m in HOST_PORT.finditer(text):
                index.setdefault(m.group(1), []).append((int(m.group(2)), svc.name, key))
    return index


def reached_on(names: tuple[str, ...], index: dict[str, list[tuple[int, str, str]]]) -> tuple[tuple[int, str, str], ...]:
    """(port, service, key) of every mention of one of `names` as host:port, names in sorted order."""
    return tuple(entry for host in names for entry in index.get(host, ()))


def named_by(names: tuple[str, ...], project: ComposeProject) -> tuple[str, ...]:
    """The services whose environment values name one of `names` as a word (a host in a URL, an address)."""
    word = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    return tuple(sorted(n for n, s in project.services.items()
                        if any(v and word.search(str(v)) for v in s.environment.values())))


class Peers:
    """The project's host:port index, built once per plan."""

    def __init__(self, project: ComposeProject):
        self.project = project
        self._index: dict[str, list[tuple[int, str, str]]] | None = None

    def facts(self, svc: Service) -> dict:
        if self._index is None:
            self._index = _index(self.project)
        names = names_of(svc)
        return {"names": names, "reached_on": reached_on(names, self._index),
                "named_by": named_by(names, self.project)}
