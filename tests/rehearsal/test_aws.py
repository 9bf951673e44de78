"""Rehearsal of the aws target's production side and apps: every golden case whose aws output has an RDS
PostgreSQL (`aws_db_instance`) or an ElastiCache group (`aws_elasticache_replication_group`) with a consumer app,
and server2's Tiger Cloud TimescaleDB, generated fresh with `c2p generate --target aws`.

The production side is built from the generated Terraform as AWS would build it (tests/rehearsal/aws_side.py says
what is emulated and on what grounds: an RDS master that is no superuser but a member of an emulated
`rds_superuser`, the database owned by it, TLS forced; Tiger Cloud's non-superuser tsdbadmin owning tsdb; a
TLS-only Redis whose `default` password is the auth token). Each app's environment is app_env.tf's `locals`
evaluated by `tofu console`; the apps then connect with psycopg and redis-py using exactly those variables.

Substitutions (the only things the test changes), all on the text of app_env.tf before `tofu console` sees it:
- `aws_db_instance.<db>.address` → 127.0.0.1, `.port` → the `pg` server's port; `.username`/`.db_name` → the
  values the same .tf file sets (what AWS echoes back; `postgres` when there is no db_name).
- `random_password.<db>_app.result` (the apps' role's password) → the password README.md's role step set. The
  role step itself runs as written (runbook.py's stand-ins: `tofu output` → the `pg` endpoint and secret ARNs,
  `aws secretsmanager get-secret-value` → the RDS-managed master secret `{"username", "password"}` and the apps'
  role secret, `curl` of the RDS CA bundle → the test CA).
- `aws_elasticache_replication_group.<c>.primary_endpoint_address` → 127.0.0.1, `.port` → the Redis server's port;
  `random_password.<c>_auth.result` (the auth token) → the token the test gave the server.
- `timescale_service.<t>.hostname`/`.port`/`.username`/`.password` → 127.0.0.1, the `pg` port, tsdbadmin, the
  test's password; `random_password.<t>_app.result` → the apps' role's password README.md's role step set.
- `hcp_vault_cluster.<v>.vault_private_endpoint_url`/`.namespace` → https://vault.unrehearsed.invalid:8200 and
  `admin` (no Vault here: the variables are evaluated, never used).
- Clients: the CA that signs RDS/ElastiCache/Tiger certificates (Amazon's RDS bundle at the settings' ca_file in
  the app's image; Tiger Cloud's public CAs in its OS trust store) is the test CA: redis-py gets `ssl_ca_certs`,
  and the PostgreSQL connections (verify-full, as generated) get `sslrootcert`.

Unrehearsed here: the timescaledb extension (not packaged by Debian: `CREATE EXTENSION timescaledb`, hypertables,
Tiger Cloud's catalog), everything only the services do (Multi-AZ failover, IAM database authentication, the
Secrets Manager rotation itself — emulated by ALTER ROLE — security groups, KMS, snapshots), HCP Vault (no Vault
binary), and `tofu apply` itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import require_tool
from tests.rehearsal import aws_side
from tests.rehearsal.aws_side import CASES

pytestmark = pytest.mark.rehearsal

# the errors each strict xfail expects (raises=), so that an xfail cannot hide a broken set-up; the fixtures skip
# (fail in CI) when the clients are missing
try:
    from psycopg import OperationalError as PgRefused
except ImportError:  # pragma: no cover
    PgRefused = Exception
try:
    from redis import ConnectionError as RedisRefused
except ImportError:  # pragma: no cover
    RedisRefused = Exception

# an RDS-managed master password uses printable ASCII but / @ " ' and space: the URL-special ones are here
MASTER_PW = "Rds#pw%1:?&[]{}~x=+"
TIGER_PW = "Tsdb#pw%2:?&~y"
APP_PW = "App" + "x7Y8z9W0" * 4 + "rol"  # random_password.<db>_app: 40 letters and digits (special = false)
TOKEN = "T0ken" + "a1B2c3D4" * 7 + "xyz"  # random_password: 64 letters and digits (special = false)
VAULT_STUB = {"vault_private_endpoint_url": "https://vault.unrehearsed.invalid:8200", "namespace": "admin"}


def _cases_with(resource: str, also: str = "") -> list[str]:
    """Golden cases whose expected aws output declares the resource type (with the regex `also` in the same file)
    (the golden tests keep expected/ equal to what c2p generates; the rehearsal generates afresh)."""
    found = []
    for case in sorted(p for p in CASES.iterdir() if (p / "expected" / "aws" / "terraform").is_dir()):
        texts = [f.read_text() for f in (case / "expected/aws/terraform").glob("*.tf")]
        if any(f'resource "{resource}"' in t and re.search(also, t) for t in texts):
            found.append(case.name)
    return found


# RDS for PostgreSQL here; RDS for MySQL/MariaDB is rehearsed in test_mysql_runbook.py against MariaDB
RDS_CASES = _cases_with("aws_db_instance", r'\bengine\s*=\s*"postgres"')
CACHE_CASES = _cases_with("aws_elasticache_replication_group")
TIGER_CASES = _cases_with("timescale_service")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """case → (aws/ folder, parsed Terraform), generated once per module."""
    cache: dict[str, tuple[Path, dict]] = {}

    def get(case: str) -> tuple[Path, dict]:
        if case not in cache:
            require_tool("hcl2json")
            out = aws_side.generate(case, tmp_path_factory.mktemp(f"aws-{case}"))
            cache[case] = (out, aws_side.parse_terraform(out / "terraform"))
        return cache[case]

    return get


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    """(case, substitutions) → {app: env}: app_env.tf evaluated by tofu console, memoised."""
    cache: dict = {}

    def get(tfdir: Path, values: dict[str, object]) -> dict[str, dict[str, str]]:
        key = (str(tfdir), tuple(sorted((k, str(v)) for k, v in values.items())))
        if key not in cache:
            tofu = require_tool("tofu")
            cache[key] = aws_side.app_env(tfdir, values, tofu, tmp_path_factory.mktemp("tfconsole"))
        return cache[key]

    return get


def _other_values(tf: dict, pg) -> dict[str, object]:
    """Substitutions for the services this test does not stand up (Tiger Cloud on `pg`, HCP Vault stubbed)."""
    values: dict[str, object] = {}
    for name in tf["resource"].get("timescale_service", {}):
        values.update({f"timescale_service.{name}.hostname": pg.host, f"timescale_service.{name}.port": pg.port,
                       f"timescale_service.{name}.username": "tsdbadmin",
                       f"timescale_service.{name}.password": TIGER_PW, f"random_password.{name}_app.result": APP_PW})
    for name in tf["resource"].get("hcp_vault_cluster", {}):
        values.update({f"hcp_vault_cluster.{name}.{k}": v for k, v in VAULT_STUB.items()})
    return values


def _connect(conninfo: str, **kwargs):
    import psycopg

    return psycopg.connect(conninfo, connect_timeout=5, autocommit=True, **kwargs)


def _pg_targets(env: dict[str, str], pg) -> list[tuple[str, dict]]:
    """Every way an app's env reaches the `pg` server: (label, psycopg.connect arguments) — each URL, and each
    <P>HOST/<P>PORT/<P>USER/<P>PASSWORD/<P>NAME(/<P>SSLMODE) group, read as an app's driver would."""
    found = []
    for key, value in sorted(env.items()):
        if re.match(r"postgres(ql)?://", value):
            found.append((key, {"conninfo": value}))
        if key.endswith("HOST") and env.get(key[:-4] + "PORT") == str(pg.port):
            p = key[:-4]
            pick = lambda *names: next((env[p + n] for n in names if p + n in env), None)  # noqa: E731
            args = {"host": value, "port": int(env[p + "PORT"]), "user": pick("USER", "USERNAME"),
                    "password": pick("PASSWORD", "PASS"), "dbname": pick("NAME", "DATABASE", "DB")}
            assert None not in args.values(), f"{p}*: an incomplete host/port group: {sorted(env)}"
            if p + "SSLMODE" in env:
                args["sslmode"] = env[p + "SSLMODE"]
            found.append((f"{p}HOST…", {"conninfo": "", **args}))
    return found


def _app_writes(conninfo: dict, table: str, **extra) -> tuple[str, bool]:
    """Connect as the app, create the table if needed (the app's migrations), write and read a row;
    (current_user, whether the session is TLS)."""
    args = {**conninfo, **extra}
    with _connect(args.pop("conninfo"), **args) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id bigserial PRIMARY KEY, note text)")
        conn.execute(f"INSERT INTO {table} (note) VALUES ('from the app')")
        assert conn.execute(f"SELECT note FROM {table}").fetchall() == [("from the app",)]
        user, ssl = conn.execute("SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        conn.execute(f"DELETE FROM {table}")
        return user, ssl


def _rds(case, generated, evaluated, pg, tmp_path_factory=None):
    """The instances built as RDS builds them, README.md's role step run as written (as the master, with the
    password from the managed secret), and each app's env evaluated."""
    import tempfile

    aws, tf = generated(case)
    instances = aws_side.rds_instances(tf)
    assert instances
    values = _other_values(tf, pg)
    for inst in instances:
        aws_side.build_rds(pg, inst, MASTER_PW)
        aws_side.run_role_step(aws, inst, pg, MASTER_PW, APP_PW, Path(tempfile.mkdtemp(prefix="c2p-reh-role-")))
        values.update(aws_side.rds_values(inst, pg.host, pg.port, APP_PW))
    return instances, evaluated(aws / "terraform", values)


def _ca(pg) -> dict:
    """The CA file the app's container has (settings ca_file: Amazon's RDS bundle in production) → the test CA."""
    return {"sslrootcert": str(pg.ca_cert)}


@pytest.fixture
def rds_pg(fresh_pg):
    """`pg` reset, and at the end the `postgres` database given back (an RDS without db_name hands it to the
    master) so that the next reset can drop the roles."""
    yield fresh_pg
    aws_side.undo_postgres_db(fresh_pg, [r[0] for r in fresh_pg.run_sql(
        "SELECT rolname FROM pg_roles WHERE rolname <> 'postgres' AND rolname NOT LIKE 'pg\\_%'")])


# ---- RDS ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", RDS_CASES)
def test_rds_master_is_built_as_aws_builds_it(case, generated, evaluated, rds_pg):
    """The emulated instance: the master is no superuser, a member of rds_superuser, CREATEDB/CREATEROLE; the
    parameter group forces TLS. After README.md's role step the apps' role, a plain LOGIN role, owns db_name."""
    instances, _ = _rds(case, generated, evaluated, rds_pg)
    for inst in instances:
        assert inst.force_ssl, f"{inst.name}: the parameter group does not set rds.force_ssl = 1"
        assert inst.app_role != inst.username
        row = rds_pg.run_sql(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, pg_has_role(rolname, 'rds_superuser', 'MEMBER') "
            f"FROM pg_roles WHERE rolname = '{inst.username}'")
        assert row == [(False, True, True, True)], (inst, row)
        row = rds_pg.run_sql(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, pg_has_role(rolname, 'rds_superuser', 'MEMBER'), "
            f"(SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{inst.db_name}') "
            f"FROM pg_roles WHERE rolname = '{inst.app_role}'")
        assert row == [(False, False, False, True, False, inst.app_role)], (inst, row)


@pytest.mark.parametrize("case", RDS_CASES[:1])
def test_role_step_never_logs_the_clear_password(case, generated, evaluated, rds_pg):
    """The RDS parameter group logs DDL (log_statement = ddl) to CloudWatch: README.md's role step sets the apps'
    password as a SCRAM verifier computed on the operator's host, so neither the server log nor pg_stat_activity
    sees the clear password; the apps still log in with it (checked by the env tests below)."""
    rds_pg.run_sql("ALTER SYSTEM SET log_statement = 'ddl'")
    rds_pg.run_sql("SELECT pg_reload_conf()")
    log = rds_pg.root / "server.log"
    start = log.stat().st_size
    try:
        instances, _ = _rds(case, generated, evaluated, rds_pg)
    finally:
        rds_pg.run_sql("ALTER SYSTEM RESET log_statement")
        rds_pg.run_sql("SELECT pg_reload_conf()")
    with open(log, "rb") as fh:
        fh.seek(start)
        text = fh.read().decode(errors="replace")
    assert "ALTER ROLE" in text and APP_PW not in text  # the statement was logged, without the clear password
    assert "SCRAM-SHA-256$4096:" in text  # but with the verifier
    for inst in instances:
        (stored,) = rds_pg.run_sql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{inst.app_role}'")[0]
        assert stored.startswith("SCRAM-SHA-256$4096:")


@pytest.mark.parametrize("case", RDS_CASES)
def test_rds_apps_write_and_read_with_their_generated_env(case, generated, evaluated, rds_pg):
    """Every app's DATABASE_URL-like variable and host/port group: a verified TLS session (verify-full, with the
    CA the app's container has) as the apps' own role, which creates its table and writes it; a CA that did not
    sign the server's certificate is refused."""
    import psycopg

    instances, envs = _rds(case, generated, evaluated, rds_pg)
    by_db = {inst.db_name: inst for inst in instances}
    reached = set()
    for app, env in envs.items():
        for label, conninfo in _pg_targets(env, rds_pg):
            with _connect(conninfo["conninfo"], **{k: v for k, v in conninfo.items() if k != "conninfo"},
                          **_ca(rds_pg)) as probe:
                db = probe.info.dbname
            inst = by_db[db]
            table = f"rehearsal_{app}_{len(reached)}".replace("-", "_")
            user, ssl = _app_writes(conninfo, table, **_ca(rds_pg))
            assert (user, ssl) == (inst.app_role, True), (app, label)
            with pytest.raises(psycopg.OperationalError, match="certificate"):
                _app_writes(conninfo, table, sslrootcert=str(rds_pg.root / "no-such-ca.crt"))
            reached.add(inst.name)
    assert reached == {inst.name for inst in instances}, f"no app reaches {set(by_db) - reached}"


def _master(pg, inst) -> dict:
    return {"host": pg.host, "port": pg.port, "user": inst.username, "password": MASTER_PW, "dbname": inst.db_name}


@pytest.mark.parametrize("case", RDS_CASES[:1])
def test_break_rds_sslmode_disable_is_refused(case, generated, evaluated, rds_pg):
    """The tier can fail: the generated URL with sslmode=disable is refused by the TLS-only (rds.force_ssl)
    server — and the untouched URL is accepted, so the refusal is the sslmode's."""
    import psycopg

    _, envs = _rds(case, generated, evaluated, rds_pg)
    (label, conninfo), *_ = [t for env in envs.values() for t in _pg_targets(env, rds_pg) if t[1]["conninfo"]]
    with _connect(conninfo["conninfo"], **_ca(rds_pg)):
        pass
    with pytest.raises(psycopg.OperationalError, match="no pg_hba.conf entry.*no encryption"):
        with _connect(aws_side.with_query(conninfo["conninfo"], sslmode="disable")):
            pass


@pytest.mark.parametrize("case", RDS_CASES[:1])
def test_rds_app_env_survives_a_master_password_rotation(case, generated, evaluated, rds_pg):
    """Secrets Manager rotates the RDS-managed master secret (every 7 days by default): emulated by ALTER ROLE.
    The app's env, assembled at apply time, must still let the app in (review aws #4)."""
    instances, envs = _rds(case, generated, evaluated, rds_pg)
    targets = [t for env in envs.values() for t in _pg_targets(env, rds_pg)]
    assert targets
    for _, conninfo in targets:  # the env works before the rotation
        with _connect(conninfo["conninfo"], **{k: v for k, v in conninfo.items() if k != "conninfo"}, **_ca(rds_pg)):
            pass
    for inst in instances:
        rds_pg.run_sql(f"ALTER ROLE {inst.username} PASSWORD 'rotated-{MASTER_PW}'")
    for _, conninfo in targets:
        with _connect(conninfo["conninfo"], **{k: v for k, v in conninfo.items() if k != "conninfo"}, **_ca(rds_pg)):
            pass


@pytest.mark.parametrize("case", RDS_CASES[:1])
def test_rds_apps_do_not_connect_as_the_master(case, generated, evaluated, rds_pg):
    """Review aws #11: the apps log in as their own role, never as the RDS master."""
    instances, envs = _rds(case, generated, evaluated, rds_pg)
    masters = {inst.username for inst in instances}
    for env in envs.values():
        for _, conninfo in _pg_targets(env, rds_pg):
            with _connect(conninfo["conninfo"], **{k: v for k, v in conninfo.items() if k != "conninfo"},
                          **_ca(rds_pg)) as conn:
                (user,) = conn.execute("SELECT current_user").fetchone()
            assert user not in masters


# ---- ElastiCache -------------------------------------------------------------------------------------------------

def _cache(case, generated, evaluated, pg, redis_server):
    aws, tf = generated(case)
    (cache,) = aws_side.cache_groups(tf)
    assert cache.tls_required
    server = redis_server(aws_side.cache_conf_lines(cache), password=TOKEN, tls=True)
    values = {**_other_values(tf, pg), **aws_side.cache_values(cache, server.host, server.port, TOKEN)}
    for inst in aws_side.rds_instances(tf):
        values.update(aws_side.rds_values(inst, pg.host, pg.port, APP_PW))
    return server, evaluated(aws / "terraform", values)


def _redis_urls(envs) -> list[tuple[str, str, str]]:
    return [(app, k, v) for app, env in envs.items() for k, v in sorted(env.items()) if re.match(r"rediss?://", v)]


@pytest.mark.parametrize("case", CACHE_CASES)
def test_elasticache_apps_set_and_get_with_their_redis_url(case, generated, evaluated, pg, redis_server):
    import redis

    server, envs = _cache(case, generated, evaluated, pg, redis_server)
    urls = _redis_urls(envs)
    assert urls, f"{case}: no app has a Redis URL"
    for app, key, url in urls:
        assert url.startswith("rediss://"), (app, key)
        client = redis.from_url(url, ssl_ca_certs=str(server.ca_cert), socket_timeout=5)
        client.set(f"rehearsal:{app}", app)
        assert client.get(f"rehearsal:{app}") == app.encode()
        client.close()


def _host_port_apps(envs, server) -> list[tuple[str, dict]]:
    return [(app, {k: v for k, v in env.items() if k.startswith(key[:-4])})
            for app, env in envs.items() for key, value in env.items()
            if key.endswith("HOST") and env.get(key[:-4] + "PORT") == str(server.port)]


HOST_PORT_CASES = [c for c in CACHE_CASES if re.search(r'"\w*REDIS\w*_HOST"\s*=',
                                                      (CASES / c / "expected/aws/terraform/app_env.tf").read_text())]


@pytest.mark.parametrize("case", HOST_PORT_CASES)
def test_elasticache_host_port_apps_set_and_get(case, generated, evaluated, pg, redis_server):
    """The app's driver reads <P>HOST/<P>PORT/<P>PASSWORD/<P>TLS as its variables say: the token and the TLS switch
    are there under the app's own names (review aws #7). Broken on purpose: the same group without its TLS switch
    speaks plain RESP to the TLS-only port and is refused."""
    import redis

    server, envs = _cache(case, generated, evaluated, pg, redis_server)
    apps = _host_port_apps(envs, server)
    assert apps
    for app, group in apps:
        p = next(k for k in group if k.endswith("HOST"))[:-4]
        tls = group.get(p + "TLS", group.get(p + "SSL", "")).lower() in ("1", "true", "yes")
        extra = {"ssl": True, "ssl_ca_certs": str(server.ca_cert)} if tls else {}
        assert tls, f"{app}: no TLS switch in {sorted(group)}"
        client = redis.Redis(host=group[p + "HOST"], port=int(group[p + "PORT"]), password=group.get(p + "PASSWORD"),
                             socket_timeout=5, socket_connect_timeout=5, **extra)
        client.set(f"rehearsal:{app}", app)
        assert client.get(f"rehearsal:{app}") == app.encode()
        plain = redis.Redis(host=group[p + "HOST"], port=int(group[p + "PORT"]), password=group.get(p + "PASSWORD"),
                            socket_timeout=5, socket_connect_timeout=5)
        with pytest.raises(RedisRefused):
            plain.set(f"rehearsal:{app}", app)


@pytest.mark.parametrize("case", CACHE_CASES[:1])
def test_break_redis_url_without_the_token_gets_noauth(case, generated, evaluated, pg, redis_server):
    """The tier can fail: one consumer's REDIS_URL with the auth token dropped is refused (NOAUTH)."""
    import redis

    server, envs = _cache(case, generated, evaluated, pg, redis_server)
    app, key, url = _redis_urls(envs)[0]
    assert f":{TOKEN}@" in url
    client = redis.from_url(url.replace(f":{TOKEN}@", ""), ssl_ca_certs=str(server.ca_cert), socket_timeout=5)
    # redis-py opens with HELLO; the server answers NOAUTH (redis-py keeps the text after the code)
    with pytest.raises(redis.AuthenticationError, match="(?i)authenticat"):
        client.set(f"rehearsal:{app}", app)


def _compose_redis_settings(case: str) -> dict[str, str]:
    """`--name value` pairs of compose's redis-server command (what the dev server ran with)."""
    doc = yaml.safe_load((CASES / case / "compose.yaml").read_text())
    found = {}
    for svc in doc["services"].values():
        cmd = svc.get("command")
        words = cmd.split() if isinstance(cmd, str) else list(cmd or [])
        if words[:1] == ["redis-server"]:
            found.update({w[2:]: words[i + 1] for i, w in enumerate(words[:-1]) if w.startswith("--")})
    return found


POLICY_CASES = [c for c in CACHE_CASES if "maxmemory-policy" in _compose_redis_settings(c)]


@pytest.mark.parametrize("case", POLICY_CASES)
def test_elasticache_keeps_compose_maxmemory_policy(case, generated, evaluated, pg, redis_server):
    """Review aws #8: the server built from the generated parameter group (CONFIG GET stands for the operator's
    view: ElastiCache itself disables CONFIG) evicts as compose's did."""
    server, _ = _cache(case, generated, evaluated, pg, redis_server)
    want = _compose_redis_settings(case)["maxmemory-policy"]
    assert server.client().config_get("maxmemory-policy") == {"maxmemory-policy": want}


# ---- Tiger Cloud (TimescaleDB) -----------------------------------------------------------------------------------

def _tiger(case, generated, evaluated, pg):
    import tempfile

    aws, tf = generated(case)
    aws_side.build_tiger(pg, TIGER_PW)
    for name, role in aws_side.tiger_services(tf):
        aws_side.run_tiger_role_step(aws, name, role, pg, TIGER_PW, APP_PW, Path(tempfile.mkdtemp(prefix="c2p-reh-")))
    values = _other_values(tf, pg)
    for cache in aws_side.cache_groups(tf):  # not used here: any port, the token
        values.update(aws_side.cache_values(cache, "127.0.0.1", 6379, TOKEN))
    return evaluated(aws / "terraform", values)


@pytest.mark.parametrize("case", TIGER_CASES)
def test_tiger_apps_write_and_read_as_their_own_role(case, generated, evaluated, fresh_pg):
    """Every app with a DATABASE_URL to Tiger Cloud (server2, worker, migrate): a verified TLS session as the apps'
    role README.md's role step created (never tsdbadmin, no superuser), in tsdb; a plain table (the init script's
    hypertable needs the timescaledb extension: unrehearsed)."""
    _, tf = generated(case)
    roles = dict(aws_side.tiger_services(tf))
    envs = _tiger(case, generated, evaluated, fresh_pg)
    seen = []
    for app, env in envs.items():
        for label, conninfo in _pg_targets(env, fresh_pg):
            table = f"rehearsal_{app}".replace("-", "_")
            with _connect(conninfo["conninfo"], **_ca(fresh_pg)) as conn:   # the OS trust store → the test CA
                assert conn.info.dbname == "tsdb"
                conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id bigserial PRIMARY KEY, note text)")
                assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)
            user, ssl = _app_writes(conninfo, table, **_ca(fresh_pg))
            assert ssl and user in roles.values() and user != "tsdbadmin", user
            seen.append(app)
    assert seen, f"{case}: no app reaches Tiger Cloud"


TRUST_CASES = ([pytest.param("rds", c) for c in RDS_CASES]
               + [pytest.param("tiger", c) for c in TIGER_CASES])


@pytest.mark.parametrize("kind, case", TRUST_CASES)
def test_apps_refuse_a_server_whose_certificate_they_cannot_verify(kind, case, generated, evaluated, rds_pg, tmp_path,
                                                                  monkeypatch):
    """The server's certificate comes from the test CA, which the app's environment does not trust (no
    sslrootcert, no PGSSLROOTCERT, no ~/.postgresql/root.crt): an app that authenticates the server refuses it;
    one that does not connects. In production the fix is verify-full with the provider's CA (or sslrootcert=system
    for Tiger Cloud's public certificate) — either refuses this server. Note that libpq's `require` does verify
    when a root certificate file exists: that is why the environment is emptied of them here."""
    import psycopg

    monkeypatch.delenv("PGSSLROOTCERT", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert not (Path.home() / ".postgresql" / "root.crt").exists()
    if kind == "rds":
        _, envs = _rds(case, generated, evaluated, rds_pg)
    else:
        envs = _tiger(case, generated, evaluated, rds_pg)
    targets = [t for env in envs.values() for t in _pg_targets(env, rds_pg)]
    assert targets
    for label, conninfo in targets:
        with pytest.raises(psycopg.OperationalError, match="certificate"):
            with _connect(conninfo["conninfo"], **{k: v for k, v in conninfo.items() if k != "conninfo"}):
                pass
