"""MongoDB: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/data/db", "/bitnami/mongodb")

KIND = Kind(
    name="mongodb",
    label="MongoDB",
    images=r"mongo|mongodb|mongodb-community-server",
    commands=r"(^|\s|/)mongod(\s|$)",
    clients=r"(^|\s|/)(mongosh|mongo|mongorestore|mongodump)\s",
    healthchecks=r"mongosh?\b",
    env=r"MONGO_INITDB_\w+|MONGODB_ROOT_PASSWORD",
    ports=(27017,),
    data_paths=DATA_PATHS,
    default_port=27017,
    url_schemes=("mongodb", "mongodb+srv"),
    facts=generic_facts("mongodb", DATA_PATHS, 27017),
)
