"""Memcached: recognised; not mapped by the targets yet (reported and left out of the plan)."""

from __future__ import annotations

from generator.classify.kinds.base import Kind
from generator.classify.kinds.generic import generic_facts

DATA_PATHS = ()

KIND = Kind(
    name="memcached",
    label="Memcached",
    images=r"memcached",
    commands=r"(^|\s|/)memcached(\s|$)",
    clients=None,
    healthchecks=None,
    env=r"MEMCACHED_(CACHE_SIZE|MAX_CONNECTIONS|THREADS)",
    ports=(11211,),
    data_paths=DATA_PATHS,
    default_port=11211,
    url_schemes=("memcache", "memcached"),
    facts=generic_facts("memcached", DATA_PATHS, 11211),
)
