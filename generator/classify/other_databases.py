"""Databases and stores c2p has no kind for: a service running one is stateful even when compose gives it
no volume (its data then dies with the container), so it is `unknown-stateful` — reported and left out of
the plan — never an `app` deployed as a stateless workload.

Matched on the image path without registry (`neo4j`, `mssql/server`, `qdrant/qdrant`); tools named after
them (exporters, admin UIs) are excluded by the same tool words as the kinds (recognise.TOOL_WORDS).
"""

from __future__ import annotations

import re

from generator.imageref import ImageRef

# label → regex, full match on the image path (namespace/name) or on the name alone
OTHER_DATABASES: dict[str, str] = {
    "Cassandra": r"(.*/)?cassandra",
    "ScyllaDB": r"scylladb/scylla(-enterprise)?",
    "Neo4j": r"(.*/)?neo4j",
    "Memgraph": r"memgraph/memgraph(-platform|-mage)?",
    "CouchDB": r"(.*/)?couchdb",
    "Couchbase": r"(.*/)?couchbase(-server)?",
    "InfluxDB": r"(.*/)?influxdb",
    "QuestDB": r"questdb/questdb",
    "etcd": r"(.*/)?etcd",
    "CockroachDB": r"cockroachdb/cockroach",
    "YugabyteDB": r"yugabytedb/yugabyte",
    "TiDB": r"pingcap/(tidb|tikv|pd)",
    "SQL Server": r"(.*/)?mssql/server|(.*/)?azure-sql-edge",
    "Oracle Database": r"gvenzl/oracle-(xe|free)|(.*/)?database/(enterprise|express|free)|(.*/)?oracle/database",
    "Db2": r"ibmcom/db2|icr\.io/db2_community/db2",
    "Firebird": r"(.*/)?firebird",
    "ArangoDB": r"(.*/)?arangodb",
    "RethinkDB": r"(.*/)?rethinkdb",
    "Dgraph": r"dgraph/(dgraph|standalone)",
    "SurrealDB": r"surrealdb/surrealdb",
    "FerretDB": r"(.*/)?ferretdb",
    "Qdrant": r"qdrant/qdrant",
    "Weaviate": r"(semitechnologies|cr\.weaviate\.io/semitechnologies)/weaviate",
    "Milvus": r"milvusdb/milvus",
    "Chroma": r"chromadb/chroma",
    "Meilisearch": r"getmeili/meilisearch",
    "Typesense": r"typesense/typesense",
    "Solr": r"(.*/)?solr",
    "Dragonfly": r"(.*/)?dragonflydb/dragonfly",
    "Garnet": r"(.*/)?microsoft/garnet",
    "NATS (JetStream)": r"(.*/)?nats",
    "Apache Pulsar": r"apachepulsar/pulsar(-all)?",
    "ZooKeeper": r"(.*/)?zookeeper|confluentinc/cp-zookeeper",
    "VictoriaMetrics": r"victoriametrics/victoria-metrics",
    "Apache Druid": r"apache/druid",
    "Apache Pinot": r"apachepinot/pinot",
    "Hazelcast": r"hazelcast/hazelcast(-enterprise)?",
    "Apache Ignite": r"apacheignite/ignite",
    "GreptimeDB": r"greptime/greptimedb",
}
_COMPILED = tuple((label, re.compile(rx)) for label, rx in OTHER_DATABASES.items())


def other_database(ref: ImageRef | None) -> str | None:
    """The name of the database this image runs, when it is one c2p has no kind for."""
    if ref is None:
        return None
    from generator.classify.recognise import TOOL_WORDS

    if any(w in TOOL_WORDS for w in re.split(r"[-_.]", ref.name)):
        return None
    for label, rx in _COMPILED:
        if rx.fullmatch(ref.path) or rx.fullmatch(ref.name):
            return label
    return None
