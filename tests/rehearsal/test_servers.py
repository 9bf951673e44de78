"""The rehearsal servers themselves: each accepts what production accepts and refuses what it refuses, so a
rehearsal that passes means the generated wiring worked, not that the server let anything through."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = pytest.mark.rehearsal


def _login(server, sslmode: str, rootcert: str | None = None):
    import psycopg

    kwargs = {"sslrootcert": rootcert} if rootcert else {}
    return psycopg.connect(host=server.host, port=server.port, user="app", password="pw-app-1", dbname="app",
                           sslmode=sslmode, connect_timeout=5, **kwargs)


def test_production_postgres_takes_tls_logins_only_and_verifies_with_the_test_ca(fresh_pg):
    import psycopg

    fresh_pg.run_sql("CREATE ROLE app LOGIN PASSWORD 'pw-app-1'")
    fresh_pg.run_sql("CREATE DATABASE app OWNER app")
    with _login(fresh_pg, "verify-full", str(fresh_pg.ca_cert)) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)
    with pytest.raises(psycopg.OperationalError, match="no pg_hba.conf entry|SSL off"):
        _login(fresh_pg, "disable")
    with pytest.raises(psycopg.OperationalError, match="certificate|root certificate"):
        _login(fresh_pg, "verify-full", "/nonexistent/ca.crt")


def test_compose_postgres_takes_plain_logins_and_client_tools_reach_it(fresh_compose_pg):
    fresh_compose_pg.run_sql("CREATE ROLE app LOGIN PASSWORD 'pw-app-1'")
    fresh_compose_pg.run_sql("CREATE DATABASE app OWNER app")
    with _login(fresh_compose_pg, "disable") as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("app",)
    env = fresh_compose_pg.env("app", "pw-app-1", "app")
    out = subprocess.run([fresh_compose_pg.bin("psql"), "-tAc", "SELECT 1"], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "1", out.stderr


def test_reset_leaves_a_fresh_cluster(pg):
    pg.run_sql("CREATE ROLE leftover LOGIN")
    pg.run_sql("CREATE DATABASE leftover OWNER leftover")
    pg.reset()
    assert pg.run_sql("SELECT count(*) FROM pg_roles WHERE rolname = 'leftover'") == [(0,)]
    assert pg.run_sql("SELECT count(*) FROM pg_database WHERE datname = 'leftover'") == [(0,)]


def test_redis_with_tls_and_password_refuses_a_client_without_them(redis_server):
    import redis

    server = redis_server(["maxmemory-policy allkeys-lru"], password="tok-1234")
    client = server.client()
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host=server.host, port=server.port, ssl=True, ssl_ca_certs=str(server.ca_cert)).get("k")
    with pytest.raises(redis.ConnectionError):
        redis.Redis(host=server.host, port=server.port, password="tok-1234", socket_timeout=3).get("k")  # no TLS
    cli = subprocess.run([*server.cli_args(), "GET", "k"], env=server.cli_env(), capture_output=True, text=True)
    assert cli.stdout.strip() == "v", cli.stderr


def _mariadb_cli(server, user, password, sql, **kw):
    return subprocess.run([*server.client_args(user, "app", **kw), "--batch", "--skip-column-names", "-e", sql],
                          env=server.client_env(password), capture_output=True, text=True, timeout=30)


def test_production_mariadb_takes_verified_tls_logins_only(fresh_mariadb, tmp_path):
    fresh_mariadb.create_user("app", "pw-app-1", "app")
    fresh_mariadb.create_user("loose", "pw-loose-1", "app", require_ssl=False)  # no REQUIRE SSL on the account
    out = _mariadb_cli(fresh_mariadb, "app", "pw-app-1", "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
                       "WHERE VARIABLE_NAME = 'Ssl_version'")
    assert out.stdout.strip().startswith("TLSv1."), out.stderr
    # require_secure_transport refuses a plain login even for an account without REQUIRE SSL (MariaDB 10.11 says
    # "Access denied" for it), and the same account over TLS gets in
    assert _mariadb_cli(fresh_mariadb, "loose", "pw-loose-1", "SELECT 1").stdout.strip() == "1"
    plain = _mariadb_cli(fresh_mariadb, "loose", "pw-loose-1", "SELECT 1", tls=False)
    assert plain.returncode != 0 and "Access denied" in plain.stderr, plain.stderr
    # a CA that did not sign the server's certificate: verification fails
    other = tmp_path / "other"
    other.mkdir()
    from tests.rehearsal.servers import TestCA

    wrong = _mariadb_cli(fresh_mariadb, "app", "pw-app-1", "SELECT 1", ca=TestCA(other).cert)
    assert wrong.returncode != 0 and "certificate" in wrong.stderr.lower(), wrong.stderr


def test_compose_mariadb_takes_plain_logins_and_reset_leaves_a_fresh_server(fresh_compose_mariadb):
    fresh_compose_mariadb.create_user("app", "pw-app-1", "app")
    out = _mariadb_cli(fresh_compose_mariadb, "app", "pw-app-1", "SELECT CURRENT_USER()")
    assert out.stdout.strip() == "app@%", out.stderr
    fresh_compose_mariadb.reset()
    assert fresh_compose_mariadb.sql("SELECT count(*) FROM mysql.global_priv WHERE User = 'app'") == [["0"]]
    assert fresh_compose_mariadb.sql("SHOW DATABASES LIKE 'app'") == []
