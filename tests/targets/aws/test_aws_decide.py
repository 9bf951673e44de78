"""decide() for --target aws: the mapping, settings the plan builder relies on, decisions with reasons."""

from __future__ import annotations

import pytest

from tests.targets.aws.aws_plans import postgres_plan, server2_plan, server2_resources
from generator.errors import C2PError
from generator.plan.model import Resource
from generator.targets.aws import TARGET


def _by_name(plan):
    return {r.name: r for r in plan.resources}


def test_server2_mappings_and_contract_settings():
    res = _by_name(server2_plan())
    assert res["timescaledb"].mapping == "tiger-cloud"
    assert res["redis"].mapping == "elasticache"
    assert res["vault"].mapping == "hcp-vault"
    assert all(r.settings["tls"] is True for r in res.values())
    assert res["timescaledb"].settings["sslmode"] == "verify-full" and res["timescaledb"].settings["ca_file"] == "/etc/ssl/certs/ca-certificates.crt"
    assert res["redis"].settings["auth"] is True and res["redis"].settings["username"] is None
    assert res["vault"].settings["namespace"] == "admin"


def test_every_setting_decision_has_a_reason():
    for r in server2_plan().resources + postgres_plan().resources:
        assert r.decisions and r.decisions[0].key == "mapping"
        assert all(d.reason.strip() for d in r.decisions), r.name


def test_secure_defaults():
    res = _by_name(server2_plan())
    ts, redis, vault = res["timescaledb"].settings, res["redis"].settings, res["vault"].settings
    assert ts["ha_replicas"] == 1 and ts["environment_tag"] == "PROD"
    assert redis["engine"] == "valkey" and redis["num_cache_clusters"] >= 2
    assert redis["transit_encryption_mode"] == "required" and redis["auth_token_update_strategy"] == "ROTATE"
    assert vault["tier"] == "standard_small" and vault["public_endpoint"] is False
    db = _by_name(postgres_plan())["db"].settings
    assert db["multi_az"] and db["backup_retention_days"] == 14 and db["deletion_protection"]
    assert db["engine_version"] == "16" and db["parameter_group_family"] == "postgres16"


def test_aof_replacement_is_explained():
    redis = _by_name(server2_plan())["redis"]
    persistence = next(d for d in redis.decisions if d.key == "persistence")
    assert "no AOF" in persistence.reason and "snapshots" in persistence.reason
    assert any("AOF has no ElastiCache equivalent" in w for w in redis.warnings)


def test_user_options_are_honoured():
    plan = server2_plan({"timescaledb": {"milli_cpu": 4000, "memory_gb": 16, "ha_replicas": 2, "vpc_peering": True},
                         "redis": {"num_cache_clusters": 3, "engine": "redis"}, "vault": {"tier": "plus_medium"}})
    res = _by_name(plan)
    assert res["timescaledb"].settings["milli_cpu"] == 4000 and res["timescaledb"].settings["vpc_peering"] is True
    assert res["redis"].settings["engine"] == "redis" and res["redis"].settings["engine_version"] == "7.1"
    assert res["vault"].settings["tier"] == "plus_medium"
    tier = next(d for d in res["vault"].decisions if d.key == "tier")
    assert tier.source == "override"


def test_forcing_rds_for_timescaledb_warns_loudly():
    ts = next(r for r in server2_resources() if r.kind == "timescaledb")
    forced = TARGET.decide(ts, {"engine": "rds"})
    assert forced.mapping == "rds" and forced.engine == "postgres"
    first = forced.warnings[0]
    assert "FORCED TO RDS WITHOUT TIMESCALEDB" in first
    for breaks in ("hypertables", "continuous aggregates", "compression", "CREATE EXTENSION timescaledb"):
        assert breaks in first


def test_unmapped_kind_is_unsupported_with_reason_first():
    out = TARGET.decide(Resource("queue", "rabbitmq", "", "rabbitmq"), {})
    assert out.mapping == "unsupported"
    assert "no AWS mapping" in out.warnings[0] and "Amazon MQ" in out.warnings[0]
    odd = TARGET.decide(Resource("thing", "unknown-stateful", "", ""), {})
    assert odd.mapping == "unsupported" and "left out" in odd.warnings[0]


@pytest.mark.parametrize("name,options,fragment", [
    ("timescaledb", {"milli_cpu": 3000}, "milli_cpu"),
    ("timescaledb", {"milli_cpu": 2000, "memory_gb": 4}, "memory_gb = milli_cpu / 250"),
    ("redis", {"num_cache_clusters": 1}, "num_cache_clusters"),
    ("vault", {"tier": "dev"}, "tier"),
])
def test_bad_options_are_user_errors(name, options, fragment):
    res = next(r for r in server2_resources() if r.name == name)
    with pytest.raises(C2PError) as err:
        TARGET.decide(res, options)
    assert fragment in err.value.one_line()


def test_unknown_option_is_reported():
    res = next(r for r in server2_resources() if r.name == "vault")
    out = TARGET.decide(res, {"tierr": "plus_small"})
    assert any("tierr" in w for w in out.warnings)


def test_generic_option_names_map_to_each_service():
    res = {r.name: r for r in server2_resources()}
    ts = TARGET.decide(res["timescaledb"], {"ha": False, "region": "us-east-1"})
    assert ts.settings["ha_replicas"] == 0 and not any("region" in w for w in ts.warnings)
    redis = TARGET.decide(res["redis"], {"size": "cache.r7g.large", "replicas": 2, "backup_retention_days": 3})
    assert redis.settings["node_type"] == "cache.r7g.large" and redis.settings["num_cache_clusters"] == 3
    assert redis.settings["snapshot_retention_days"] == 3
    single = TARGET.decide(res["redis"], {"ha": False})
    assert single.settings["num_cache_clusters"] == 1 and single.settings["automatic_failover"] is False
    assert any("no failover" in w for w in single.warnings)
    pg = TARGET.decide(Resource("db", "postgres", "", "postgres"), {"size": "db.r7g.xlarge", "ha": False,
                                                                      "storage_gb": 100, "version": 15})
    assert pg.settings["instance_class"] == "db.r7g.xlarge" and pg.settings["multi_az"] is False
    assert pg.settings["allocated_storage"] == 100 and pg.settings["engine_version"] == "15"
    vault = TARGET.decide(res["vault"], {"size": "plus_small", "ha": True})
    assert vault.settings["tier"] == "plus_small"
    assert any("production tiers are highly available" in w for w in vault.warnings)
