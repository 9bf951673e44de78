"""MinIO: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ("/data", "/export", "/bitnami/minio/data")

KIND = Kind(
    name="minio",
    label="MinIO",
    images=r"minio",
    commands=r"(^|\s|/)minio\s+server(\s|$)",
    clients=None,
    healthchecks=r"minio/health|mc\s+ready",
    env=r"MINIO_(ROOT_USER|ROOT_PASSWORD|ACCESS_KEY|SECRET_KEY)",
    ports=(9000,),
    data_paths=DATA_PATHS,
    default_port=9000,
    url_schemes=(),
    facts=generic_facts("minio", DATA_PATHS, 9000),
)
