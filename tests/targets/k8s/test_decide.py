"""decide(): the k8s target's settings, defaults with reasons, and the user's options winning."""

from __future__ import annotations

from generator.plan.model import Database, RedisFacts, Resource, SqlFacts, VaultFacts
from generator.targets.k8s import TARGET


def _res(**kw):
    base = dict(name="db", kind="postgres", mapping="", engine="postgres", versions={"postgres": "16"}, image="postgres:16",
                facts=SqlFacts())
    base.update(kw)
    return Resource(**base)


def test_timescaledb_gets_an_image_with_the_same_version_and_edition():
    r = TARGET.decide(_res(kind="timescaledb", engine="timescaledb", versions={"postgres": "16", "timescaledb": "2.17.2"},
                           image="timescale/timescaledb:2.17.2-pg16", facts=SqlFacts(databases=(Database("server2", "server2"),))), {})
    s = r.settings
    assert r.mapping == "cnpg"
    assert s["image"] == "timescale/timescaledb-ha:pg16.6-ts2.17.2"
    assert s["image_catalog"] is True and s["postgres_uid"] == 1000
    assert s["shared_preload_libraries"] == ["timescaledb"]
    assert s["extensions"] == ["timescaledb"]
    assert (s["database"], s["owner"]) == ("server2", "server2")
    assert s["tls"] is True and s["sslmode"] == "verify-full" and s["ca_file"] == "/etc/c2p/ca/ca.crt"


def test_every_setting_with_a_choice_has_a_reason():
    r = TARGET.decide(_res(), {})
    keys = {d.key for d in r.decisions}
    assert {"instances", "storage_size", "backup", "pooler", "tls", "sslmode", "image"} <= keys
    assert all(d.reason for d in r.decisions)


def test_user_options_win_and_are_marked_as_overrides():
    r = TARGET.decide(_res(), {"instances": 5, "storage": "200Gi", "pooler": True})
    assert (r.settings["instances"], r.settings["storage_size"], r.settings["pooler"]) == (5, "200Gi", True)
    sources = {d.key: d.source for d in r.decisions}
    assert sources["instances"] == sources["storage_size"] == "override"


def test_unknown_postgres_major_warns_and_uses_the_default():
    # a third-party image's latest is not in generator/lifecycle.py FLOATING: unknown, so the newest major CNPG ships
    r = TARGET.decide(_res(versions={}, image="bitnami/postgresql:latest"), {})
    assert r.settings["postgres_major"] == "18"
    assert any("PostgreSQL major not known" in w for w in r.warnings)


def test_unverified_timescaledb_tag_warns_to_pin():
    r = TARGET.decide(_res(kind="timescaledb", versions={"postgres": "15", "timescaledb": "2.11.0"}), {})
    assert r.settings["image"] == "timescale/timescaledb-ha:pg15-ts2.11"
    assert any("pin the exact tag" in w for w in r.warnings)


def _redis(version="7.4", engine="redis", persistence="aof", policy=None, options=None, save=None, fsync=None):
    versions = {engine: version} if version else {}
    return TARGET.decide(_res(name="cache", kind="redis", engine=engine, versions=versions,
                              image=f"{engine}:{version or 'alpine'}", facts=RedisFacts(persistence=persistence, maxmemory_policy=policy, save_points=save, appendfsync=fsync)), options or {})


def test_redis_maps_to_the_redis_operator_with_sentinel_failover_auth_and_tls():
    r = _redis(policy="allkeys-lru")
    s = r.settings
    assert r.mapping == "redis-operator"
    assert (s["replicas"], s["sentinels"], s["quorum"], s["failover"]) == (3, 3, 2, True)
    assert s["host"] == "cache-master" and s["port"] == 6379  # the Service that follows the primary
    assert s["auth"] is True and s["username"] == "default"
    assert s["password_secret"] == {"name": "cache-auth", "key": "password"}
    assert s["tls"] is True and s["tls_secret"] == "cache-tls"
    assert s["image"] == "quay.io/opstree/redis:v7.4.5" and s["sentinel_image"] == "quay.io/opstree/redis-sentinel:v7.0.15"
    assert s["config"] == ["maxmemory-policy allkeys-lru", "appendonly yes", "appendfsync everysec", 'save ""',
                           "save 3600 1 300 100 60 10000"]
    assert not any("fail over" in w for w in r.warnings)
    assert all(d.reason for d in r.decisions)
    assert {d.key: d.source for d in r.decisions}["maxmemory_policy"] == "compose"


def test_redis_image_is_the_nearest_verified_tag_at_or_above_the_compose_version():
    assert _redis("7.2").settings["image"] == "quay.io/opstree/redis:v7.4.5"  # 7.0 could not read a 7.2 RDB
    assert _redis("6.2").settings["image"] == "quay.io/opstree/redis:v7.0.15"
    r = _redis("8.0")
    assert (r.settings["image"], r.settings["sentinel_image"]) == ("quay.io/opstree/redis:v8.2.2", "quay.io/opstree/redis-sentinel:v8.2.2")
    newer = _redis("9.0")
    assert newer.settings["image"] == "quay.io/opstree/redis:v8.2.2"
    assert any("newer than the newest verified operator image" in w for w in newer.warnings)
    assert _redis(None).settings["image"] == "quay.io/opstree/redis:v7.4.5"


def test_valkey_keeps_its_engine_and_says_the_operator_does_not_ship_it():
    r = _redis("8.0", engine="valkey")
    assert r.settings["image"] == "valkey/valkey:8.0"
    assert r.settings["sentinel_image"].startswith("quay.io/opstree/redis-sentinel:")
    assert any("redis-operator#1395" in w for w in r.warnings)
    assert not any("#1395" in w for w in _redis("8.0", engine="valkey", options={"image": "quay.io/opstree/redis:v8.2.2"}).warnings)


def test_redis_persistence_lines_follow_compose():
    assert _redis(persistence="none").settings["config"] == ["appendonly no", 'save ""']
    assert _redis(persistence="rdb").settings["config"] == ["appendonly no", 'save ""', "save 3600 1 300 100 60 10000"]
    assert _redis(persistence="aof+rdb").settings["config"][0] == "appendonly yes"
    extra = _redis(options={"extra_config": "hz 20; lazyfree-lazy-eviction yes"}).settings["config"]
    assert extra[-2:] == ["hz 20", "lazyfree-lazy-eviction yes"]


def test_redis_save_points_and_fsync_are_compose_s_exactly():
    """Review k8s #10: `--save 60 1` stays `save 60 1` (the operator's own points cleared first), never weaker."""
    assert _redis(persistence="rdb", save=((60, 1),)).settings["config"] == ["appendonly no", 'save ""', "save 60 1"]
    both = _redis(persistence="aof+rdb", save=((900, 1), (60, 100)), fsync="always").settings["config"]
    assert both == ["appendonly yes", "appendfsync always", 'save ""', "save 900 1 60 100"]
    # no --save: the schedule compose's version ran by default (changed in Redis 6.2)
    assert _redis("6.0", persistence="rdb").settings["save"] == "900 1 300 10 60 10000"
    assert _redis("7.2", persistence="rdb").settings["save"] == "3600 1 300 100 60 10000"
    assert _redis(persistence="none", save=()).settings["config"] == ["appendonly no", 'save ""']


def test_redis_version_is_described_as_known():
    """Review k8s #16: an unpinned compose tag is not called 'the version compose ran'."""
    from generator.targets.k8s.mappings.redis_operator.redis import version_text

    assert [_redis(v).settings["version_match"] for v in ("7.4", "7.2", "9.0", None)] == ["same", "newer", "older", "unknown"]
    assert _redis("7.4", options={"image": "quay.io/opstree/redis:v8.2.2"}).settings["version_match"] == "override"
    unknown = version_text(_redis(None))
    assert "pins no Redis version" in unknown and "compose ran" not in unknown
    assert "the same Redis minor version as compose's tag (7.4)" in version_text(_redis("7.4"))


def test_redis_options_win_and_unsafe_ones_warn():
    r = _redis(options={"replicas": 1, "sentinels": 1, "tls": False, "anti_affinity": "sometimes"})
    s = r.settings
    assert (s["replicas"], s["sentinels"], s["quorum"], s["tls"], s["tls_secret"]) == (1, 1, 1, False, None)
    assert s["anti_affinity"] == "required"
    text = " ".join(r.warnings)
    assert "no replica to fail over to" in text and "cannot outvote" in text and "unknown anti_affinity" in text
    assert {d.key: d.source for d in r.decisions}["replicas"] == "override"


def test_vault_is_ha_raft_with_tls_and_no_namespace():
    r = TARGET.decide(_res(name="vault", kind="vault", engine="vault", versions={"vault": "1.18"}, image="hashicorp/vault:1.18", facts=VaultFacts(dev_mode=True)), {})
    s = r.settings
    assert r.mapping == "vault-helm"
    assert (s["replicas"], s["tls"], s["namespace"], s["seal"]) == (3, True, None, "shamir")
    assert s["addr"] == "https://vault-active:8200"


def test_vault_kms_seal_option():
    r = TARGET.decide(_res(name="vault", kind="vault", engine="vault", versions={}, facts=VaultFacts()), {"seal": "awskms"})
    assert r.settings["seal"] == "awskms"


def test_kinds_without_a_mapping_are_unsupported_with_the_reason_first():
    r = TARGET.decide(_res(name="mq", kind="rabbitmq", engine="rabbitmq"), {})
    assert r.mapping == "unsupported"
    assert "rabbitmq has no Kubernetes mapping" in r.warnings[0]
    assert ("mapping", "unsupported") in [(d.key, d.value) for d in r.decisions]  # left out, with the reason


def test_names_become_dns_labels():
    r = TARGET.decide(_res(name="My_DB.main"), {})
    assert r.settings["cluster"] == "my-db-main"
