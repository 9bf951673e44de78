"""Image references in any spelling: registry, path, tag, digest."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIBRARY_PREFIXES = ("library/", "docker/library/")


@dataclass(frozen=True)
class ImageRef:
    raw: str
    registry: str | None
    path: str  # without registry and "library/": "postgres", "bitnami/postgresql"
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def namespace(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    def short(self) -> str:
        """`namespace/name:tag` without registry, as people say it."""
        text = self.path
        if self.tag:
            text += f":{self.tag}"
        elif self.digest:
            text += "@" + self.digest[:19]
        return text


def parse_image(ref: str | None) -> ImageRef | None:
    if not ref or not ref.strip():
        return None
    raw = ref.strip()
    rest, digest = (raw.split("@", 1) + [None])[:2] if "@" in raw else (raw, None)
    registry = None
    first, sep, remainder = rest.partition("/")
    if sep and (("." in first) or (":" in first) or first == "localhost"):
        registry, rest = first, remainder
    tag = None
    m = re.match(r"^(.*?):([^/:]+)$", rest)
    if m:
        rest, tag = m.group(1), m.group(2)
    path = rest.lower()
    for prefix in _LIBRARY_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix):]
    return ImageRef(raw=raw, registry=registry, path=path, tag=tag, digest=digest)
