"""Every version the k8s target pins, in one place (checked facts: reference/service-mapping.md §2.4, 3.5, 4.4, 5.5).

Bumping a version is a one-line change here plus a golden-test update; the README prints these.
"""

from __future__ import annotations

CNPG_OPERATOR = "1.30.0"
CNPG_CHART = "0.29.0"  # cnpg/cloudnative-pg chart shipping operator 1.30.0
CNPG_REPO = "https://cloudnative-pg.github.io/charts"
BARMAN_PLUGIN = "v0.14.0"
CERT_MANAGER = "v1.18.2"  # required by the barman-cloud plugin
VAULT_CHART = "0.34.1"
VAULT_IMAGE = "2.0.4"  # the chart's appVersion
VAULT_REPO = "https://helm.releases.hashicorp.com"
VALKEY_CHART = "0.11.0"
VALKEY_IMAGE = "9.1.1"  # the chart's appVersion
VALKEY_REPO = "https://valkey.io/valkey-helm/"
WAIT_IMAGE = "busybox:1.37.0"  # init container that waits for a stateful service's port

# CloudNativePG's own PostgreSQL images: tag must start with the major (service-mapping §2.4).
PG_IMAGE = "ghcr.io/cloudnative-pg/postgresql"
POSTGIS_IMAGE = "ghcr.io/cloudnative-pg/postgis"  # tags <pg major>-<postgis major.minor>
PG_SUPPORTED = ("13", "14", "15", "16", "17", "18")
PG_DEFAULT = "17"

# timescale/timescaledb-ha ships the Community (TSL) edition of a given TimescaleDB release; tags
# known to exist for a (PostgreSQL major, TimescaleDB version) pair. Others fall back to the floating
# pg<major>-ts<major.minor> tag with a warning to pin it.
TSDB_HA_IMAGE = "timescale/timescaledb-ha"
TSDB_HA_TAGS = {
    ("16", "2.17.2"): "pg16.6-ts2.17.2",
    ("17", "2.21.3"): "pg17.4-ts2.21.3",
}
TSDB_DEFAULT = "2.17.2"
