"""OpenSearch: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/usr/share/opensearch/data",)

KIND = Kind(
    name="opensearch",
    label="OpenSearch",
    images=r"opensearch",
    commands=r"opensearch-docker-entrypoint|bin/opensearch(\s|$)",
    clients=None,
    healthchecks=r"_cluster/health",
    family="elasticsearch",
    env=r"OPENSEARCH_(JAVA_OPTS|INITIAL_ADMIN_PASSWORD)|plugins\.security\.\w+",
    ports=(9200,),
    data_paths=DATA_PATHS,
    default_port=9200,
    url_schemes=(),
    facts=generic_facts("opensearch", DATA_PATHS, 9200),
)
