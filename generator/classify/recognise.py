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
W_IMAGE_WORD = 0.7  # the kind's name is one word of a longer image name (goharbor/redis-photon)
# Words in an image name that make it a tool around a server, not the server (postgres-exporter, kafka-ui).
TOOL_WORDS = frozenset(
    "exporter exporters commander insight admin ui web webui gui cli client tools tool backup backups dump restore "
    "operator agent injector proxy gateway browser manager console dashboard dashboards express connect rest "
    "registry sentinel keeper curator router monitor metrics init migrate migrations setup seed tune bouncer "
    "pool pooler sync replicator viewer studio explorer shell hq head meta api exporter beat".split()
)
# A shell script that mentions one of these may hand over to the image's own entrypoint (and so its server).
_HANDS_OVER = re.compile(r"entrypoint|run\.sh|/docker/run\b|start[-_][\w-]+\.sh|exec\s+\"?\$(@|\{@\})")


@dataclass(frozen=True)
class Verdict:
    kind: str | None
    confidence: float
    evidence: tuple[Evidence, ...]
    conflicts: tuple[str, ...]
    job: str | None = None  # why this service only uses the kind's image for a one-off job (runs_something_else)
    named_only: bool = False  # the image is only named after the kind (goharbor/redis-photon): its tag is not the kind's version


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def own_evidence(kind: Kind, sig: Signals, secrets: frozenset[str]) -> list[Evidence]:
    ev: list[Evidence] = []
    if kind.sidecars and sig.argv and _rx(kind.sidecars).search(sig.command_text):
        return ev  # e.g. `vault agent` on the vault image: a client sidecar, not a server
    for source, ref, weight, label in (
        ("image", sig.image, W_IMAGE, "image"),
        ("dockerfile", sig.built_from, W_DOCKERFILE, "Dockerfile FROM"),
    ):
        if ref is None:
            continue
        if kind.namespaces is not None and not _rx(kind.namespaces).fullmatch(ref.namespace):
            continue
        if _rx(kind.images).fullmatch(ref.name):
            ev.append(Evidence(source, f"{label} {ref.short()}", kind.name, weight))
        elif kind.namespaces is None and _named_in(kind, ref.name):
            ev.append(Evidence(source, f"{label} {ref.short()} (named after {kind.label})", kind.name,
                               min(weight, W_IMAGE_WORD)))
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


def _named_in(kind: Kind, name: str) -> bool:
    """`redis-photon`, `zulip-postgresql`, `kafka-container`: one word is the kind, none is a tool word, and
    no word names another kind (percona-server-mongodb: Percona makes MySQL and MongoDB servers)."""
    if _word_families(name) != {kind.family or kind.name}:
        return False
    return any(_rx(kind.images).fullmatch(w) for w in re.split(r"[-_.]", name))


@cache
def _word_families(name: str) -> frozenset[str]:
    words = [w for w in re.split(r"[-_.]", name) if w]
    if len(words) < 2 or any(w in TOOL_WORDS for w in words):
        return frozenset()
    return frozenset(k.family or k.name for k in KINDS if any(_rx(k.images).fullmatch(w) for w in words))


def runs_something_else(kind: Kind, sig: Signals) -> str | None:
    """Why a service on this kind's image is a job using the image's tools, not the server: its command
    runs the kind's client (psql, redis-cli, mongosh) or a shell script, and never starts the server."""
    if not sig.argv or not kind.commands:
        return None
    text = sig.command_text
    if _rx(kind.commands).search(text) or (sig.script and _HANDS_OVER.search(text)):
        return None
    if kind.clients and _rx(kind.clients).search(text):
        return f"its command runs a {kind.label} client"
    if sig.script:
        return f"its command is a shell script that does not start {kind.label}"
    return None


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
    family = BY_NAME.get(winner.family) if winner.family else None
    why = runs_something_else(winner, sig) or (runs_something_else(family, sig) if family else None)
    if why and not any(e.source == "command" for e in ev):
        note = (f"runs on a {winner.label} image but {why} (`{_short(mask_text(sig.command_text, secrets), 40)}`): "
                "a job using the image's tools, not a server")
        return Verdict(winner.name, score, tuple(ev), (note,), job=note)
    related = {winner.name, winner.family} - {None} | {k.name for k in KINDS if k.family == winner.name}
    conflicts = [
        f"also looks like {other.name} ({'; '.join(e.detail for e in oev[:2])})"
        for s, _, other, oev in scored[1:]
        if s >= THRESHOLD and other.name not in related and (other.family or other.name) not in related
    ]
    for kind in filter(None, (winner, family)):
        if kind.clients and _rx(kind.clients).search(sig.command_text):
            conflicts.append(
                f"the command runs a {kind.label} client (`{_short(mask_text(sig.command_text, secrets), 40)}`): "
                "this may be a job using the image's tools rather than a server"
            )
            break
    images = [e for e in ev if e.source in ("image", "dockerfile")]
    named_only = bool(images) and all(e.weight <= W_IMAGE_WORD for e in images)
    return Verdict(winner.name, score, tuple(ev), tuple(conflicts), named_only=named_only)
