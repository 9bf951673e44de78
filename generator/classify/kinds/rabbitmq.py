"""RabbitMQ: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/var/lib/rabbitmq", "/bitnami/rabbitmq")

KIND = Kind(
    name="rabbitmq",
    label="RabbitMQ",
    images=r"rabbitmq",
    commands=r"rabbitmq-server",
    clients=None,
    healthchecks=r"rabbitmq-diagnostics|rabbitmqctl",
    env=r"RABBITMQ_(DEFAULT_USER|DEFAULT_PASS|ERLANG_COOKIE|DEFAULT_VHOST)",
    ports=(5672,),
    data_paths=DATA_PATHS,
    default_port=5672,
    url_schemes=("amqp", "amqps"),
    facts=generic_facts("rabbitmq", DATA_PATHS, 5672),
)
