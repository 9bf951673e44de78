"""Plan stage for PostgreSQL and TimescaleDB on Kubernetes: a CloudNativePG Cluster per service."""

from __future__ import annotations

import re

from generator.imageref import parse_image
from generator.lifecycle import downgrade_warning, eol_warning, pick_major
from generator.plan.model import Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import tls, versions as V
from generator.targets.k8s.common import k8s_name


# CloudNativePG's declarative major upgrade (docs/src/postgres_upgrades.md, "Offline In-Place Major Upgrades", 1.26+):
# the way out of a major past its end of life once the data has moved.
CNPG_UPGRADE = ("CloudNativePG upgrades in place when the cluster's image names a newer major of the same Debian base "
                "(change the major of imageName, or of the ImageCatalog entry; x-c2p k8s.postgres_major): it stops the "
                "instances, runs pg_upgrade --link, re-clones the replicas; take a new base backup right after (backups "
                "from before cannot do point-in-time recovery across the major). Or dump and import into a new cluster")


def _pg_major(resource: Resource, s: Recorder) -> str:
    given = str(resource.versions.get("postgres") or "")
    major, how = pick_major(given, V.PG_SUPPORTED)
    if how == "same":
        major = s.pick("postgres_major", major, f"the compose image runs PostgreSQL {major}: same major, so a dump restores without surprises", source="compose")
    elif how == "unknown":
        s.warnings.append(
            f"{resource.name}: PostgreSQL major not known from the compose image ({resource.image or 'no image'}); "
            f"using {major} — set x-c2p k8s.postgres_major to the major your data was written with."
        )
        major = s.pick("postgres_major", major, "PostgreSQL major unknown from compose: newest major CloudNativePG 1.30 images ship")
    else:
        major = s.pick("postgres_major", major, f"compose runs PostgreSQL {given}, which CloudNativePG's images do not ship; "
                       f"{major} is the newest they do" + (": a dump restores into a newer major (test the app against it)"
                                                          if how == "upgrade" else ""))
        if how == "downgrade" and "postgres_major" not in s.options:
            s.warnings.append(downgrade_warning(resource.name, given, major, f"{V.PG_IMAGE} (CloudNativePG {V.CNPG_OPERATOR})",
                                                f"set x-c2p k8s.postgres_major to {given} once its image exists"))
    major = str(major)
    eol = eol_warning(resource.name, major, CNPG_UPGRADE + (
        f". CloudNativePG stopped building PostgreSQL 13 images at 13.22 (cloudnative-pg/postgres-containers dba86024, "
        "2025-11-17): the image misses the final 13.23 fixes" if major == "13" else ""))
    if eol:
        s.warnings.append(eol)
    return major


def _timescale_image(resource: Resource, major: str, s: Recorder) -> None:
    """An image that really ships the compose file's TimescaleDB version and edition (service-mapping §3.5)."""
    ts = str(resource.versions.get("timescaledb") or "")
    compose_image = resource.image or ""
    oss = compose_image.endswith("-oss") or "-oss@" in compose_image
    ref = parse_image(compose_image)
    if ref and ref.repo == "timescale/timescaledb-ha" and ref.tag and not ref.digest:
        tag = ref.tag
        reason = "compose already runs timescale/timescaledb-ha: the same image and tag, so the same TimescaleDB build"
    elif (major, ts) in V.TSDB_HA_TAGS:
        tag = V.TSDB_HA_TAGS[(major, ts)]
        reason = (
            f"timescale/timescaledb-ha:{tag} ships TimescaleDB {ts} (Community/TSL edition, as the compose image "
            f"timescale/timescaledb) on PostgreSQL {major}; CloudNativePG's own timescaledb-oss extension image is "
            "Apache-2 only and needs PostgreSQL ≥ 18, so it could not run this data"
        )
    else:
        tag = f"pg{major}-ts{'.'.join(ts.split('.')[:2])}" if ts else f"pg{major}"
        reason = "timescale/timescaledb-ha (Community/TSL edition) for this PostgreSQL major"
        s.warnings.append(
            f"{resource.name}: no verified timescaledb-ha tag for TimescaleDB {ts or '(unknown)'} on PostgreSQL {major}; "
            f"using the floating tag {tag} — pin the exact tag (pg{major}.<minor>-ts<version>) or digest before production."
        )
    if oss:
        s.warnings.append(
            f"{resource.name}: compose used the Apache-2 (-oss) edition; timescaledb-ha ships the Community edition, "
            "a superset under the Timescale License (self-hosting for your own use is allowed)."
        )
    s.pick("image", f"{V.TSDB_HA_IMAGE}:{tag}", reason)
    s.fixed("image_catalog", True)  # tags start with "pg": CNPG cannot read the major from them
    s.fixed("postgres_uid", 1000)  # timescaledb-ha runs as UID/GID 1000, CNPG's default is 26
    s.fixed("timescaledb_version", ts or None)


def timescale(resource: Resource) -> bool:
    """The one place this mapping tells its two kinds apart: the settings above, docs.py and the templates ask it."""
    return resource.kind == "timescaledb"  # the mapping's own kind test (PostgreSQL or TimescaleDB), not a dispatch


def decide_postgres(resource: Resource, s: Recorder) -> Resource:
    tsdb = timescale(resource)
    s.pick("tls", True, "CloudNativePG always serves TLS; its server certificate comes from the release CA (cert-manager, "
           "manifests/tls/) through spec.certificates.serverTLSSecret/serverCASecret")
    s.pick("ca_file", tls.CA_FILE, "clients verify the server against the release CA, whose public certificate is mounted from "
           "its ConfigMap (never a Secret with a key)")
    s.pick("sslmode", "verify-full", "clients check the server's certificate and name against the release CA (ca_file), which "
           "signs the cluster's server certificate; require would accept any server (and node-postgres reads require as "
           "verify-full anyway)")
    cluster = s.pick("cluster", k8s_name(resource.name), "cluster named after the compose service; services <cluster>-rw/-ro/-r and secret <cluster>-app follow")
    s.fixed("server_tls_secret", f"{cluster}-server-tls")
    s.pick("instances", 3, "one primary + two synchronous-capable replicas: survives a node loss with automatic failover", option="instances")
    major = _pg_major(resource, s)
    if tsdb:
        _timescale_image(resource, major, s)
        s.pick("shared_preload_libraries", ["timescaledb"], "TimescaleDB must be preloaded (a list field, not inside parameters)")
        s.pick("parameters", {"max_locks_per_transaction": "256", "timescaledb.telemetry_level": "off"},
               "hypertables take many locks per query; no telemetry from production")
        s.pick("extensions", ["timescaledb"], "created in the app database by postInitApplicationSQL (postInitSQL would create it in 'postgres')")
    elif "postgis" in resource.facts.extensions:
        m = re.search(r":[0-9]+-([0-9]+\.[0-9]+)", resource.image or "")
        pv = resource.versions.get("postgis") or (m.group(1) if m else None)
        tag = f"{major}-{pv}" if pv else major
        s.pick("image", f"{V.POSTGIS_IMAGE}:{tag}", f"CloudNativePG's PostGIS image for PostgreSQL {major}"
               + (f" with PostGIS {pv}, as in compose" if pv else "") + "; pin a dated tag or digest in production")
        s.fixed("image_catalog", False)
        s.fixed("postgres_uid", None)
        s.pick("shared_preload_libraries", [], "no preloaded library needed")
        s.pick("parameters", {}, "CloudNativePG defaults")
        s.pick("extensions", [e for e in resource.facts.extensions if e != "plpgsql"], "extensions the compose service used, created in the app database")
    else:
        s.pick("image", f"{V.PG_IMAGE}:{major}-standard-trixie", f"CloudNativePG's PostgreSQL {major} image (standard flavour, includes pgvector and pgaudit); pin a dated tag or digest in production")
        s.fixed("image_catalog", False)
        s.fixed("postgres_uid", None)
        s.pick("shared_preload_libraries", [], "no preloaded library needed")
        s.pick("parameters", {}, "CloudNativePG defaults")
        s.pick("extensions", [e for e in resource.facts.extensions if e != "plpgsql"], "extensions the compose service used, created in the app database")
    db = resource.facts.databases[0] if resource.facts.databases else None
    s.pick("database", db.name if db else "app", ("POSTGRES_DB from compose" if not db.compose_name else "the dedicated database for apps that used postgres (decision database.owner)") if db else "no POSTGRES_DB in compose: CloudNativePG's default 'app'", source="compose" if db else "default")
    s.pick("owner", db.owner if db else "app", ("POSTGRES_USER from compose" if not db.compose_owner else "the dedicated owner for apps that used postgres, CloudNativePG's superuser (decision database.owner)") if db else "no POSTGRES_USER in compose: CloudNativePG's default 'app'", source="compose" if db else "default")
    s.pick("storage_size", "50Gi" if tsdb else "20Gi", "room for growth; CNPG can expand the volume online when the storage class allows it", option="storage")
    s.pick("wal_storage_size", "10Gi", "WAL on its own volume: a full data disk cannot stop WAL archiving", option="wal_storage")
    s.pick("storage_class", None, "the cluster's default storage class; set one with volume expansion and SSDs", option="storage_class")
    s.pick("resources", {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "1Gi"}},
           "memory request = limit (no OOM surprise from overcommit); no CPU limit (throttling hurts latency)")
    s.pick("anti_affinity", "required", "never two instances on one node", option="anti_affinity")
    s.pick("topology_key", "kubernetes.io/hostname", "spread by node; use topology.kubernetes.io/zone when the cluster spans ≥ 3 zones")
    s.pick("backup", {
        "schedule": "0 0 3 * * *",
        "retention": "30d",
        "destination": f"s3://CHANGE-ME-backup-bucket/{cluster}",
        "credentials_secret": f"{cluster}-backup-s3",
    }, "daily base backup at 03:00 + continuous WAL archiving through the barman-cloud plugin, 30 days recovery window; bucket and credentials are yours to fill in")
    s.pick("pooler", False, "apps connect to <cluster>-rw directly; turn on a PgBouncer Pooler with x-c2p k8s.pooler: true")
    s.pick("monitoring", False, "PodMonitor needs the Prometheus Operator; turn on with x-c2p k8s.monitoring: true")
    # init scripts (/docker-entrypoint-initdb.d) are read at generate time: workload/initsql.py
    return s.apply(resource, "cnpg")
