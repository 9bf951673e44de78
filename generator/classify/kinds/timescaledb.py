"""TimescaleDB: PostgreSQL with the timescaledb extension (timescale/timescaledb, timescaledb-ha, …)."""

from __future__ import annotations

import re
from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, Kind
from generator.classify.kinds.postgres import DATA_PATHS, KIND as POSTGRES, postgres_facts
from generator.classify.signals import Signals
from generator.model import Service


def tsdb_version(tag: str | None) -> str | None:
    """`2.17.2-pg16` → 2.17.2; `pg16.4-ts2.16.1` → 2.16.1; `latest-pg17`, `pg14-latest` → None."""
    if not tag:
        return None
    m = re.search(r"(?:^|-)ts-?([0-9]+\.[0-9]+(?:\.[0-9]+)?)", tag)
    if m:
        return m.group(1)
    m = re.match(r"^([0-9]{1,9}\.[0-9]+(?:\.[0-9]+)?)(?:-|$)", tag)  # int() below: ASCII, bounded
    return m.group(1) if m and int(m.group(1).split(".")[0]) < 9 else None


def timescaledb_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    base = postgres_facts(service, signals, ctx)
    ref = signals.built_from or signals.image
    versions = dict(base.versions)
    warnings = list(base.warnings)
    version = tsdb_version(ref.tag if ref else None)
    if version:
        versions["timescaledb"] = version
    else:
        warnings.append(f"{service.name}: the image tag does not pin a TimescaleDB version; the target's default is used")
    facts = dict(base.facts)
    facts["extensions"] = sorted(set(facts["extensions"]) | {"timescaledb"})
    if ref is not None and ref.name == "timescaledb-ha":
        facts["image_flavour"] = "timescaledb-ha"
    return Facts(versions=MappingProxyType(versions), facts=MappingProxyType(facts), warnings=tuple(warnings))


KIND = Kind(
    name="timescaledb",
    label="TimescaleDB",
    images=r"timescaledb(-ha|-postgis|-oss)?",
    commands=r"shared_preload_libraries=\S*timescaledb",
    healthchecks=None,
    env=r"TIMESCALEDB_\w+|TS_TUNE_\w+|TSTUNE_\w+|NO_TS_TUNE",
    env_weight=0.5,
    ports=(5432,),
    data_paths=DATA_PATHS,
    default_port=5432,
    core=True,
    family="postgres",
    url_schemes=POSTGRES.url_schemes,
    targets=MappingProxyType({
        "gcp": "GKE + CloudNativePG (planned; Cloud SQL has no timescaledb)",
        "azure": "Flexible Server, Apache-2 edition only (planned)",
    }),
    facts=timescaledb_facts,
)
