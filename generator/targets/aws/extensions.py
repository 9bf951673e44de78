"""Which PostgreSQL extensions the managed targets offer, kept as data with its source, and the check that a
database needing one they lack is refused (with the alternatives), never silently mapped.

A service's required extensions come from the plan (`Resource.extensions`: extension images and
`shared_preload_libraries`) and from images known to bundle an extension (KNOWN_IMAGES below).
"""

from __future__ import annotations

import re

from generator.imageref import parse_image
from generator.plan.model import Resource

# Amazon RDS for PostgreSQL, major version 17: "Extension versions for Amazon RDS for PostgreSQL"
# (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-extensions.html), as listed in
# December 2026. On a running instance: `SHOW rds.extensions;`. pgvector's extension is named `vector`;
# pgvecto.rs (`vectors`), VectorChord (`vchord`) and TimescaleDB (`timescaledb`) are not offered.
RDS_SOURCE = "Amazon RDS for PostgreSQL 17 extension list (PostgreSQLReleaseNotes/postgresql-extensions.html, December 2026)"
RDS_EXTENSIONS = frozenset("""
address_standardizer address_standardizer_data_us amcheck aws_commons aws_lambda aws_s3 bloom bool_plperl btree_gin
btree_gist citext cube dblink dict_int dict_xsyn earthdistance fuzzystrmatch h3 h3_postgis hll hstore hstore_plperl
hypopg insert_username intagg intarray ip4r isn jsonb_plperl lo log_fdw ltree moddatetime mysql_fdw orafce
pageinspect pg_bigm pg_buffercache pg_cron pg_freespacemap pg_hint_plan pg_partman pg_prewarm pg_proctab pg_repack
pg_similarity pg_stat_statements pg_tle pg_transport pg_trgm pg_visibility pg_walinspect pgactive pgaudit pgcrypto
pglogical pgrouting pgrowlocks pgstattuple pgtap plperl plpgsql plprofiler plrust pltcl plv8 postgis postgis_raster
postgis_tiger_geocoder postgis_topology postgres_fdw prefix rdkit rds_tools refint seg sslinfo tablefunc tcn tds_fdw
tsm_system_rows tsm_system_time unaccent uuid-ossp vector
""".split())

# Tiger Cloud: "Postgres extensions" (https://docs.tigerdata.com/use-timescale/latest/extensions/), December 2026.
TIGER_SOURCE = "Tiger Cloud supported extensions (docs.tigerdata.com/use-timescale/latest/extensions/, December 2026)"
TIGER_EXTENSIONS = frozenset("""
ai btree_gin btree_gist citext cube dict_int dict_xsyn earthdistance fuzzystrmatch h3 h3_postgis hstore intagg
intarray isn lo ltree pg_buffercache pg_prewarm pg_stat_statements pg_trgm pgcrypto pgrouting pgrowlocks
pgstattuple plpgsql postgis postgis_raster postgis_sfcgal postgis_tiger_geocoder postgis_topology postgres_fdw seg
tablefunc tcn timescaledb timescaledb_toolkit tsm_system_rows tsm_system_time unaccent uuid-ossp vector vectorscale
""".split())

# Images that bundle an extension the app creates (their own docs / Dockerfiles): image name pattern → extension.
KNOWN_IMAGES = (
    (re.compile(r"(^|/)pgvecto-rs$"), "vectors"),            # tensorchord/pgvecto-rs: pgvecto.rs
    (re.compile(r"(^|/)vchord-postgres$"), "vchord"),        # tensorchord/vchord-postgres: VectorChord
    (re.compile(r"(^|/)immich-app/postgres$"), "vchord"),    # ghcr.io/immich-app/postgres: VectorChord (+ pgvecto.rs)
    (re.compile(r"(^|/)pgvector$"), "vector"),
    (re.compile(r"(^|/)postgis$"), "postgis"),
)

# What to say for an extension a target lacks: the way out.
ALTERNATIVES = {
    "vectors": "pgvecto.rs is deprecated by its authors in favour of VectorChord; RDS and Tiger Cloud offer pgvector "
               "(`vector`): move the app to pgvector first (immich documents the switch), then map it again",
    "vchord": "VectorChord is not offered by RDS or Tiger Cloud; both offer pgvector (`vector`): move the app to "
              "pgvector, or keep this database self-managed (e.g. on EC2/EKS with the same image)",
    "timescaledb": "Tiger Cloud runs TimescaleDB (the default mapping for a TimescaleDB service)",
}


def required(resource: Resource) -> list[str]:
    """The extensions the service needs: from the plan and from known images."""
    needed = set(resource.facts.extensions) - {"pg_stat_statements", "plpgsql"}
    ref = parse_image(resource.image)
    name = ref.repo if ref else ""
    for pattern, ext in KNOWN_IMAGES:
        if pattern.search(name):
            needed.add(ext)
    return sorted(needed)


def missing(resource: Resource, offered: frozenset[str]) -> list[str]:
    return [e for e in required(resource) if e not in offered]


def refusal(resource: Resource, target: str, source: str, lacking: list[str]) -> str:
    ways = "; ".join(f"`{e}`: {ALTERNATIVES.get(e, 'not offered: drop it from the app, or keep this database self-managed')}"
                     for e in lacking)
    return (f"{resource.name}: NOT MAPPED: it needs the PostgreSQL extension(s) {', '.join(lacking)}, which {target} "
            f"does not offer ({source}); nothing was generated for it. Ways out: {ways}. "
            "x-c2p aws.engine: rds maps it anyway (the app will fail where it creates the extension)")
