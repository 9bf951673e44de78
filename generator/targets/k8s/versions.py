"""Every version the k8s target pins, in one place (checked facts: reference/service-mapping.md §2.4, 3.5, 4.4, 5.5;
Redis: the sources named below).

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
# Vault Secrets Operator: hashicorp/vault-secrets-operator v1.4.1 (newest tag, 9b840a5a, 2026-06-30), chart
# hashicorp/vault-secrets-operator 1.4.1 (appVersion 1.4.1, same repository as the vault chart); CRD schemas in
# schemas/crds/secrets.hashicorp.com (SOURCES.md).
VSO_OPERATOR = "1.4.1"
VSO_CHART = "1.4.1"
VSO_NAMESPACE = "vault-secrets-operator-system"  # the namespace its README install step creates
# Redis/Valkey: OT-CONTAINER-KIT redis-operator (RedisReplication + RedisSentinel, redis.redis.opstreelabs.in/v1beta2).
# v0.26.0 = the CRDs in ../shared/schemas (commit ef33adb7, 2026-07-12); chart 0.26.0 is the bump of PR #1865
# (chart version and appVersion 0.26.0, CRDs byte-identical to the v0.26.0 release). Chart 0.26.0's default values
# also set featureGates.AvoidCommandLinePassword, a gate operator v0.26.0 does not know (internal/features/features.go):
# `setupFeatureGates` (internal/cmd/manager/cmd.go) fails and the operator exits at start-up. Chart 0.26.1 (commit
# 0bc34813, same appVersion 0.26.0) ships `featureGates: {}`; the README's --set flags are checked against the gates
# the operator accepts by tests/targets/k8s/test_redis_operator_gates.py (vendored chart values: tests/data/redis-operator).
REDIS_OPERATOR = "v0.26.0"
REDIS_OPERATOR_CHART = "0.26.1"
REDIS_OPERATOR_REPO = "https://ot-container-kit.github.io/helm-charts/"
# The operator's own images (quay.io/opstree, built by OT-CONTAINER-KIT/redis). Tags known to exist, by the Redis
# minor they serve: (redis tag, sentinel tag). v7.4.5 + sentinel v7.0.15 is the pair in the operator's own example
# (example/v1beta2/password_protected/sentinel.yaml); v7.0.15 is the image bump of operator v0.18.1 (#1099);
# v8.2.2 is the tag the operator's unit tests use (internal/k8sutils/sentinel_volume_mount_test.go).
OPSTREE_REDIS = "quay.io/opstree/redis"
OPSTREE_SENTINEL = "quay.io/opstree/redis-sentinel"
OPSTREE_TAGS = {
    (7, 0): ("v7.0.15", "v7.0.15"),
    (7, 4): ("v7.4.5", "v7.0.15"),
    (8, 2): ("v8.2.2", "v8.2.2"),
}
OPSTREE_DEFAULT = (7, 4)
# The last minor of a Redis major that has no newer minor (Redis 8.0 followed 7.4, redis/redis releases): a tag that
# names only that major (`redis:7-alpine`) floats to it, so its newest verified tag runs compose's minor.
REDIS_LAST_MINOR = {6: (6, 2), 7: (7, 4)}
# Valkey: the operator ships no Valkey image (OT-CONTAINER-KIT/redis-operator#1395 open); the official image is used
# as is (see mappings/redis_operator/redis_decide.py). 9.1.1 is the Valkey the valkey-io chart 0.11.0 ships (appVersion).
VALKEY_IMAGE = "valkey/valkey"
VALKEY_DEFAULT = "9.1.1"
WAIT_IMAGE = "busybox:1.37.0"  # init container that waits for a stateful service's port

# CloudNativePG's own PostgreSQL images: tag must start with the major (service-mapping §2.4).
PG_IMAGE = "ghcr.io/cloudnative-pg/postgresql"
POSTGIS_IMAGE = "ghcr.io/cloudnative-pg/postgis"  # tags <pg major>-<postgis major.minor>
# Majors with images (cloudnative-pg/postgres-containers: 14-18 built on 2026-08-20, a949ae58; 13 built until 13.22,
# dba86024). A compose major not here gets the newest, visibly (generator/lifecycle.py pick_major).
PG_SUPPORTED = ("13", "14", "15", "16", "17", "18")

# timescale/timescaledb-ha ships the Community (TSL) edition of a given TimescaleDB release; tags
# known to exist for a (PostgreSQL major, TimescaleDB version) pair. Others fall back to the floating
# pg<major>-ts<major.minor> tag with a warning to pin it.
TSDB_HA_IMAGE = "timescale/timescaledb-ha"
TSDB_HA_TAGS = {
    ("16", "2.17.2"): "pg16.6-ts2.17.2",
    ("17", "2.21.3"): "pg17.4-ts2.21.3",
}
TSDB_DEFAULT = "2.17.2"

# MariaDB: mariadb-operator (k8s.mariadb.com/v1alpha1). v26.6.0 = the newest release tag (b2f76016, 2026-06-06,
# "Bump helm chart versions to 26.6.0"); charts mariadb-operator-crds and mariadb-operator 26.6.0 (appVersion 26.6.0)
# from oci://ghcr.io/mariadb-operator/charts (docs/helm.md); CRD schemas in schemas/crds/k8s.mariadb.com (SOURCES.md).
# It supports MariaDB Community >= 10.6 (README, "MariaDB compatibility") and runs only the official `mariadb` images
# (docs/docker.md); its chart defaults to mariadb:11.8.8 (values.yaml config.mariadbImage).
MARIADB_OPERATOR = "26.6.0"
MARIADB_OPERATOR_CHART = "26.6.0"
MARIADB_OPERATOR_REPO = "oci://ghcr.io/mariadb-operator/charts"
MARIADB_OPERATOR_NAMESPACE = "mariadb-operator"  # the namespace its README install step creates
MARIADB_IMAGE = "mariadb"  # the official image (docker-library), tags <major>.<minor>[.<patch>]
MARIADB_MIN = "10.6"  # the oldest series the operator runs (README "MariaDB compatibility")
MARIADB_DEFAULT = "11.8.8"  # the chart's own default image tag (newest LTS series 11.8)
# MySQL: Percona Operator for MySQL based on Percona XtraDB Cluster (pxc.percona.com/v1). 1.20.0 = the newest chart
# release, tag pxc-operator-1.20.0 of percona/percona-helm-charts (b8e3c6b7, 2026-06-05, "Update charts for PXC 1.20.0
# release": pxc-operator and pxc-db charts, appVersion 1.20.0, repository https://percona.github.io/percona-helm-charts/);
# the operator image percona/percona-xtradb-cluster-operator:1.20.0. Its pxc-db chart runs PXC 8.4.8-8.1, XtraBackup
# 8.4.0-5.1 and HAProxy 2.8.18-1 (charts/pxc-db/values.yaml at that tag). CRD schema from the chart's crds/crd.yaml
# (the CRDs `helm install` applies) in schemas/crds/pxc.percona.com (SOURCES.md). Why this operator: the mysql
# mapping's README section (targets/k8s/mappings/mysql/).
PXC_OPERATOR = "1.20.0"
PXC_OPERATOR_CHART = "1.20.0"
PXC_REPO = "https://percona.github.io/percona-helm-charts/"
PXC_OPERATOR_NAMESPACE = "pxc-operator"  # the namespace its README install step creates
PXC_MYSQL = "8.4"  # the MySQL series the images below run (MySQL 8.4 LTS; 8.0 reached its end of life in April 2026)
PXC_IMAGE = "percona/percona-xtradb-cluster:8.4.8-8.1"
PXC_BACKUP_IMAGE = "percona/percona-xtrabackup:8.4.0-5.1"
PXC_HAPROXY_IMAGE = "percona/haproxy:2.8.18-1"
