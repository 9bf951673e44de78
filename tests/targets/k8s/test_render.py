"""render(): the k8s tree for a hand-built server2 plan — layout, wiring, no secrets, determinism."""

from __future__ import annotations

import yaml

from generator.render import render
from tests.targets.k8s.server2_plan import server2_plan


def _tree(**kw):
    return render(server2_plan(**kw))


def test_layout():
    tree = _tree()
    for path in (
        "README.md", "MIGRATION.md", "env/server2.env", "env/worker.env", "env/migrate.env",
        "manifests/timescaledb/cluster.yaml", "manifests/timescaledb/objectstore.yaml",
        "manifests/timescaledb/scheduledbackup.yaml", "manifests/timescaledb/imagecatalog.yaml",
        "values/vault.values.yaml",
        "manifests/redis/configmap.yaml", "manifests/redis/redisreplication.yaml", "manifests/redis/redissentinel.yaml",
        "charts/server2/Chart.yaml", "charts/server2/values.yaml", "charts/server2/values.schema.json",
        "charts/server2/templates/deployment.yaml", "charts/server2/templates/job.yaml",
    ):
        assert path in tree, path
    assert "manifests/timescaledb/pooler.yaml" not in tree
    assert "values/redis.values.yaml" not in tree


def test_optional_pooler_and_podmonitor():
    tree = _tree(options={"timescaledb": {"pooler": True, "monitoring": True}})
    assert "manifests/timescaledb/pooler.yaml" in tree and "manifests/timescaledb/podmonitor.yaml" in tree
    values = yaml.safe_load(tree["charts/server2/values.yaml"])
    url = next(e for e in values["apps"]["server2"]["composedEnv"] if e["name"] == "DATABASE_URL")["value"]
    assert "@timescaledb-pooler-rw:5432/" in url


def test_values_files_start_with_the_chart_line():
    tree = _tree()
    assert tree["values/vault.values.yaml"].splitlines()[0] == "# c2p-chart: hashicorp/vault 0.34.1"


def test_extension_is_created_in_the_app_database():
    spec = yaml.safe_load(_tree()["manifests/timescaledb/cluster.yaml"])["spec"]
    assert spec["bootstrap"]["initdb"]["database"] == "server2"
    assert spec["bootstrap"]["initdb"]["postInitApplicationSQL"] == ["CREATE EXTENSION IF NOT EXISTS timescaledb;"]
    assert "postInitSQL" not in spec["bootstrap"]["initdb"]
    assert spec["postgresql"]["shared_preload_libraries"] == ["timescaledb"]
    assert spec["instances"] == 3 and spec["enableSuperuserAccess"] is False


def test_database_url_is_built_from_the_cnpg_secret_with_tls():
    app = yaml.safe_load(_tree()["charts/server2/values.yaml"])["apps"]["server2"]
    refs = {e["name"]: (e["secretName"], e["key"]) for e in app["secretEnv"]}
    assert refs["C2P_TIMESCALEDB_PASSWORD"] == ("timescaledb-app", "password")
    composed = {e["name"]: e["value"] for e in app["composedEnv"]}
    assert composed["DATABASE_URL"] == (
        "postgresql://$(C2P_TIMESCALEDB_USERNAME):$(C2P_TIMESCALEDB_PASSWORD)@timescaledb-rw:5432/server2?sslmode=require"
    )
    assert composed["REDIS_URL"] == "rediss://default:$(C2P_REDIS_PASSWORD)@redis-master:6379/0"
    assert refs["C2P_REDIS_PASSWORD"] == ("redis-auth", "password")
    assert app["env"]["VAULT_ADDR"] == "https://vault-active:8200"
    assert "VAULT_TOKEN" not in app["env"] and all(e["name"] != "VAULT_TOKEN" for e in app["secretEnv"])
    assert refs["API_KEY"] == ("server2-env", "API_KEY")


def test_run_once_service_is_a_hook_job_and_waits_for_its_database():
    values = yaml.safe_load(_tree()["charts/server2/values.yaml"])
    assert "migrate" in values["jobs"] and "migrate" not in values["apps"]
    assert values["jobs"]["migrate"]["waitFor"] == [{"name": "timescaledb", "host": "timescaledb-rw", "port": 5432}]


def test_probes_and_resources_from_compose():
    app = yaml.safe_load(_tree()["charts/server2/values.yaml"])["apps"]["server2"]
    assert app["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": 8080,
                                                "httpHeaders": [{"name": "Host", "value": "localhost:8080"}]}
    assert app["readinessProbe"]["periodSeconds"] == 10 and app["readinessProbe"]["failureThreshold"] == 5
    assert app["resources"]["limits"] == {"cpu": "1", "memory": "512Mi"}
    assert app["replicas"] == 2


def test_no_compose_secret_in_any_file():
    for path, text in _tree().items():
        for secret in ("devpassword", "dev-root-token"):
            assert secret not in text, f"{secret} in {path}"


def test_second_render_is_byte_identical():
    assert _tree() == _tree()


def test_env_file_says_where_each_value_comes_from():
    env = _tree()["env/server2.env"]
    assert "DATABASE_URL=postgresql://<username>:<password>@timescaledb-rw:5432/server2?sslmode=require" in env
    assert "Secret timescaledb-app" in env
    assert "# VAULT_TOKEN: removed." in env


def test_redis_is_a_replication_watched_by_sentinels_with_the_compose_persistence():
    tree = _tree()
    config = yaml.safe_load(tree["manifests/redis/configmap.yaml"])
    repl = yaml.safe_load(tree["manifests/redis/redisreplication.yaml"])
    sent = yaml.safe_load(tree["manifests/redis/redissentinel.yaml"])
    assert (repl["kind"], sent["kind"]) == ("RedisReplication", "RedisSentinel")
    assert repl["apiVersion"] == sent["apiVersion"] == "redis.redis.opstreelabs.in/v1beta2"
    spec = repl["spec"]
    assert spec["clusterSize"] == 3
    assert spec["redisConfig"]["additionalRedisConfig"] == config["metadata"]["name"]
    assert "appendonly yes" in config["data"]["redis-additional.conf"].splitlines()
    assert spec["kubernetesConfig"]["redisSecret"] == {"name": "redis-auth", "key": "password"}
    assert spec["TLS"]["secret"]["secretName"] == "redis-tls" and spec["storage"]["keepAfterDelete"] is True
    ssp = sent["spec"]
    assert ssp["clusterSize"] == 3 and ssp["redisSentinelConfig"]["redisReplicationName"] == repl["metadata"]["name"]
    assert ssp["redisSentinelConfig"]["quorum"] == "2"
    assert ssp["redisSentinelConfig"]["redisReplicationPassword"]["secretKeyRef"] == {"name": "redis-auth", "key": "password"}
    assert ssp["TLS"]["secret"]["secretName"] == "redis-tls"


def test_apps_wait_for_the_service_that_follows_the_redis_primary():
    values = yaml.safe_load(_tree()["charts/server2/values.yaml"])
    assert {"name": "redis", "host": "redis-master", "port": 6379} in values["apps"]["server2"]["waitFor"]


def test_readme_explains_the_redis_choice_failover_and_install_order():
    readme = _tree()["README.md"]
    assert "ot-helm/redis-operator --version 0.26.1" in readme
    assert "featureGates.GenerateConfigInInitContainer=true" in readme
    for text in ("How failover works", "Why the redis-operator", "valkey-io/valkey-helm#234", "TLS: on", "bitnamilegacy"):
        assert text in readme, text
    # the operator first, the replication next, the Sentinels last
    assert readme.index("helm upgrade --install redis-operator") < readme.index("redisreplication.yaml") < readme.index(
        "apply -f manifests/redis/redissentinel.yaml")
    migration = _tree()["MIGRATION.md"]
    assert "SHUTDOWN NOSAVE" in migration and "CONFIG SET appendonly yes" in migration
