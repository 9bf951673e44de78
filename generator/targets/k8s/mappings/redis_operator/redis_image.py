"""Which Redis/Valkey server image runs on Kubernetes (plan stage, used by redis_decide.py): the verified opstree
tag for compose's Redis version (an older server cannot read a newer RDB), the official Valkey image for Valkey, and
how the chosen image's version relates to what compose ran (README and MIGRATION.md say exactly that).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from generator.targets.k8s import versions as V


def minor(version: str | None) -> tuple[int, int] | None:
    m = re.match(r"([0-9]{1,9})(?:\.([0-9]{1,9}))?", version or "")
    return (int(m.group(1)), int(m.group(2) or 0)) if m else None


def _precision(version: str | None) -> int:
    """How many numeric parts compose's tag names: 1 for `7-alpine` (floats within the major), 2 for `7.4`, 0 unpinned."""
    return len(version.split(".")) if minor(version) else 0


def _pick(version: str | None) -> tuple[int, int] | None:
    """The verified opstree minor for compose's version: a major-only tag floats to that major's newest release, so
    it maps to the newest known tag of that major; a minor (or patch) to that minor; else the nearest one above."""
    want, known = minor(version), sorted(V.OPSTREE_TAGS)
    if want is None:
        return None
    if _precision(version) == 1:
        same = [k for k in known if k[0] == want[0]]
        if same:
            return same[-1]
    newer = [k for k in known if k >= want]
    return newer[0] if newer else known[-1]


def redis_images(version: str | None) -> tuple[str, str, str, str | None]:
    """(image, sentinel image, reason, warning) for a Redis the compose file ran, from the verified opstree tags."""
    want, pick = minor(version), _pick(version)
    warn = None
    if pick is None:
        pick, why = V.OPSTREE_DEFAULT, "compose did not pin a Redis version; the newest 7.x tag the operator documents"
    elif pick < want:
        why = f"compose ran Redis {version}, newer than any verified quay.io/opstree/redis tag"
        warn = (f"compose ran Redis {version}, newer than the newest verified operator image "
                f"({V.OPSTREE_REDIS}:{V.OPSTREE_TAGS[pick][0]}): an older server may not read its RDB; "
                "set x-c2p k8s.image to a newer quay.io/opstree/redis tag you have checked exists")
    elif _precision(version) == 1 and pick[0] == want[0]:
        why = f"the newest verified tag of Redis {want[0]}, the major compose's tag floats on (an older server cannot read a newer RDB)"
        if V.REDIS_LAST_MINOR.get(want[0]) != pick:
            warn = (f"compose's tag names only Redis {want[0]}, which floats to its newest release; the newest verified "
                    f"operator image is {V.OPSTREE_REDIS}:{V.OPSTREE_TAGS[pick][0]}: check what compose runs "
                    "(`redis-server --version`) and, if newer, set x-c2p k8s.image to a tag at least as new")
    else:
        same = "the same minor as compose" if pick == want else f"the nearest verified tag at or above compose's {version}"
        why = f"{same} (an older server cannot read a newer RDB)"
    redis_tag, sentinel_tag = V.OPSTREE_TAGS[pick]
    return f"{V.OPSTREE_REDIS}:{redis_tag}", f"{V.OPSTREE_SENTINEL}:{sentinel_tag}", why, warn


def valkey_image(version: str | None) -> tuple[str, str, str, str]:
    tag = version or V.VALKEY_DEFAULT
    sentinel = f"{V.OPSTREE_SENTINEL}:{V.OPSTREE_TAGS[V.OPSTREE_DEFAULT][1]}"
    warn = (f"the redis-operator ships Redis images only (Valkey support is an open request, "
            f"OT-CONTAINER-KIT/redis-operator#1395); c2p runs the official {V.VALKEY_IMAGE}:{tag}, which the operator "
            "starts as `redis-server` with its own generated config (feature gate GenerateConfigInInitContainer) — a "
            "name Valkey keeps for compatibility. Test a failover before production, pin a patch release or digest, "
            "or set x-c2p k8s.image to an opstree Redis image.")
    why = "same engine and version as compose (Valkey keeps its RDB format); Sentinel from the operator's own image"
    return f"{V.VALKEY_IMAGE}:{tag}", sentinel, why, warn


def version_match(engine: str, version: str | None, image: str, options: Mapping[str, Any]) -> str:
    """How the target image's version relates to what compose ran: same | newer | older | unknown (compose's tag
    pins no version) | override (x-c2p k8s.image) | major (compose's tag names only a major whose last minor the
    image runs) | floating (only a major, still open: compose may run a newer minor). README and MIGRATION.md say
    exactly this, nothing stronger."""
    if "image" in options:
        return "override"
    want = minor(version)
    have = minor(image.rsplit(":", 1)[-1].lstrip("v"))
    if want is None or have is None:
        return "unknown"
    if engine == "redis" and _precision(version) == 1 and have[0] == want[0]:
        return "major" if V.REDIS_LAST_MINOR.get(want[0]) == have else "floating"
    return "same" if have == want else "newer" if have > want else "older"
