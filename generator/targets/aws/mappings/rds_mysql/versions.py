"""Which MySQL / MariaDB major RDS runs for the one compose ran, and what that costs.

Offered majors, December 2026:
- RDS for MySQL: 9.7 and 8.4 (standard support), 8.0 (RDS Extended Support since 2026-08-01, charged) and 5.7 (RDS
  Extended Support through 2029-06-30, charged). Sources: AWS Database Blog "Amazon RDS for MySQL LTS version 9.7 is
  now generally available" ("MySQL 8.0 entered RDS Extended Support on August 1, 2026, and MySQL 5.7 remains available
  under RDS Extended Support through June 30, 2029"); RDS User Guide "Major version upgrades for RDS for MySQL" (in-place
  upgrades 5.7→8.0→8.4→9.7); "Using Amazon RDS Extended Support" (new databases of such a major are enrolled
  automatically and charged).
- RDS for MariaDB: 10.11 (standard support to 2028-02-29), 11.4 (to 2029-05-31), 11.8 (to 2030-06-30) and 12.3 ("the
  first major version that Amazon RDS supports after MariaDB 11.8": RDS User Guide, "MariaDB 12.3 support on Amazon
  RDS"); 10.6's standard support ended 2026-08-31 and MariaDB has no Extended Support, so RDS no longer creates it
  (endoflife.date amazon-rds-mariadb, from RDS User Guide "MariaDB on Amazon RDS versions"; "Viewing support dates
  …": MariaDB has standard support only).
Parameter-group families are `<engine><major>`: mysql5.7, mysql8.0, mysql8.4 (RDS User Guide "Parameters for MySQL":
describe-engine-default-parameters --db-parameter-group-family), mysql9.7 by the same pattern, mariadb10.11,
mariadb11.4, mariadb11.8 (default.mariadb11.8 in public Terraform), mariadb12.3 (RDS User Guide, "MariaDB features
not supported by Amazon RDS": "the mariadb12.3 parameter group family").
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.lifecycle import pg_key

OFFERED = {"mysql": ("5.7", "8.0", "8.4", "9.7"), "mariadb": ("10.11", "11.4", "11.8", "12.3")}
# majors RDS still creates, but only under RDS Extended Support (charged per vCPU-hour, also on the Multi-AZ standby)
EXTENDED = {("mysql", "5.7"): "2024-02-29", ("mysql", "8.0"): "2026-07-31"}
TITLE = {"mysql": "MySQL", "mariadb": "MariaDB"}
SOURCE = {"mysql": "RDS User Guide, \"MySQL on Amazon RDS versions\"; AWS Database Blog, RDS for MySQL 9.7 GA",
          "mariadb": "RDS User Guide, \"MariaDB on Amazon RDS versions\""}


@dataclass(frozen=True)
class Choice:
    major: str  # what RDS runs: "8.4", "10.11"
    how: str  # same | unknown | upgrade | downgrade
    given: str  # compose's version as classify read it ("" unknown)


def major_of(engine: str, version: str | None) -> str:
    """`8.0.36` → 8.0, `10.11.9` → 10.11, `8` → 8 (a bare major: read as the newest offered of that line)."""
    parts = [p for p in str(version or "").split(".") if p.isdigit()]
    return ".".join(parts[:2])


def pick(engine: str, version: str | None) -> Choice:
    """Compose's major when RDS offers it; a bare major (`mysql:8`, `mariadb:11`) → the newest offered of that line;
    a major RDS lacks → the nearest newer one (a dump restores into a newer server), or the newest when compose's is
    newer than any RDS offers (a downgrade: said loudly)."""
    offered = OFFERED[engine]
    given = major_of(engine, version)
    if given in offered:
        return Choice(given, "same", given)
    if not given:
        return Choice(max(offered, key=pg_key), "unknown", "")
    if "." not in given:
        line = [m for m in offered if m.split(".")[0] == given]
        if line:
            return Choice(max(line, key=pg_key), "same", given)
    newer = sorted((m for m in offered if pg_key(m) > pg_key(given)), key=pg_key)
    if newer:
        return Choice(newer[0], "upgrade", given)
    return Choice(max(offered, key=pg_key), "downgrade", given)


def reason(engine: str, c: Choice) -> str:
    t = TITLE[engine]
    if c.how == "same":
        return (f"same major version as compose ({t} {c.major}) so the dump restores as it is" if c.given == c.major
                else f"compose runs {t} {c.given} (a floating major tag); {c.major} is the newest {c.given}.x RDS offers")
    if c.how == "upgrade":
        return (f"compose runs {t} {c.given}, which RDS does not offer; {c.major} is the nearest newer major it does: "
                "a dump restores into a newer server (test the app against it first)")
    if c.how == "downgrade":
        return f"compose runs {t} {c.given}, newer than any major RDS offers; {c.major} is the newest"
    return f"compose does not say which {t} version it runs; {c.major} is the newest RDS offers"


def warnings(name: str, engine: str, c: Choice, var: str) -> list[str]:
    t = TITLE[engine]
    out = []
    if c.how == "downgrade":
        out.append(f"{name}: {t.upper()} VERSION DOWNGRADE: compose runs {t} {c.given}, RDS offers at most {c.major}. "
                   f"A dump from {c.given} may use what {c.major} lacks (collations, syntax, system tables) and fail to "
                   f"restore: pin compose to {engine}:{c.major} and move the data there first, or set {var} to "
                   f"{c.given} once RDS offers it (aws rds describe-db-engine-versions --engine {engine})")
    if c.how == "upgrade":
        out.append(f"{name}: RDS does not offer {t} {c.given}; it runs {c.major}, the nearest newer major: the dump "
                   f"restores into it, but test the app against {t} {c.major} before the move")
    ended = EXTENDED.get((engine, c.major))
    if ended:
        out.append(f"{name}: {t} {c.major} IS PAST RDS's END OF STANDARD SUPPORT ({ended}): RDS still creates it, "
                   "but only under RDS Extended Support, charged per vCPU-hour on top of the instance (also for the "
                   f"Multi-AZ standby), with critical fixes only (RDS User Guide, \"Using Amazon RDS Extended Support\"). "
                   f"The dump restores as it is; upgrade right after the move: set {var} to the next major in "
                   "terraform.tfvars and apply (README.md \"Upgrades\")")
    return out
