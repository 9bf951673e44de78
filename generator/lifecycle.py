"""Version facts as data, each with its source and the date it was read: what the floating tags of the official
images run, and when each PostgreSQL major reaches its community end of life.

One table each, read by classify (a floating tag → the version it runs today) and by every target (the major it
chooses, and the end-of-life warning). Updating a fact is a one-row change here (plus the golden trees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.imageref import ImageRef

_HUB = (None, "docker.io", "index.docker.io", "registry-1.docker.io")
# Tags of an official image that name no version: they follow the newest release (docker-library's
# generate-stackbrew-library.sh gives the newest major the aliases `latest`, the bare variant and the bare OS names).
_FLOATING_TAG = re.compile(r"latest|alpine(?:[0-9.]+)?|trixie|bookworm|bullseye")


@dataclass(frozen=True)
class FloatingTag:
    image: str  # the Docker Hub repository, as ImageRef.path spells it
    engine: str  # the versions key it fills (classify): postgres | redis
    version: str  # what the floating tags ran on `checked`
    checked: str  # ISO date the source was read
    source: str


FLOATING = (
    # `latest`/`alpine`/`trixie`/`bookworm` → 18 since 2025-09-25, PostgreSQL 18.0's release day (docker-library/docs
    # 32d9b69b4); still 18.6 on 2026-08-18 (4d7ff2da4), with 19 at beta 3. PostgreSQL 19's GA was planned for
    # October 2026 (postgresql.org/developer/roadmap): when docker-library moves `latest` to 19, change this row.
    FloatingTag("postgres", "postgres", "18", "2026-08-18",
                "docker-library/docs postgres/README.md at 4d7ff2da4: `18.6, 18, latest`, `18.6-alpine, …, alpine`"),
    # `latest`/`alpine` → 8.10.1 on 2026-08-18 (same commit).
    FloatingTag("redis", "redis", "8.10", "2026-08-18",
                "docker-library/docs redis/README.md at 4d7ff2da4: `8.10.1, 8.10, 8, …, latest`, `8.10.1-alpine, …, alpine`"),
)


def floating(ref: ImageRef | None, engine: str) -> FloatingTag | None:
    """The table row when `ref` is an official image's floating tag (no tag, `latest`, `alpine`, an OS name), else
    None. A digest pins an unknown build and a third-party image's `latest` is not in the table: both stay unknown."""
    if ref is None or ref.registry not in _HUB or ref.digest:
        return None
    if ref.tag is not None and not _FLOATING_TAG.fullmatch(ref.tag):
        return None
    return next((f for f in FLOATING if f.image == ref.path and f.engine == engine), None)


def floating_text(ref: str, version: str, checked: str) -> str:
    """The words README, the plan and the warnings share: floating tag `postgres` → 18 (latest on <date>)."""
    return f"floating tag `{ref}` → {version} (latest on {checked})"


# PostgreSQL community end of life per major: the last minor release, 5 years after the first
# (postgresql.org/support/versioning, "Releases"; 13-18 as tabled in cloudnative-pg/postgres-containers README at
# a949ae58, 2026-08-20; 9.6-12 the final releases' dates).
PG_EOL = {
    "9.6": "2021-11-11", "10": "2022-11-10", "11": "2023-11-09", "12": "2024-11-21", "13": "2025-11-13",
    "14": "2026-11-12", "15": "2027-11-11", "16": "2028-11-09", "17": "2029-11-08", "18": "2030-11-14",
}
PG_EOL_SOURCE = "postgresql.org/support/versioning"
# The date the tables were last reviewed: "past end of life" is judged against it, not the clock, so the output
# of one compose file stays the same from day to day. Review the tables and move it forward together.
AS_OF = "2026-12-07"


def pg_eol(major: str | None) -> str | None:
    """The end-of-life date of a major that is past it on AS_OF, else None."""
    date = PG_EOL.get(str(major or ""))
    return date if date and date <= AS_OF else None


def pg_key(major: str) -> tuple[int, ...]:
    """`9.6` → (9, 6), `18` → (18,): majors in order."""
    return tuple(int(p) for p in major.split(".") if p.isdigit())


def pick_major(given: str | None, offered: tuple[str, ...]) -> tuple[str, str]:
    """The major a target runs for compose's `given` one, and how they relate: same | unknown (compose's tag names
    none) | upgrade (compose's is older than any the target offers) | downgrade (newer than any it offers: a dump
    does not restore into it, pg_dump/pg_restore only move data to the same or a newer major). Never silently lower."""
    newest = max(offered, key=pg_key)
    given = str(given or "")
    given = ".".join(given.split(".")[:2]) if given.startswith("9.") else given.split(".")[0]  # `16.4` → 16, 9.6 stays
    if given in offered:
        return given, "same"
    if not given or not pg_key(given):
        return newest, "unknown"
    return newest, "downgrade" if pg_key(given) > pg_key(newest) else "upgrade"


def downgrade_warning(name: str, given: str, major: str, where: str, fix: str) -> str:
    return (f"{name}: PostgreSQL VERSION DOWNGRADE: compose runs PostgreSQL {given}, {where} offers at most {major}. "
            f"A dump from {given} does not restore into {major} (pg_dump/pg_restore move data only to the same or a "
            f"newer major): pin compose to `postgres:{major}` and move the data there first, or {fix}")


def eol_warning(name: str, major: str, upgrade: str, kept: bool = True) -> str | None:
    """The loud warning for a major past its community end of life, with the target's upgrade path (`kept`: the
    target runs that major too, else `upgrade` says what it runs instead); None for a supported major."""
    date = pg_eol(major)
    if not date:
        return None
    return (f"{name}: POSTGRESQL {major} IS PAST ITS END OF LIFE ({date}, {PG_EOL_SOURCE}): no more security or bug "
            "fixes. " + (f"The target keeps {major} so that compose's dump restores as it is; upgrade right after the "
                         f"move: {upgrade}" if kept else upgrade))
