"""Score every kind against a service's signals; the best one above the threshold wins.

Each signal is Evidence with a weight; a kind's confidence is 1 - Π(1 - w) over its evidence (the
strongest piece per source). A specialisation (timescaledb of postgres) also counts its family's
evidence, but only when it has evidence of its own. Other kinds that also clear the bar, and client
tools run by a server image (a seed job on postgres:16 running psql), are reported as conflicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.classify.kinds import BY_NAME, KINDS
from generator.classify.kinds.base import Kind
from generator.classify.model import Evidence
from generator.classify.secrets import mask_text
from generator.classify.signals import Signals
from generator.classify.volumes import covers

_rx = cache(re.compile)  # the kinds' patterns, compiled once

THRESHOLD = 0.55
W_IMAGE, W_DOCKERFILE, W_COMMAND, W_HEALTH, W_VOLUME, W_PORT = 0.9, 0.85, 0.7, 0.5, 0.4, 0.2


@dataclass(frozen=True)
class Verdict:
    kind: str | None
    confidence: float
    evidence: tuple[Evidence, ...]
    conflicts: tuple[str, ...]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def own_evidence(kind: Kind, sig: Signals, secrets: frozenset[str]) -> list[Evidence]:
    ev: list[Evidence] = []
    for source, ref, weight, label in (
        ("image", sig.image, W_IMAGE, "image"),
        ("dockerfile", sig.built_from, W_DOCKERFILE, "Dockerfile FROM"),
    ):
        if ref is None or not _rx(kind.images).fullmatch(ref.name):
            continue
        if kind.namespaces is not None and not _rx(kind.namespaces).fullmatch(ref.namespace):
            continue
        ev.append(Evidence(source, f"{label} {ref.short()}", kind.name, weight))
    if kind.commands and sig.argv and _rx(kind.commands).search(sig.command_text):
        ev.append(Evidence("command", f"`{_short(mask_text(sig.command_text, secrets))}`", kind.name, W_COMMAND))
    if kind.healthchecks and sig.health and _rx(kind.healthchecks).search(sig.health):
        ev.append(Evidence("healthcheck", f"healthcheck `{_short(mask_text(sig.health, secrets), 40)}`", kind.name, W_HEALTH))
    if kind.env:
        env_rx = _rx(kind.env)
        names = sorted(n for n in sig.env if env_rx.fullmatch(n))
        if names:
            ev.append(Evidence("environment", "env " + ", ".join(names[:3]), kind.name, kind.env_weight))
    for mount in sig.mounts:
        if mount.type in ("volume", "bind") and any(covers(mount.target, p) for p in kind.data_paths):
            ev.append(Evidence("volume", f"data mounted at {mount.target}", kind.name, W_VOLUME))
            break
    ports = sorted(sig.ports & set(kind.ports))
    if ports:
        ev.append(Evidence("port", f"port {ports[0]}", kind.name, W_PORT))
    return ev


def confidence(evidence: list[Evidence] | tuple[Evidence, ...]) -> float:
    best: dict[str, float] = {}
    for e in evidence:
        best[e.source] = max(best.get(e.source, 0.0), e.weight)
    miss = 1.0
    for w in best.values():
        miss *= 1.0 - w
    return round(1.0 - miss, 2)


def recognise(sig: Signals, secrets: frozenset[str] = frozenset()) -> Verdict:
    own = {k.name: own_evidence(k, sig, secrets) for k in KINDS}
    scored: list[tuple[float, int, Kind, list[Evidence]]] = []
    for order, kind in enumerate(KINDS):
        ev = list(own[kind.name])
        if kind.family:
            if not any(e.source not in ("volume", "port") for e in ev):
                continue  # a specialisation needs a signal of its own, not just its family's paths and ports
            seen = {(e.source, e.detail) for e in ev}
            ev += [Evidence(e.source, e.detail, kind.name, e.weight) for e in own[kind.family]
                   if (e.source, e.detail) not in seen]
        if ev:
            scored.append((confidence(ev), -order, kind, ev))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    if not scored or scored[0][0] < THRESHOLD:
        return Verdict(None, scored[0][0] if scored else 0.0, (), ())
    score, _, winner, ev = scored[0]
    related = {winner.name, winner.family} - {None} | {k.name for k in KINDS if k.family == winner.name}
    conflicts = [
        f"also looks like {other.name} ({'; '.join(e.detail for e in oev[:2])})"
        for s, _, other, oev in scored[1:]
        if s >= THRESHOLD and other.name not in related and (other.family or other.name) not in related
    ]
    family = BY_NAME.get(winner.family) if winner.family else None
    for kind in filter(None, (winner, family)):
        if kind.clients and _rx(kind.clients).search(sig.command_text):
            conflicts.append(
                f"the command runs a {kind.label} client (`{_short(mask_text(sig.command_text, secrets), 40)}`): "
                "this may be a job using the image's tools rather than a server"
            )
            break
    return Verdict(winner.name, score, tuple(ev), tuple(conflicts))
