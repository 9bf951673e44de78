"""Kafka: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts, planned

DATA_PATHS = ("/var/lib/kafka/data", "/bitnami/kafka", "/var/lib/redpanda/data")

KIND = Kind(
    name="kafka",
    label="Kafka",
    images=r"kafka|cp-kafka|cp-server|redpanda",
    commands=r"kafka-server-start|redpanda\s+start",
    clients=None,
    healthchecks=r"kafka-topics|kafka-broker-api-versions|rpk\s+cluster",
    env=r"KAFKA_(BROKER_ID|NODE_ID|ZOOKEEPER_CONNECT|PROCESS_ROLES|ADVERTISED_LISTENERS|CFG_\w+)",
    ports=(9092,),
    data_paths=DATA_PATHS,
    default_port=9092,
    url_schemes=("kafka",),
    targets=planned("Amazon MSK", "Strimzi (KRaft)"),
    facts=generic_facts("kafka", DATA_PATHS, 9092),
)
