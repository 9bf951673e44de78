"""Plan stage for MariaDB on Kubernetes: a mariadb-operator `MariaDB` (k8s.mariadb.com/v1alpha1) with asynchronous
(semi-synchronous) replication, its `Database`, `User` and `Grant`, and a scheduled `PhysicalBackup` to S3.

Sources (mariadb-operator v26.6.0): docs/high_availability.md, docs/replication.md, docs/galera.md, docs/tls.md,
docs/physical_backup.md, api/v1alpha1/{mariadb,user,physicalbackup}_types.go, internal/controller/
mariadb_controller_tls.go (`require_secure_transport`, `tls_version = TLSv1.3`).
"""

from __future__ import annotations

from generator.lifecycle import SQL_EOL_SOURCE, sql_eol
from generator.plan.model import Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.mappings import sqlfamily as F

TOPOLOGY_WHY = (
    "replication (one primary, semi-synchronous replicas; automatic failover by the operator): the primary is one "
    "ordinary MariaDB server, so everything compose's server accepted still works — MyISAM/Aria tables, tables "
    "without a primary key, LOCK TABLES, GET_LOCK, big transactions. Galera (multi-master) would refuse or "
    "misbehave on those (MariaDB Galera 'known limitations': InnoDB only, DELETE on tables without a primary key "
    "unsupported, explicit locks not replicated, transaction size limits), and a dump from compose restores into "
    "the primary as it is")


def _image(resource: Resource, s) -> str:
    given = F.series(resource.versions.get("mariadb"))
    default = F.series(V.MARIADB_DEFAULT)
    if given and F.key(given) >= F.key(V.MARIADB_MIN):
        tag, why, src = given, (f"compose runs MariaDB {given}: the same series, so the dump restores as it is "
                                "(the official image, as the operator requires; pin a patch tag or digest in "
                                "production)"), "compose"
    elif given:
        tag, src = V.MARIADB_DEFAULT, "default"
        why = (f"compose runs MariaDB {given}, older than the {V.MARIADB_MIN} the operator supports: {default}, the "
               "newest long-term series; a dump from an older server restores into a newer one (test the app "
               "against it)")
        s.warnings.append(f"{resource.name}: compose runs MariaDB {given}; the target runs {V.MARIADB_DEFAULT} "
                          f"(mariadb-operator supports {V.MARIADB_MIN} and newer) — test the app against it.")
    else:
        tag, src = V.MARIADB_DEFAULT, "default"
        why = (f"the MariaDB series is not known from the compose image ({resource.image or 'no image'}): the "
               f"operator's own default {V.MARIADB_DEFAULT}, the newest long-term series")
        s.warnings.append(f"{resource.name}: MariaDB version not known from the compose image; using "
                          f"{V.MARIADB_DEFAULT} — set x-c2p k8s.version to the series your data was written with.")
    tag = s.pick("version", tag, why, option="version", source=src)
    image = s.pick("image", f"{V.MARIADB_IMAGE}:{tag}", "the official MariaDB image (the operator runs only those, "
                   "docs/docker.md)", option="image")
    eol = sql_eol("mariadb", F.series(str(tag)))
    if eol:
        s.warnings.append(f"{resource.name}: MARIADB {F.series(str(tag))} IS PAST ITS END OF LIFE ({eol}, "
                          f"{SQL_EOL_SOURCE['mariadb']}): no more security fixes. Upgrade after the move: set "
                          "the MariaDB image to a newer long-term series (11.4, 11.8); the operator updates the "
                          "replicas first and the primary last (docs/updates.md).")
    return image


def decide(resource: Resource, s) -> Resource:
    name = s.pick("name", k8s_name(resource.name), "MariaDB named after the compose service; Services "
                  "<name>-primary (writes) and <name>-secondary (reads) follow", option="name")
    F.tls_settings(s, "MariaDB")
    s.fact("server_tls_secret", f"{name}-server-tls")
    s.fact("host", f"{name}-primary")
    s.fact("port", F.PORT)
    replicas = s.pick("replicas", 3, "one primary and two replicas: survives a node loss; the operator promotes the "
                      "most advanced ready replica when the primary fails (replication.primary.autoFailover)",
                      option="replicas", check=lambda v: None if int(v) >= 1 else "at least 1")
    s.set("topology", "replication" if int(replicas) > 1 else "standalone",
          TOPOLOGY_WHY if int(replicas) > 1 else "one server (replicas: 1): no replication, no failover")
    if int(replicas) == 1:
        s.warnings.append(f"{resource.name}: one MariaDB server (x-c2p k8s.replicas: 1): no failover.")
    _image(resource, s)
    database, owner = F.app_database(resource, s)
    s.fact("password_secret", F.password_secret(name))
    s.fact("root_secret", {"name": f"{name}-root", "key": "password"})
    s.set("require_ssl", True, "the app's account is created REQUIRE SSL: the server refuses it over plain TCP "
          "even if require_secure_transport were turned off")
    s.set("server_config", {"log_bin_trust_function_creators": "1"},
          "the app's owner is no SUPER user: with the binary log on (replication) MariaDB refuses it CREATE FUNCTION "
          "unless log_bin_trust_function_creators is set (error 1419) — the dump's functions and the app's own "
          "migrations need it")
    s.pick("storage", "20Gi", "room for growth"
           + (f"; compose kept the data in volume '{resource.data_volume}'" if resource.data_volume else "")
           + "; the operator can expand the volume when the storage class allows it (storage.resizeInUseVolumes)",
           option="storage")
    s.pick("storage_class", None, "the cluster's default storage class; set one with volume expansion and SSDs",
           option="storage_class")
    s.pick("resources", {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "1Gi"}},
           "memory request = limit (no OOM surprise from overcommit); no CPU limit (throttling hurts latency)",
           option="resources")
    s.pick("anti_affinity", "required", "never two MariaDB pods on one node (a required podAntiAffinity rule on "
           "kubernetes.io/hostname, what affinity.antiAffinityEnabled writes); needs as many nodes as replicas; "
           "'preferred' lets them share a node when no other is free", option="anti_affinity")
    F.backup_settings(s, name, "physical backup (mariadb-backup, taken on a replica)")
    return s.apply(resource, "mariadb-operator")
