"""Kafka: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from types import MappingProxyType

from generator.classify.kinds.base import Context, Facts, Kind, first_version
from generator.classify.kinds.generic import generic_facts
from generator.classify.signals import Signals
from generator.model import Service

DATA_PATHS = ("/var/lib/kafka/data", "/bitnami/kafka", "/var/lib/redpanda/data")

_generic = generic_facts("kafka", DATA_PATHS, 9092)
# Confluent Platform tags are the platform's version: CP 7.6 ships Apache Kafka 3.6, CP 8.0 Kafka 4.0.
_CP_TO_KAFKA = {"8": lambda m: f"4.{m}", "7": lambda m: f"3.{m}", "6": lambda m: f"2.{int(m) + 6}"}


def kafka_facts(service: Service, signals: Signals, ctx: Context) -> Facts:
    found = _generic(service, signals, ctx)
    ref = signals.built_from or signals.image
    if ref is None or not found.versions:
        return found
    version = first_version(ref.tag)
    if ref.namespace == "confluentinc" and version:
        major, _, minor = version.partition(".")
        kafka = _CP_TO_KAFKA[major](minor or "0") if major in _CP_TO_KAFKA else None
        versions = {"confluent-platform": version, **({"kafka": kafka} if kafka else {})}
        return Facts(versions=MappingProxyType(versions), facts=found.facts, warnings=found.warnings)
    if "redpanda" in ref.name:
        return Facts(versions=MappingProxyType({"redpanda": version}), facts=found.facts, warnings=found.warnings)
    return found


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
    facts=kafka_facts,
)
