"""Image references in any spelling (registry, registry port, path, `library/`, tag, digest), parsed once.

Every stage that looks inside an image string asks `parse_image` instead of splitting on ":" / "/" / "@" by hand
(a registry port, `localhost:5000/app`, is not a tag; a digest is not part of the tag). The grammar is Docker's
reference grammar (github.com/distribution/reference, reference.go): the first path component is a registry when
it has a "." or ":" or is "localhost"; the tag follows the last ":" of the last component; a digest follows "@".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LIBRARY_PREFIXES = ("library/", "docker/library/")
DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


@dataclass(frozen=True)
class ImageRef:
    raw: str
    registry: str | None
    path: str  # without registry and "library/", lowercase: "postgres", "bitnami/postgresql"
    tag: str | None
    digest: str | None
    written: str = ""  # the path as written (case and "library/" kept), without registry, tag and digest

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def namespace(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @property
    def repository(self) -> str:
        """Registry and path as written, without tag and digest: what Helm's image.repository takes."""
        return f"{self.registry}/{self.written}" if self.registry else self.written

    @property
    def repo(self) -> str:
        """The repository as people compare it: lowercase, Docker Hub's registry and `library/` dropped, another
        registry kept (`traefik`, `bitnami/redis`, `ghcr.io/immich-app/postgres`)."""
        if self.registry is None or self.registry.lower() in DOCKER_HUB:
            return self.path
        return f"{self.registry.lower()}/{self.path}"

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
    return ImageRef(raw=raw, registry=registry, path=path, tag=tag, digest=digest, written=rest)


def written_repository(image: str | None) -> str:
    """The image's registry and path as written, lowercase, without tag or digest ("" for none): what the app-image
    tables (plan/clients.py) search. A registry port is not a tag: `localhost:5000/ghost:5` → `localhost:5000/ghost`."""
    ref = parse_image(image)
    return ref.repository.lower() if ref else ""
