"""Facts per kind: versions from tags, persistence, dev mode, databases and users, init scripts."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.classify.kinds.postgres import pg_major
from generator.classify.kinds.timescaledb import tsdb_version
from generator.classify.secrets import mask_text, project_secrets
from tests.classify.build import project, svc


@pytest.mark.parametrize("tag,major", [
    ("16", "16"), ("16.4-alpine3.20", "16"), ("17-bookworm", "17"), ("16-3.4", "16"), ("pg16", "16"),
    ("0.7.0-pg16", "16"), ("2.17.2-pg16", "16"), ("latest-pg17", "17"), ("pg16.4-ts2.16.1", "16"),
    ("pg14-latest", "14"), ("9.6", "9.6"), ("latest", None), ("alpine", None), (None, None),
    ("16.2.0-debian-12-r0", "16"),
])
def test_postgres_major(tag, major):
    assert pg_major(tag) == major


@pytest.mark.parametrize("tag,version", [
    ("2.17.2-pg16", "2.17.2"), ("latest-pg17", None), ("pg16.4-ts2.16.1", "2.16.1"), ("pg16-ts2.14", "2.14"),
    ("pg14-latest", None), ("2.14.2-pg15-oss", "2.14.2"), ("pg16", None),
])
def test_timescaledb_version(tag, version):
    assert tsdb_version(tag) == version


def _facts(*services):
    c = classify(project(*services))
    return {n: (i.kind, dict(i.versions), dict(i.facts)) for n, i in c.services.items()}


@pytest.mark.parametrize("command,env,persistence", [
    (["redis-server", "--appendonly", "yes"], {}, "aof"),
    (["redis-server", "--appendonly", "yes", "--save", "60", "1"], {}, "aof+rdb"),
    (["redis-server", "--save", ""], {}, "none"),
    (None, {}, "rdb"),
    (["redis-server", "--appendonly=yes"], {}, "aof"),
])
def test_redis_persistence(command, env, persistence):
    kind, _, facts = _facts(svc("r", "redis:7.2", command=command, env=env))["r"]
    assert facts["persistence"] == persistence


@pytest.mark.parametrize("command,points,fsync", [
    (["redis-server", "--save", "60", "1", "--loglevel", "warning"], ((60, 1),), None),   # review k8s #10 (authentik)
    (["redis-server", "--save", "900 1 300 10"], ((900, 1), (300, 10)), None),
    (["redis-server", "--save", "900", "1", "--save", "60", "100", "--appendfsync", "always"], ((900, 1), (60, 100)), "always"),
    (["redis-server", "--save", "60", "1", "--save", ""], (), None),  # a later `save ""` clears the earlier points
    (["redis-server", "--save=30 2"], ((30, 2),), None),
    (["redis-server", "--save", "sixty", "1"], None, None),            # Redis refuses it: the default is kept, no guess
    (["redis-server", "--appendonly", "yes"], None, None),
])
def test_redis_save_points(command, points, fsync):
    _, _, facts = _facts(svc("r", "redis:7.2", command=command))["r"]
    assert (facts["save_points"], facts["appendfsync"]) == (points, fsync)


def test_valkey_and_auth():
    kind, versions, facts = _facts(svc("r", "valkey/valkey:8.0-alpine",
                                        command=["sh", "-c", "valkey-server --requirepass $$PW"]))["r"]
    assert (kind, versions, facts["engine"], facts["auth"]) == ("redis", {"valkey": "8.0"}, "valkey", True)


def test_bitnami_redis_defaults_to_aof():
    _, _, facts = _facts(svc("r", "bitnami/redis:7.2", env={"REDIS_PASSWORD": "x"}))["r"]
    assert facts["persistence"] == "aof" and facts["auth"] is True


@pytest.mark.parametrize("command,env,dev", [
    (["server", "-dev"], {}, True),
    (None, {}, True),  # the official image's default command is `server -dev`
    (["server", "-config=/vault/config"], {}, False),
    (["server"], {"VAULT_DEV_ROOT_TOKEN_ID": "root"}, True),
])
def test_vault_dev_mode(command, env, dev):
    kind, versions, facts = _facts(svc("v", "hashicorp/vault:1.18.3", command=command, env=env))["v"]
    assert kind == "vault" and versions == {"vault": "1.18.3"} and facts["dev_mode"] is dev


def test_postgres_databases_users_init_and_volume():
    _, versions, facts = _facts(svc("db", "postgres:16", env={"POSTGRES_USER": "shop", "POSTGRES_DB": "orders"},
                                    volumes=("pg:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d:ro")))["db"]
    assert versions == {"postgres": "16"}
    assert facts["databases"] == [{"name": "orders", "owner": "shop"}] and facts["users"] == ["shop"]
    assert facts["init_scripts"] == ["./init"] and facts["data_volume"] == "pg"


def test_postgres_defaults_database_to_user():
    _, _, facts = _facts(svc("db", "postgres:16"))["db"]
    assert facts["databases"] == [{"name": "postgres", "owner": "postgres"}]


def test_secret_masking():
    p = project(svc("db", "postgres:16", env={"POSTGRES_PASSWORD": "hunter22"}),
                svc("r", "redis:7", command=["redis-server", "--requirepass", "r3d1s-pw"]))
    secrets = project_secrets(p)
    assert {"hunter22", "r3d1s-pw"} <= secrets
    assert mask_text("psql postgres://u:hunter22@db/x -c 'select 1' --requirepass=zz hunter22", secrets) == \
        "psql postgres://u:***@db/x -c 'select 1' --requirepass=*** ***"


def _conf_facts(tmp_path, conf: str | None, command, volumes=None):
    if conf is not None:
        (tmp_path / "redis.conf").write_text(conf, encoding="utf-8")
    volumes = volumes if volumes is not None else [f"{tmp_path}/redis.conf:/redis.conf"]
    p = project(svc("r", "redis:7.2", command=command, volumes=volumes), working_dir=str(tmp_path))
    c = classify(p)
    info = c.services["r"]
    return dict(info.facts), list(info.warnings)


@pytest.mark.parametrize("conf,command,want", [
    # outline: `redis-server /redis.conf` with a bind-mounted `appendonly yes` (review: planned as RDB, an hour lost)
    ("appendonly yes\n", ["redis-server", "/redis.conf"], ("aof", None, None, None)),
    ("# c\n  APPENDONLY yes\nappendfsync always\nsave 900 1\nsave 60 100\nmaxmemory-policy allkeys-lru\n",
     ["redis-server", "/redis.conf"], ("aof+rdb", ((900, 1), (60, 100)), "always", "allkeys-lru")),
    ('save ""\n', ["redis-server", "/redis.conf"], ("none", (), None, None)),
    # the command line after the file wins (config.c appends the options to the file's text)
    ("appendonly yes\nmaxmemory-policy allkeys-lru\n",
     ["redis-server", "/redis.conf", "--appendonly", "no", "--maxmemory-policy", "volatile-lru"],
     ("rdb", None, None, "volatile-lru")),
    ("save 900 1\n", ["redis-server", "/redis.conf", "--save", "60", "5"], ("rdb", ((900, 1), (60, 5)), None, None)),
    # the official image's entrypoint runs redis-server for a first argument ending in .conf
    ("appendonly yes\n", ["/redis.conf"], ("aof", None, None, None)),
])
def test_redis_config_file_from_the_project_is_read(tmp_path, conf, command, want):
    facts, warnings = _conf_facts(tmp_path, conf, command)
    assert (facts["persistence"], facts["save_points"], facts["appendfsync"], facts["maxmemory_policy"]) == want
    assert not any("config file" in w for w in warnings)


def test_redis_config_file_in_a_mounted_folder(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "redis.conf").write_text("appendonly yes\n", encoding="utf-8")
    facts, _ = _conf_facts(tmp_path, None, ["redis-server", "/usr/local/etc/redis/redis.conf"],
                           volumes=[f"{tmp_path}/conf:/usr/local/etc/redis:ro"])
    assert facts["persistence"] == "aof"


def test_redis_config_file_requirepass_is_a_password_never_kept(tmp_path):
    facts, warnings = _conf_facts(tmp_path, "requirepass s3cr3t-from-conf\n", ["redis-server", "/redis.conf"])
    assert facts["auth"] is True
    assert "s3cr3t-from-conf" not in repr(facts) + repr(warnings)
    facts, _ = _conf_facts(tmp_path, 'requirepass ""\n', ["redis-server", "/redis.conf"])
    assert facts["auth"] is False


@pytest.mark.parametrize("volumes,why", [
    ([], "not bind-mounted from the project"),                       # baked into the image
    (["/etc/redis/redis.conf:/redis.conf"], "outside the project"),  # a host file c2p does not read
    (["{tmp}/missing.conf:/redis.conf"], "not found"),
])
def test_redis_config_file_unread_defaults_to_aof_with_why(tmp_path, volumes, why):
    volumes = [v.format(tmp=tmp_path) for v in volumes]
    facts, warnings = _conf_facts(tmp_path, None, ["redis-server", "/redis.conf"], volumes=volumes)
    assert facts["persistence"] == "aof"
    assert any("/redis.conf" in w and why in w and "AOF" in w for w in warnings), warnings
