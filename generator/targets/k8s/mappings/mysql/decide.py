"""Plan stage for MySQL on Kubernetes: a Percona XtraDB Cluster (`PerconaXtraDBCluster`, pxc.percona.com/v1) of three
nodes behind HAProxy, the app's database and account declared in the CR (`spec.users`), scheduled XtraBackup backups
to S3. Why this operator and not Oracle's MySQL Operator or Percona's Server-for-MySQL operator: README (mapping
docs, "Why Percona XtraDB Cluster").

Sources (percona-xtradb-cluster-operator v1.19.0 and the pxc-operator/pxc-db 1.20.0 charts): deploy/cr.yaml,
pkg/apis/pxc/v1/pxc_types.go (users, TLS, 22-character cluster names), pkg/controller/pxc/users_custom.go,
pkg/controller/pxc/tls.go.
"""

from __future__ import annotations

import re

from generator.errors import C2PError
from generator.lifecycle import SQL_EOL_SOURCE, sql_eol
from generator.names import k8s_label
from generator.plan.model import Resource
from generator.targets.k8s import versions as V
from generator.targets.k8s.mappings import sqlfamily as F

NAME_MAX = 22  # pxc_types.go clusterNameMaxLen: the operator refuses longer cluster names

TOPOLOGY_WHY = (
    "Percona XtraDB Cluster: three MySQL nodes with synchronous (Galera) replication behind HAProxy, which sends "
    "every write to one node and fails over by itself; each node has the whole data set, so losing a node loses no "
    "committed transaction")


def _image(resource: Resource, s) -> str:
    given = F.series(resource.versions.get("mysql"))
    target = V.PXC_MYSQL
    if given == target:
        why, src = (f"compose runs MySQL {given}: Percona XtraDB Cluster {V.PXC_IMAGE.split(':')[1]} is MySQL "
                    f"{target} (Percona Server) with Galera, so the dump restores as it is"), "compose"
    elif given and F.key(given) < F.key(target):
        src = "default"
        why = (f"compose runs MySQL {given}; the operator's images run {target}, the long-term series: a dump from "
               f"{given} restores into {target} (MySQL's supported upgrade path; test the app against it)")
        s.warnings.append(f"{resource.name}: compose runs MySQL {given}; the target runs MySQL {target} (Percona "
                          f"XtraDB Cluster {V.PXC_IMAGE.split(':')[1]})"
                          + (f" — MySQL {given} reached its end of life on {sql_eol('mysql', given)} "
                             f"({SQL_EOL_SOURCE['mysql']})" if sql_eol("mysql", given) else "")
                          + ". Test the app against it before the move.")
    elif given:
        src = "default"
        why = (f"compose runs MySQL {given}, newer than any Percona XtraDB Cluster release ({target} is the newest "
               "series the operator runs)")
        s.warnings.append(
            f"{resource.name}: MySQL VERSION DOWNGRADE: compose runs MySQL {given}, Percona XtraDB Cluster offers at "
            f"most {target}. A dump from {given} loads into {target} only when it uses nothing newer (check the "
            f"load's errors); or pin compose to `mysql:{target}` and move the data there first.")
    else:
        src = "default"
        why = f"the MySQL version is not known from the compose image ({resource.image or 'no image'}): {target}"
        s.warnings.append(f"{resource.name}: MySQL version not known from the compose image; the target runs MySQL "
                          f"{target} — check that your data was written by {target} or older.")
    s.set("mysql_series", target, why, source=src)
    return s.pick("image", V.PXC_IMAGE, f"Percona XtraDB Cluster {V.PXC_IMAGE.split(':')[1]}, the image the "
                  f"{V.PXC_OPERATOR} charts run (pin its digest in production)", option="image")


def decide(resource: Resource, s) -> Resource:
    name = s.pick("name", k8s_label(resource.name, NAME_MAX), "cluster named after the compose service (at most 22 "
                  "characters, the operator's limit); Services <name>-haproxy (writes) and <name>-haproxy-replicas "
                  "follow", option="name",
                  check=lambda v: None if len(str(v)) <= NAME_MAX else f"at most {NAME_MAX} characters (the operator "
                  "refuses longer cluster names)")
    F.tls_settings(s, "Percona XtraDB Cluster")
    s.fact("server_tls_secret", f"{name}-ssl")
    s.fact("host", f"{name}-haproxy")
    s.fact("port", F.PORT)
    s.set("topology", "galera", TOPOLOGY_WHY)
    s.pick("replicas", 3, "three nodes: Galera needs a majority, so three survive the loss of one", option="replicas",
           check=lambda v: None if int(v) >= 3 and int(v) % 2 == 1 else "an odd number, at least 3 (Galera quorum; "
           "the operator refuses fewer without allowUnsafeConfigurations)")
    s.pick("proxies", 2, "two HAProxy pods: one can restart while the other routes", option=None)
    _image(resource, s)
    s.fact("backup_image", V.PXC_BACKUP_IMAGE)
    s.fact("haproxy_image", V.PXC_HAPROXY_IMAGE)
    database, owner = F.app_database(resource, s)
    if not re.fullmatch(r"[A-Za-z0-9_$]{1,64}", database):
        # the operator compares spec.users[].dbs with mysql.db.Db and writes it into GRANT unquoted (pkg/pxc/users):
        # a quoted name never matches, so the user is re-created on every reconcile; any other name breaks the SQL
        raise C2PError(f"{resource.name}: database name {database!r}: the Percona XtraDB Cluster operator takes only "
                       "letters, digits, _ and $ in spec.users[].dbs; set x-c2p k8s.database to such a name (and rename "
                       "the database in the dump)")
    s.fact("password_secret", F.password_secret(name))
    s.fact("secrets_name", f"{name}-secrets")
    s.set("require_ssl", False, "Percona's spec.users has no REQUIRE SSL; require_secure_transport=ON refuses every "
          "plain TCP login on the nodes (the HAProxy passes TLS through)")
    s.set("server_config", {"require_secure_transport": "ON", "log_bin_trust_function_creators": "1"},
          "require_secure_transport refuses plain connections; the app's owner is no SUPER user, and with the "
          "binary log on MySQL refuses it CREATE FUNCTION unless log_bin_trust_function_creators is set (error 1419)")
    s.pick("storage", "20Gi", "room for growth"
           + (f"; compose kept the data in volume '{resource.data_volume}'" if resource.data_volume else "")
           + "; each node holds the whole data set", option="storage")
    s.pick("storage_class", None, "the cluster's default storage class; set one with volume expansion and SSDs",
           option="storage_class")
    s.pick("resources", {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"memory": "1Gi"}},
           "memory request = limit (no OOM surprise from overcommit); no CPU limit (throttling hurts latency)",
           option="resources")
    s.pick("anti_affinity", "required", "never two nodes (or two HAProxies) on one Kubernetes node "
           "(antiAffinityTopologyKey kubernetes.io/hostname); 'preferred' lets them share one when no other is free",
           option="anti_affinity")
    s.warnings.append(
        f"{resource.name}: Percona XtraDB Cluster replicates InnoDB tables only and, in its default "
        "pxc_strict_mode=ENFORCING, refuses writes to tables without a primary key, MyISAM tables and LOCK TABLES: "
        "check the app's tables before the move (MIGRATION.md shows the query).")
    F.backup_settings(s, name, "XtraBackup backup")
    return s.apply(resource, "pxc-operator")
