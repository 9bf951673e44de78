"""Elasticsearch: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/usr/share/elasticsearch/data", "/var/lib/elasticsearch", "/bitnami/elasticsearch/data")

KIND = Kind(
    name="elasticsearch",
    label="Elasticsearch",
    images=r"elasticsearch",
    commands=r"bin/elasticsearch(\s|$)",
    clients=None,
    healthchecks=r"_cluster/health",
    env=r"discovery\.type|ES_JAVA_OPTS|ELASTIC_PASSWORD|cluster\.name|xpack\.\w+(\.\w+)*",
    ports=(9200,),
    data_paths=DATA_PATHS,
    default_port=9200,
    url_schemes=(),
    facts=generic_facts("elasticsearch", DATA_PATHS, 9200),
)
