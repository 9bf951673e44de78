"""Version facts as data, each with its source and the date it was read: what the floating tags of the official
images run, and when each PostgreSQL major reaches its community end of life.

One table each, read by classify (a floating tag → the version it runs today) and by every target (the major it
chooses, and the end-of-life warning). Updating a fact is a one-row change here (plus the golden trees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.classify.image import ImageRef

_HUB = (None, "docker.io", "index.docker.io", "registry-1.docker.io")
# Tags of an official image that name no version: they follow the newest release (docker-library's
# generate-stackbrew-library.sh gives the newest major the aliases `latest`, the bare variant and the bare OS names).
_FLOATING_TAG = re.compile(r"latest|alpine(?:[0-9.]+)?|trixie|bookworm|bullseye")


@dataclass(frozen=True)
class FloatingTag:
    image: str  # the Docker Hub repository, as ImageRef.path spells it
    engine: str  # the versions key it fills (classify): postgres | redis | mysql | mariadb
    version: str  # what the floating tags ran on `checked`
    checked: str  # ISO date the source was read
    source: str
    # the tags this row covers (full match; no tag = `latest`); None: the generic floating tags (_FLOATING_TAG). MySQL
    # and MariaDB also move major-only tags (`mysql:8` → 8.4, `mariadb:11` → 11.8) and their own aliases (`lts`).
    tags: str | None = None


FLOATING = (
    # `latest`/`alpine`/`trixie`/`bookworm` → 18 since 2025-09-25, PostgreSQL 18.0's release day (docker-library/docs
    # 32d9b69b4); still 18.6 on 2026-08-18 (4d7ff2da4), with 19 at beta 3. PostgreSQL 19's GA was planned for
    # October 2026 (postgresql.org/developer/roadmap): when docker-library moves `latest` to 19, change this row.
    FloatingTag("postgres", "postgres", "18", "2026-08-18",
                "docker-library/docs postgres/README.md at 4d7ff2da4: `18.6, 18, latest`, `18.6-alpine, …, alpine`"),
    # `latest`/`alpine` → 8.10.1 on 2026-08-18 (same commit).
    FloatingTag("redis", "redis", "8.10", "2026-08-18",
                "docker-library/docs redis/README.md at 4d7ff2da4: `8.10.1, 8.10, 8, …, latest`, `8.10.1-alpine, …, alpine`"),
    # MySQL (docker-library/official-images library/mysql at c0fa14df6b, 2026-07-27, unchanged at 37079fb33 on
    # 2026-08-21): `latest`/`innovation`/`oracle` and `26` → 26.7 (the innovation track), `lts` and `9` → 9.7 (the LTS
    # after 8.4), `8` → 8.4. MySQL's own release model: dev.mysql.com/doc/refman/8.4/en/mysql-releases.html.
    FloatingTag("mysql", "mysql", "26.7", "2026-07-27",
                "docker-library/official-images library/mysql at c0fa14df6b: `26.7.0, 26.7, 26, innovation, latest`",
                tags=r"latest|innovation|oracle|oraclelinux9|innovation-oracle(?:linux9)?|26(?:-oracle(?:linux9)?)?"),
    FloatingTag("mysql", "mysql", "9.7", "2026-07-27",
                "docker-library/official-images library/mysql at c0fa14df6b: `9.7.2, 9.7, 9, lts`",
                tags=r"lts(?:-oracle(?:linux9)?)?|9(?:-oracle(?:linux9)?)?"),
    FloatingTag("mysql", "mysql", "8.4", "2026-07-27",
                "docker-library/official-images library/mysql at c0fa14df6b: `8.4.11, 8.4, 8`",
                tags=r"8(?:-oracle(?:linux9)?)?"),
    # MariaDB (library/mariadb at 8b7008c2fe, 2026-06-01, the last change of these aliases; unchanged at 37079fb33 on
    # 2026-08-21): `latest`/`lts`/`noble`/`12` → 12.3 (an LTS), `11` → 11.8, `10` → 10.11.
    FloatingTag("mariadb", "mariadb", "12.3", "2026-06-01",
                "docker-library/official-images library/mariadb at 8b7008c2fe: `12.3.2, 12.3, 12, latest, lts`",
                tags=r"latest|lts|noble|ubi|ubi10|lts-(?:noble|ubi|ubi10)|12(?:-(?:noble|ubi|ubi10))?"),
    FloatingTag("mariadb", "mariadb", "11.8", "2026-06-01",
                "docker-library/official-images library/mariadb at 8b7008c2fe: `11.8.8, 11.8, 11`",
                tags=r"11(?:-(?:noble|ubi|ubi9))?"),
    FloatingTag("mariadb", "mariadb", "10.11", "2026-06-01",
                "docker-library/official-images library/mariadb at 8b7008c2fe: `10.11.18, 10.11, 10`",
                tags=r"10(?:-(?:jammy|ubi|ubi9))?"),
)


def floating(ref: ImageRef | None, engine: str) -> FloatingTag | None:
    """The table row when `ref` is an official image's floating tag (no tag, `latest`, `alpine`, an OS name), else
    None. A digest pins an unknown build and a third-party image's `latest` is not in the table: both stay unknown."""
    if ref is None or ref.registry not in _HUB or ref.digest:
        return None
    for row in (f for f in FLOATING if f.image == ref.path and f.engine == engine):
        if ref.tag is None and (row.tags is None or re.fullmatch(row.tags, "latest")):
            return row
        if ref.tag is not None and re.fullmatch(row.tags or _FLOATING_TAG, ref.tag):
            return row
    return None


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


# MySQL and MariaDB community end of life per major.minor (endoflife.date, read 2026-12-07: api/mysql.json and
# api/v1/products/mysql — its "eol" column is the end of Oracle's Extended Support for an LTS, the next release's
# day for an innovation release; 5.7 and 8.0 as endoflife.ai/article-mysql-eol tables them; api/mariadb.json and
# MySQLTuner-perl's mariadb_support.md (generated from it) — "Community support"). MySQL 8.4 LTS and 9.7 LTS, MariaDB 10.11,
# 11.4, 11.8 and 12.3 LTS are the long-lived ones; MySQL innovation releases (8.1-8.3, 9.0-9.6) live one quarter.
MYSQL_EOL = {
    "5.7": "2023-10-31", "8.0": "2026-04-30", "8.1": "2023-10-25", "8.2": "2023-12-14", "8.3": "2024-04-10",
    "8.4": "2032-04-30", "9.0": "2024-10-15", "9.1": "2025-01-21", "9.2": "2025-04-15", "9.3": "2025-07-22",
    "9.4": "2025-10-21", "9.5": "2026-01-20", "9.6": "2026-04-21", "9.7": "2034-04-21",
}
MARIADB_EOL = {
    "10.3": "2023-05-25", "10.4": "2024-06-18", "10.5": "2025-06-24", "10.6": "2026-07-06", "10.11": "2028-02-16",
    "11.0": "2024-06-06", "11.1": "2024-08-21", "11.2": "2024-11-21", "11.3": "2024-05-29", "11.4": "2029-05-29",
    "11.5": "2024-11-21", "11.6": "2025-02-13", "11.7": "2025-05-12", "11.8": "2028-06-04", "12.0": "2025-11-18",
    "12.1": "2026-02-13", "12.2": "2026-05-13", "12.3": "2029-06-30",
}
SQL_EOL_SOURCE = {"mysql": "endoflife.date/mysql", "mariadb": "endoflife.date/mariadb"}


def sql_eol(engine: str, version: str | None) -> str | None:
    """The end-of-life date of a MySQL/MariaDB major.minor that is past it on AS_OF, else None."""
    table = MYSQL_EOL if engine == "mysql" else MARIADB_EOL if engine == "mariadb" else {}
    date = table.get(str(version or ""))
    return date if date and date <= AS_OF else None
