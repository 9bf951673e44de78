"""Fixtures of the rehearsal tier (tests/rehearsal/servers.py): the servers start once per test run, are
stopped at the end even when a test fails, and skip with the reason when their programs are missing (a failure
in CI, where C2P_REQUIRE_TOOLS=1: `make tools` installs them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_file, require_tool
from tests.rehearsal.mariadb_server import INSTALL_DB, MARIADBD, MariaDBServer
from tests.rehearsal.servers import PG_BIN, REDIS_SERVER, Postgres, RedisServer, TestCA, VaultServer, scratch_dir


def _need_postgres() -> None:
    require_file(PG_BIN / "initdb", "PostgreSQL 15 (Debian package postgresql-15)")
    require_tool("openssl")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="session")
def rehearsal_root():
    root = scratch_dir("c2p-rehearsal-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def ca(rehearsal_root):
    require_tool("openssl")
    (rehearsal_root / "ca").mkdir()
    return TestCA(rehearsal_root / "ca")


def _server(root, ca, tls):
    _need_postgres()
    server = Postgres(root, ca, tls)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def pg(rehearsal_root, ca):
    """The production side: TLS-only TCP logins with a certificate from `ca`."""
    server = _server(rehearsal_root / "pg", ca, tls=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def compose_pg(rehearsal_root, ca):
    """The compose side: plain TCP logins, as the dev container accepts them."""
    server = _server(rehearsal_root / "compose-pg", None, tls=False)
    yield server
    server.stop()


@pytest.fixture
def fresh_pg(pg):
    pg.reset()
    return pg


@pytest.fixture
def fresh_compose_pg(compose_pg):
    compose_pg.reset()
    return compose_pg


@pytest.fixture
def redis_server(rehearsal_root, ca, request):
    """start(conf_lines=(), password=None, tls=True) → a running RedisServer, stopped when the test ends."""
    require_file(Path(REDIS_SERVER), "redis-server (Debian package redis-server)")
    require_tool("redis-cli")
    pytest.importorskip("redis", reason="redis-py is not installed (pip install -e '.[test]')")
    started: list[RedisServer] = []

    def start(conf_lines=(), password=None, tls=True) -> RedisServer:
        # no [ ] * ? in the folder: Redis 7.0 reads a config path holding them as a glob pattern, and one that
        # matches nothing silently starts it on its defaults (port 6379)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)[:40]
        root = rehearsal_root / f"redis-{safe}-{len(started)}"
        server = RedisServer(root, ca if tls else None, password, tls)
        started.append(server)
        return server.start(conf_lines)

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def vault_server(rehearsal_root, ca):
    """Vault v1.21 (built by `make tools`) in dev mode with a TLS listener from `ca`, for the whole run."""
    server = VaultServer(rehearsal_root / "vault", ca, require_tool("vault"))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ca_configmap(rehearsal_root, ca):
    """A folder with what the release CA ConfigMap holds: the CA's public certificate as ca.crt, no key."""
    import shutil

    folder = rehearsal_root / "ca-configmap"
    folder.mkdir()
    shutil.copyfile(ca.cert, folder / "ca.crt")
    return folder


def _mariadb(root, ca, tls):
    require_file(MARIADBD, "MariaDB server (Debian packages mariadb-server mariadb-client)")
    require_tool(INSTALL_DB)
    require_tool("mariadb")
    require_tool("openssl")
    server = MariaDBServer(root, ca, tls)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def mariadb(rehearsal_root, ca):
    """The production side (RDS for MySQL/MariaDB, the operators' servers): a MariaDB server whose certificate comes
    from `ca`, with require_secure_transport=ON (every plain TCP login refused). See tests/rehearsal/mariadb_server.py:
    .host/.port/.ca_cert, .sql(statements, db=None) as root, .create_user(user, password, db, require_ssl=None),
    .client_args(user, db, ca=None, tls=None, program="mariadb") + .client_env(password), .admin_args(program),
    .reset()."""
    server = _mariadb(rehearsal_root / "mariadb", ca, tls=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def compose_mariadb(rehearsal_root):
    """The compose side: a MariaDB server taking plain TCP logins, as the dev container does (the dump source)."""
    server = _mariadb(rehearsal_root / "compose-mariadb", None, tls=False)
    yield server
    server.stop()


@pytest.fixture
def fresh_mariadb(mariadb):
    mariadb.reset()
    return mariadb


@pytest.fixture
def fresh_compose_mariadb(compose_mariadb):
    compose_mariadb.reset()
    return compose_mariadb


@pytest.fixture
def account(fresh_mariadb):
    """(server, user, password, database) on the TLS-only MariaDB: a fresh account with REQUIRE SSL."""
    fresh_mariadb.create_user("appuser", "pw-app-1", "appdb")
    return fresh_mariadb, "appuser", "pw-app-1", "appdb"


@pytest.fixture(scope="session")
def other_ca(rehearsal_root):
    """The certificate of a CA that signed nothing the servers present: a client trusting only it must be refused."""
    (rehearsal_root / "other-ca").mkdir()
    return TestCA(rehearsal_root / "other-ca").cert
