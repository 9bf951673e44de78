"""decide(): the k8s target's settings, defaults with reasons, and the user's options winning."""

from __future__ import annotations

from generator.plan.model import Database, Resource
from generator.targets.k8s import TARGET


def _res(**kw):
    base = dict(name="db", kind="postgres", mapping="", engine="postgres", versions={"postgres": "16"}, image="postgres:16")
    base.update(kw)
    return Resource(**base)


def test_timescaledb_gets_an_image_with_the_same_version_and_edition():
    r = TARGET.decide(_res(kind="timescaledb", engine="timescaledb", versions={"postgres": "16", "timescaledb": "2.17.2"},
                           image="timescale/timescaledb:2.17.2-pg16", databases=(Database("server2", "server2"),)), {})
    s = r.settings
    assert r.mapping == "cnpg"
    assert s["image"] == "timescale/timescaledb-ha:pg16.6-ts2.17.2"
    assert s["image_catalog"] is True and s["postgres_uid"] == 1000
    assert s["shared_preload_libraries"] == ["timescaledb"]
    assert s["extensions"] == ["timescaledb"]
    assert (s["database"], s["owner"]) == ("server2", "server2")
    assert s["tls"] is True and s["sslmode"] == "require"


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
    r = TARGET.decide(_res(versions={}, image="postgres:latest"), {})
    assert r.settings["postgres_major"] == "17"
    assert any("PostgreSQL major not known" in w for w in r.warnings)


def test_unverified_timescaledb_tag_warns_to_pin():
    r = TARGET.decide(_res(kind="timescaledb", versions={"postgres": "15", "timescaledb": "2.11.0"}), {})
    assert r.settings["image"] == "timescale/timescaledb-ha:pg15-ts2.11"
    assert any("pin the exact tag" in w for w in r.warnings)


def test_redis_maps_to_the_valkey_chart_with_auth_and_aof():
    r = TARGET.decide(_res(name="cache", kind="redis", engine="redis", versions={"redis": "7.4"}, image="redis:7.4", persistence="aof"), {})
    s = r.settings
    assert r.mapping == "valkey-helm"
    assert s["auth"] is True and s["username"] == "default" and s["persistence"] == "aof"
    assert s["password_secret"] == {"name": "cache-auth", "key": "default"}
    assert any("does not fail over automatically" in w for w in r.warnings)


def test_vault_is_ha_raft_with_tls_and_no_namespace():
    r = TARGET.decide(_res(name="vault", kind="vault", engine="vault", versions={"vault": "1.18"}, image="hashicorp/vault:1.18", dev_mode=True), {})
    s = r.settings
    assert r.mapping == "vault-helm"
    assert (s["replicas"], s["tls"], s["namespace"], s["seal"]) == (3, True, None, "shamir")
    assert s["addr"] == "https://vault-active:8200"


def test_vault_kms_seal_option():
    r = TARGET.decide(_res(name="vault", kind="vault", engine="vault", versions={}), {"seal": "awskms"})
    assert r.settings["seal"] == "awskms"


def test_kinds_without_a_mapping_are_unsupported_with_the_reason_first():
    r = TARGET.decide(_res(name="mq", kind="rabbitmq", engine="rabbitmq"), {})
    assert r.mapping == "unsupported"
    assert "rabbitmq has no Kubernetes mapping" in r.warnings[0]
    assert r.settings["tls"] is False


def test_names_become_dns_labels():
    r = TARGET.decide(_res(name="My_DB.main"), {})
    assert r.settings["cluster"] == "my-db-main"
