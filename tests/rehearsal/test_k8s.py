"""Rehearsal of the k8s target's production side and apps (issue 10): every golden case whose k8s output has a
CloudNativePG Cluster or a redis-operator Redis with a consumer is generated from its compose input into tmp, and
what the generated files say is run against real PostgreSQL 15 and Redis 7 servers (tests/rehearsal/servers.py).

What the test does in place of the cluster (tests/rehearsal/k8s_side.py, ported from the projects' sources):
- CloudNativePG 1.30 bootstrap from manifests/<svc>/cluster.yaml on `fresh_pg` (the fixture's freshly initdb'd,
  TLS-only server stands for the primary after `initdb`): the operator's `<cluster>-app` Secret (64-character
  generated password; keys username, user, password, dbname, host, port, pgpass, uri, jdbc-uri, fqdn-uri,
  fqdn-jdbc-uri), `CREATE ROLE <owner> LOGIN`, postInitSQL/Refs in `postgres`, template SQL in `template1`,
  `CREATE DATABASE <db> OWNER <owner>` (skipped with everything after it when the database exists, as CNPG does),
  postInitApplicationSQL then postInitApplicationSQLRefs (secretRefs, then configMapRefs, in list order; each file
  one simple-protocol Exec after `SET search_path TO "$user", public`) over the superuser connection in the app
  database, then the instance manager's credential reconcile: `ALTER ROLE postgres WITH PASSWORD NULL`
  (enableSuperuserAccess: false) and the owner's SCRAM verifier from the Secret.
- Secrets the README tells the operator to create (`kubectl create secret generic … --from-literal/--from-file`) are
  filled as a person would run those lines: `$(openssl rand -hex 32)` and `...` become random hex, files are read
  from the compose folder (e.g. postgres-init's 00-roles.sql for its secretRef).
- redis-operator v0.26: the redis.conf its agent writes (base settings, requirepass/masterauth from the `<redis>-auth`
  Secret, `tls-auth-clients optional`, persistence, maxmemory = limit × maxMemoryPercentOfLimit) with the generated
  ConfigMap's `redis-additional.conf` written to a file and `include`d last, as the operator mounts and includes it;
  the listener (`port 0`, `tls-port`, the certificate files), `bind`, `dir` and the pidfile are the test server's.
- The apps: `helm template` of charts/<project>, each container's env as the kubelet builds it (secretKeyRef from the
  Secrets above, `$(VAR)` expanded with the port of Kubernetes' expansion).

The first substitution: Kubernetes Service names → loopback servers. In a URL `<cluster>-rw:5432` → pg.host:pg.port
and `<redis>-master:6379` → the Redis server's host:port; a variable whose whole value is a Service name (e.g.
STORES_DB_HOST=stores-db-rw, REDIS_HOST=cache-master) → 127.0.0.1, and its sibling …PORT holding the Service port
→ the test port. Nothing else in an app's environment is changed, except where a test breaks it on purpose and says so.

No strict xfails remain for review 2026-12-k8s-output here. Fixed and rehearsed: #4 the init scripts run as the
owner (c2p's `SET ROLE <owner>;` … `RESET ROLE;` in the ConfigMap scripts); #3 the apps verify every server with the
release CA mounted from its ConfigMap (sslmode=verify-full + sslrootcert, the Redis client's CA; the second
substitution maps the pod's CA mount to a folder holding the test CA's public certificate — tests/rehearsal/ca_shim.py
gives the resources their ca_file where the server side does not yet); #2 REDIS_HOST-style apps get the password and a
TLS switch; #7 an app that logged in as postgres has its own owner and survives the reconcile. Broken on purpose: a
wrong PostgreSQL password, a consumer without its Redis password Secret entries, a pod without the CA mount, a
host-style client without the TLS switch are refused, and #4's fix taken out of the ConfigMap scripts makes the write
rehearsal fail with "permission denied".

Not rehearsed here: TimescaleDB and PostGIS are not installed (Debian packages neither TimescaleDB; PostGIS is not
in the tool set), so the statements that need them are taken out of the bootstrap SQL, listed per cluster in
SKIPPED (CREATE EXTENSION timescaledb/postgis, create_hypertable) — the rest of each script runs as generated. No
operator, no Kubernetes API, no Sentinel failover, no replicas; node-postgres is not run (its reading of
`sslmode=require` as verify-full is rehearsed with libpq's verify-full).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.rehearsal import k8s_side as k8s

pytestmark = pytest.mark.rehearsal
psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

# Statements left out of the bootstrap because their extension is not installed here, per (case, cluster).
SKIPPED = {
    ("server2", "timescaledb"): [
        "CREATE EXTENSION IF NOT EXISTS timescaledb;",  # postInitApplicationSQL
        "CREATE EXTENSION IF NOT EXISTS timescaledb;",  # 01-events.sql
        "SELECT create_hypertable('events', by_range('time'), if_not_exists => TRUE);",
    ],
    ("two-postgres", "stores-db"): ["CREATE EXTENSION IF NOT EXISTS postgis;"],
}


# ---- collection: what each golden case's k8s output holds (read from its expected tree, run on a fresh one) --------

def _expected(case: str) -> tuple[list[dict], dict]:
    root = k8s.CASES / case / "expected" / "k8s"
    if not (root / "manifests").is_dir():
        return [], {}
    (values_file,) = sorted(root.glob("charts/*/values.yaml"))
    return k8s.manifests(root), yaml.safe_load(values_file.read_text(encoding="utf-8"))


def _app_vars(values: dict) -> dict[str, dict[str, str]]:
    """app → {var: value} of its literal and composed env (what may name a Service)."""
    out = {}
    for section in ("apps", "jobs"):
        for name, app in (values.get(section) or {}).items():
            pairs = dict(app.get("env") or {})
            pairs.update({e["name"]: e["value"] for e in app.get("composedEnv") or []})
            out[name] = pairs
    return out


def _refers(value: str, service: str) -> bool:
    return value == service or ("://" in value and urlsplit(value).hostname == service)


def _collect():
    pg_vars, pg_apps, pg_clusters, redis_url_vars, redis_host_vars, redis_clusters = [], [], [], [], [], []
    pg_apps_init = []
    for case in sorted(p.name for p in k8s.CASES.iterdir() if p.is_dir()):
        docs, values = _expected(case)
        apps = _app_vars(values)
        for cluster in k8s.of_kind(docs, "Cluster"):
            name = cluster["metadata"]["name"]
            initdb = cluster["spec"]["bootstrap"]["initdb"]
            consumers = {app: [v for v, val in pairs.items() if _refers(val, f"{name}-rw")] for app, pairs in apps.items()}
            consumers = {a: vs for a, vs in consumers.items() if vs}
            if not consumers:
                continue
            pg_clusters.append(pytest.param(case, name, id=f"{case}/{name}"))
            for app, vs in consumers.items():
                pg_apps.append(pytest.param(case, name, app, id=f"{case}/{name}/{app}"))
                if initdb.get("postInitApplicationSQLRefs"):
                    pg_apps_init.append(pytest.param(case, name, app, id=f"{case}/{name}/{app}"))
                for var in vs:
                    pg_vars.append(pytest.param(case, name, app, var, id=f"{case}/{name}/{app}/{var}"))
        for kind in ("RedisReplication", "Redis"):
            for redis in k8s.of_kind(docs, kind):
                name = redis["metadata"]["name"]
                used = False
                for app, pairs in apps.items():
                    for var, val in pairs.items():
                        if "://" in val and _refers(val, f"{name}-master"):
                            redis_url_vars.append(pytest.param(case, name, app, var, id=f"{case}/{name}/{app}/{var}"))
                            used = True
                        elif val == f"{name}-master":
                            redis_host_vars.append(pytest.param(case, name, app, var, id=f"{case}/{name}/{app}/{var}"))
                            used = True
                if used:
                    redis_clusters.append(pytest.param(case, name, id=f"{case}/{name}"))
    return pg_vars, pg_apps, pg_apps_init, pg_clusters, redis_url_vars, redis_host_vars, redis_clusters


PG_VARS, PG_APPS, PG_APPS_INIT, PG_CLUSTERS, REDIS_URL_VARS, REDIS_HOST_VARS, REDIS_CLUSTERS = _collect()


# ---- the generated tree and the production side ---------------------------------------------------------------------

class Tree:
    def __init__(self, case: str, root: Path):
        self.case, self.root = case, root
        self.docs = k8s.manifests(root)
        chart = k8s.chart_docs(root)
        self.containers = k8s.containers(chart)
        self.ca_mounts = k8s.ca_mounts(chart, next((root / "charts").iterdir()).name)
        self.readme_secrets = k8s.readme_secrets(root, k8s.CASES / case)

    def one(self, kind: str, name: str) -> dict:
        (doc,) = k8s.of_kind(self.docs, kind, name)
        return doc

    def sources(self, cluster: dict | None = None) -> dict[tuple[str, str], dict[str, str]]:
        """ConfigMaps from the manifests and Secrets from the README, by (kind, name): what SQL refs may name."""
        out = {("ConfigMap", d["metadata"]["name"]): d.get("data", {}) for d in k8s.of_kind(self.docs, "ConfigMap")}
        out.update({("Secret", n): data for n, data in self.readme_secrets.items()})
        return out

    def container(self, app: str) -> dict:
        return self.containers[f"{app}/{app}"]


@pytest.fixture(scope="session")
def k8s_tree(tmp_path_factory):
    cache: dict[str, Tree] = {}

    def get(case: str) -> Tree:
        if case not in cache:
            cache[case] = Tree(case, k8s.generate(case, tmp_path_factory.mktemp(f"k8s-{case}")))
        return cache[case]

    return get


class Production:
    """Every CloudNativePG Cluster of a case bootstrapped on one server (each its own role and database), the
    Secrets the apps read, the Service → server map."""

    def __init__(self, tree: Tree, pg, ca_folder: Path, sources=None):
        self.tree, self.pg, self.ca_folder = tree, pg, ca_folder
        self.boots = {c["metadata"]["name"]: k8s.cnpg_bootstrap(pg, c, (sources or tree.sources)(c))
                      for c in k8s.of_kind(tree.docs, "Cluster")}
        self.secrets = dict(tree.readme_secrets)
        self.secrets.update({f"{name}-app": boot.secret for name, boot in self.boots.items()})
        self.services = {f"{name}-rw": (5432, pg.host, pg.port) for name in self.boots}

    def env(self, app: str, container: dict | None = None) -> dict[str, str]:
        env = k8s.substitute_hosts(k8s.kubelet_env(container or self.tree.container(app), self.secrets), self.services)
        return k8s.substitute_mount(env, self.tree.ca_mounts.get(f"{app}/{app}"), self.ca_folder)


@pytest.fixture
def production(k8s_tree, fresh_pg, ca_configmap):
    def build(case: str, sources=None) -> Production:
        return Production(k8s_tree(case), fresh_pg, ca_configmap, sources)

    return build


@pytest.fixture(autouse=True, scope="module")
def _no_ca_in_the_app_container():
    """The app container has no CA: libpq's default root certificate must not exist here either."""
    if (Path.home() / ".postgresql" / "root.crt").exists() or os.environ.get("PGSSLROOTCERT"):
        pytest.skip("~/.postgresql/root.crt or PGSSLROOTCERT exists here: the app container has none")


def _connect(url: str, **kw):
    return psycopg.connect(url, connect_timeout=5, autocommit=True, **kw)


def _pg_form(env: dict[str, str], var: str) -> dict[str, str]:
    """libpq keywords from a host-style set of variables: var ends with HOST; its siblings PORT, USER|USERNAME,
    PASSWORD|PASS, NAME|DB|DATABASE, SSLMODE, SSLROOTCERT share the prefix; libpq's own PGSSLMODE/PGSSLROOTCERT
    are the defaults, as libpq reads them from the container's environment."""
    prefix = var[: -len("HOST")]

    def pick(*suffixes):
        return next((env[prefix + s] for s in suffixes if prefix + s in env), None)

    kw = {"host": env[var], "port": pick("PORT"), "user": pick("USER", "USERNAME"), "password": pick("PASSWORD", "PASS"),
          "dbname": pick("NAME", "DB", "DATABASE"), "sslmode": pick("SSLMODE") or env.get("PGSSLMODE"),
          "sslrootcert": pick("SSLROOTCERT") or env.get("PGSSLROOTCERT")}
    return {k: v for k, v in kw.items() if v is not None}


def _login(env: dict[str, str], var: str, **override):
    """Connect as the app's libpq would: its URL (libpq's PGSSLMODE/PGSSLROOTCERT from the environment fill what the
    URL leaves out) or its host-style variables."""
    value = env[var]
    if "://" in value:
        given = psycopg.conninfo.conninfo_to_dict(value)
        defaults = {k: env[e] for k, e in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"))
                    if e in env and k not in given}
        return _connect(value, **{**defaults, **override})
    return _connect("", **{**_pg_form(env, var), **override})


# ---- CloudNativePG --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case,cluster", PG_CLUSTERS)
def test_cnpg_bootstrap_from_the_generated_cluster(case, cluster, production):
    prod = production(case)
    boot = prod.boots[cluster]
    assert set(boot.secret) == {"username", "user", "password", "dbname", "host", "port", "pgpass", "uri", "jdbc-uri",
                                "fqdn-uri", "fqdn-jdbc-uri"}
    assert len(boot.secret["password"]) == 64 and sum(c.isdigit() for c in boot.secret["password"]) == 10
    pg = prod.pg
    assert pg.run_sql(f"SELECT rolcanlogin, rolpassword IS NOT NULL FROM pg_authid WHERE rolname = {k8s.literal(boot.owner)}") == [(True, True)]
    assert pg.run_sql(f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = {k8s.literal(boot.database)}") == [(boot.owner,)]
    if boot.owner != "postgres":
        assert pg.run_sql("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = 'postgres'") == [(True,)]
    if prod.tree.one("Cluster", cluster)["spec"]["bootstrap"]["initdb"].get("postInitApplicationSQLRefs"):
        assert _init_tables(pg, boot.database), "the init scripts created no table"  # the write rehearsal is not empty
    # only what cannot run here was left out, and it is named
    assert [" ".join(s.split()) for s in boot.skipped] == SKIPPED.get((case, cluster), [])


@pytest.mark.parametrize("case,cluster,app,var", PG_VARS)
def test_app_logs_in_with_its_generated_env(case, cluster, app, var, production):
    """The URL form exactly as the kubelet gives it (libpq's `sslmode=require`: TLS, no verification), or the
    host/port/user/password form: the app lands as the cluster's owner in its database, over TLS."""
    prod = production(case)
    env, boot = prod.env(app), prod.boots[cluster]
    with _login(env, var) as conn:
        row = conn.execute("SELECT current_user, current_database(), (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())").fetchone()
    assert row == (boot.owner, boot.database, True)
    # what an app's migration does first: create its own table in its database
    with _login(env, var) as conn:
        conn.execute("CREATE TABLE c2p_rehearsal_probe (id int)")
        conn.execute("INSERT INTO c2p_rehearsal_probe VALUES (1)")
        assert conn.execute("SELECT count(*) FROM c2p_rehearsal_probe").fetchone() == (1,)
        conn.execute("DROP TABLE c2p_rehearsal_probe")


def _init_tables(pg, db: str) -> list[str]:
    return [r[0] for r in pg.run_sql(
        "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1", db)]


def _row_sql(pg, db: str, table: str) -> str:
    """An INSERT of one row: a value for each NOT NULL column without a default, by type."""
    cols = pg.run_sql(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = "
        f"{k8s.literal(table)}::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef "
        "AND a.attidentity = '' ORDER BY a.attnum", db)
    if not cols:
        return f"INSERT INTO {table} DEFAULT VALUES"
    sample = {"text": "'rehearsal'", "jsonb": "'{}'", "json": "'{}'", "boolean": "true", "uuid": "gen_random_uuid()",
              "bytea": "'\\x00'", "date": "current_date"}

    def value(t: str) -> str:
        if t.startswith(("timestamp", "time ")):
            return "now()"
        if t.startswith(("character", "varchar")):
            return "'r'"
        if t in ("integer", "bigint", "smallint", "numeric", "real", "double precision") or t.startswith("numeric"):
            return "1"
        return sample.get(t, f"NULL::{t}")

    return (f"INSERT INTO {table} ({', '.join(k8s.ident(c) for c, _ in cols)}) "
            f"VALUES ({', '.join(value(t) for _, t in cols)})")


def _write_all(prod, boot, env: dict[str, str], var: str, tables: list[str]) -> None:
    with _login(env, var) as conn:
        for table in tables:
            conn.execute(_row_sql(prod.pg, boot.database, table))
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1
            conn.execute(f"ALTER TABLE {table} ADD COLUMN c2p_rehearsal int")


@pytest.mark.parametrize("case,cluster,app", PG_APPS)
def test_app_writes_every_table_the_init_scripts_created(case, cluster, app, production):
    """As the app's own user (its DATABASE_URL or host form): INSERT then SELECT in every table the bootstrap SQL
    created (found in the catalog), and ALTER it as its migrate Job would."""
    prod = production(case)
    boot = prod.boots[cluster]
    tables = _init_tables(prod.pg, boot.database)
    if not tables:
        pytest.skip(f"the bootstrap SQL of {cluster} creates no table")
    env = prod.env(app)
    raw = k8s.kubelet_env(prod.tree.container(app), prod.secrets)
    var = next(v for v, val in raw.items() if _refers(val, f"{cluster}-rw"))
    _write_all(prod, boot, env, var, tables)


@pytest.mark.parametrize("case,cluster,app", PG_APPS_INIT)
def test_broken_without_the_owner_role_in_the_configmap(case, cluster, app, production, k8s_tree):
    """Review #4 broken on purpose: the generated ConfigMap scripts with c2p's `SET ROLE <owner>;` / `RESET ROLE;`
    lines taken out run as CloudNativePG's superuser, their tables belong to postgres, and the write rehearsal above
    fails with "permission denied" — so it is the role switch that makes it pass."""
    tree = k8s_tree(case)

    def without_set_role(c: dict) -> dict:
        def strip(text: str) -> str:
            return "\n".join(ln for ln in text.split("\n") if not re.fullmatch(r'(SET ROLE "[^"]*"|RESET ROLE);', ln))
        return {(kind, n): ({k: strip(v) for k, v in data.items()} if kind == "ConfigMap" else data)
                for (kind, n), data in tree.sources().items()}

    prod = production(case, without_set_role)
    boot = prod.boots[cluster]
    tables = _init_tables(prod.pg, boot.database)
    assert tables
    raw = k8s.kubelet_env(tree.container(app), prod.secrets)
    var = next(v for v, val in raw.items() if _refers(val, f"{cluster}-rw"))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _write_all(prod, boot, prod.env(app), var, tables)


@pytest.mark.parametrize("case,cluster,app", PG_APPS_INIT)
def test_init_script_objects_belong_to_the_owner(case, cluster, app, production):
    """Every table, sequence, view and function the bootstrap SQL created in the app's schemas belongs to the owner
    (as it belonged to POSTGRES_USER in compose)."""
    prod = production(case)
    boot = prod.boots[cluster]
    rows = prod.pg.run_sql(
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_%' UNION ALL SELECT p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM "
        "pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')", boot.database)
    assert rows and all(owner == boot.owner for _, owner in rows), rows


@pytest.mark.parametrize("case,cluster,app,var", PG_VARS)
def test_app_login_survives_the_next_reconcile(case, cluster, app, var, production):
    """The instance manager reconciles again (the `<cluster>-app` Secret unchanged): the app still logs in, and not as
    a superuser — an app that used `postgres` in compose has a dedicated owner (review k8s #7)."""
    prod = production(case)
    boot = prod.boots[cluster]
    assert boot.owner != "postgres"
    k8s.cnpg_reconcile_credentials(prod.pg, prod.tree.one("Cluster", cluster), boot.secret, first=False)
    with _login(prod.env(app), var) as conn:
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)


@pytest.mark.parametrize("case,cluster,app,var", PG_VARS)
def test_tls_as_the_generated_sslmode_reads_in_libpq_and_node(case, cluster, app, var, production):
    """The generated env verifies: sslmode=verify-full with the release CA from the pod's read-only CA mount (review
    k8s #3). Broken on purpose: the same env in a pod without the CA mount is refused (no root certificate file)."""
    prod = production(case)
    env = prod.env(app)
    generated = psycopg.conninfo.conninfo_to_dict(env[var]) if "://" in env[var] else _pg_form(env, var)
    generated = {**{k: env[e] for k, e in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")) if e in env},
                 **generated}
    assert generated.get("sslmode") == "verify-full"
    assert generated.get("sslrootcert") == str(prod.ca_folder / "ca.crt"), "the CA is not the mounted ConfigMap's"
    unmounted = k8s.substitute_hosts(k8s.kubelet_env(prod.tree.container(app), prod.secrets), prod.services)
    with pytest.raises(psycopg.OperationalError, match="root certificate file"):
        _login(unmounted, var)


@pytest.mark.parametrize("case,cluster,app,var", PG_VARS)
def test_app_login_when_the_client_verifies_like_node_postgres(case, cluster, app, var, production):
    """pg-connection-string (node-postgres) turns `sslmode=require` into verify-full: rehearsed with libpq's
    verify-full and what the container holds (the mounted CA, review k8s #3)."""
    prod = production(case)
    with _login(prod.env(app), var, sslmode="verify-full") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


@pytest.mark.parametrize("case,cluster,app,var", PG_VARS)
def test_broken_on_purpose_a_wrong_password_is_refused(case, cluster, app, var, production):
    prod = production(case)
    env = prod.env(app)
    secret = prod.boots[cluster].secret
    if "://" in env[var]:
        broken = {**env, var: env[var].replace(secret["password"], "not-" + secret["password"][4:])}
    else:
        pw_var = next(v for v, val in env.items() if val == secret["password"])
        broken = {**env, pw_var: "wrong"}
    assert broken != env
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _login(broken, var)


# ---- redis-operator -------------------------------------------------------------------------------------------------

class RedisSide:
    """One redis-operator Redis of a case: its server started from the operator's base config + the generated
    ConfigMap, the Secrets the apps read (the README's, with `<cluster>-app` as the CloudNativePG operator writes it
    before any database exists), the Service → server map."""

    def __init__(self, tree: Tree, name: str, start, folder: Path, ca_folder: Path):
        self.tree, self.ca_folder = tree, ca_folder
        (self.cr,) = [d for kind in ("RedisReplication", "Redis") for d in k8s.of_kind(tree.docs, kind, name)]
        spec = self.cr["spec"]
        ref = spec["kubernetesConfig"]["redisSecret"]
        self.secrets = {f"{c['metadata']['name']}-app": k8s.app_secret(c) for c in k8s.of_kind(tree.docs, "Cluster")}
        self.secrets.update(tree.readme_secrets)
        assert ref["name"] in self.secrets, f"the README creates no Secret {ref['name']}: the operator would not start Redis"
        self.password = self.secrets[ref["name"]][ref["key"]]
        self.secret_name = ref["name"]
        self.configmap = tree.one("ConfigMap", spec["redisConfig"]["additionalRedisConfig"])
        include = folder / "redis-additional.conf"
        include.write_text(self.configmap["data"]["redis-additional.conf"], encoding="utf-8")
        self.server = start(k8s.redis_operator_conf(self.cr, self.password, include), password=self.password,
                            tls=bool(spec.get("TLS")))
        self.services = {f"{name}-master": (6379, self.server.host, self.server.port)}

    def env(self, app: str, container: dict | None = None) -> dict[str, str]:
        env = k8s.substitute_hosts(k8s.kubelet_env(container or self.tree.container(app), self.secrets), self.services)
        return k8s.substitute_mount(env, self.tree.ca_mounts.get(f"{app}/{app}"), self.ca_folder)

    def without_password(self, app: str) -> dict:
        """The app's container with every env entry taken from the Redis password Secret removed."""
        c = dict(self.tree.container(app))
        c["env"] = [e for e in c.get("env", [])
                    if e.get("valueFrom", {}).get("secretKeyRef", {}).get("name") != self.secret_name]
        assert len(c["env"]) < len(self.tree.container(app)["env"])
        return c


@pytest.fixture
def redis_side(k8s_tree, redis_server, tmp_path, ca_configmap):
    def build(case: str, name: str) -> RedisSide:
        return RedisSide(k8s_tree(case), name, redis_server, tmp_path, ca_configmap)

    return build


def _set_get(client) -> None:
    client.set("c2p:rehearsal", "written")
    assert client.get("c2p:rehearsal") == b"written"


def _node_trust(env: dict[str, str]) -> dict:
    """Node adds NODE_EXTRA_CA_CERTS to its trust store: a Node client verifies with it."""
    return {"ssl_ca_certs": env["NODE_EXTRA_CA_CERTS"]} if env.get("NODE_EXTRA_CA_CERTS") else {}


def _url_client(env: dict[str, str], var: str, **kw):
    """redis-py from the app's URL (ssl_cert_reqs/ssl_ca_certs in its query when the app takes them there), with the
    trust a Node app has from NODE_EXTRA_CA_CERTS otherwise."""
    import redis

    url = env[var]
    trust = {} if "ssl_ca_certs=" in url else _node_trust(env)
    return redis.from_url(url, socket_timeout=5, **{**trust, **kw})


def _host_client(env: dict[str, str], var: str, **kw):
    """redis-py with what the app's host-style variables say: <P>HOST, <P>PORT, <P>PASSWORD, the TLS switch <P>TLS
    or <P>SSL, the CA <P>TLS_CA_CERT or <P>CA_CERT (else Node's NODE_EXTRA_CA_CERTS); `kw` overrides them."""
    import redis

    prefix = var[: -len("HOST")]
    tls = env.get(prefix + "TLS", env.get(prefix + "SSL", "")).lower() in ("1", "true", "yes")
    ca = env.get(prefix + "TLS_CA_CERT") or env.get(prefix + "CA_CERT")
    opts = ({"ssl": True, **({"ssl_ca_certs": ca} if ca else _node_trust(env))} if tls else {})
    return redis.Redis(host=env[var], port=int(env.get(prefix + "PORT", "6379")), password=env.get(prefix + "PASSWORD"),
                       socket_timeout=5, socket_connect_timeout=5, **{**opts, **kw})


@pytest.mark.parametrize("case,name", REDIS_CLUSTERS)
def test_redis_runs_the_generated_config(case, name, redis_side):
    """The operator's redis.conf with the ConfigMap included last starts, listens on TLS only with the password, and
    every ConfigMap directive is in force."""
    side = redis_side(case, name)
    client = side.server.client(socket_timeout=5)
    saves: list[str] | None = None
    for directive, *args in k8s.configmap_lines(side.configmap):
        if directive.lower() == "save":
            saves = [] if args == [""] else (saves or []) + args
        else:
            assert client.config_get(directive)[directive.lower()] == " ".join(args), directive
    if saves is not None:
        assert client.config_get("save")["save"] == " ".join(saves)
    assert client.config_get("port")["port"] == "0" and client.config_get("requirepass")["requirepass"] == side.password
    _set_get(client)


@pytest.mark.parametrize("case,name,app,var", REDIS_URL_VARS)
def test_redis_url_works_when_the_ca_is_given(case, name, app, var, redis_side):
    """The app's REDIS_URL as the kubelet builds it (rediss://, password from the Secret), with the CA handed to the
    client — what the review's fix (mount ca.crt) gives the app."""
    import redis

    side = redis_side(case, name)
    url = side.env(app)[var]
    assert url.startswith("rediss://")
    _set_get(redis.from_url(url, ssl_ca_certs=str(side.server.ca_cert), socket_timeout=5))


@pytest.mark.parametrize("case,name,app,var", REDIS_URL_VARS)
def test_redis_url_as_the_app_has_it(case, name, app, var, redis_side):
    """The client verifies the certificate (ssl_cert_reqs=required) with the CA the app's env names from the pod's CA
    mount: in the URL for redis-py/Celery, NODE_EXTRA_CA_CERTS for Node (review k8s #3). Broken on purpose: the same
    env without the mount (the path names no file here) is refused."""
    import redis

    side = redis_side(case, name)
    env = side.env(app)
    if "ssl_ca_certs=" not in env[var] and not env.get("NODE_EXTRA_CA_CERTS"):
        # a client c2p cannot identify gets no redis-py options (go-redis refuses them): the plan's warning tells to
        # put the CA in the image's trust store; with it the URL works, with the default store it is refused
        _set_get(_url_client(env, var, ssl_ca_certs=str(side.server.ca_cert)))
        with pytest.raises((redis.exceptions.ConnectionError, OSError)):
            _set_get(_url_client(env, var))
        return
    _set_get(_url_client(env, var))
    unmounted = k8s.substitute_hosts(k8s.kubelet_env(side.tree.container(app), side.secrets), side.services)
    with pytest.raises((redis.exceptions.ConnectionError, FileNotFoundError, OSError)):
        _set_get(_url_client(unmounted, var))


@pytest.mark.parametrize("case,name,app,var", REDIS_HOST_VARS)
def test_redis_host_vars_as_the_app_has_them(case, name, app, var, redis_side):
    """REDIS_HOST/REDIS_PORT/REDIS_PASSWORD with the TLS switch and the CA the app's env names (review k8s #2).
    Broken on purpose: without the TLS switch the client speaks plain RESP to the TLS-only port."""
    import redis

    side = redis_side(case, name)
    env = side.env(app)
    _set_get(_host_client(env, var))
    with pytest.raises(redis.exceptions.ConnectionError):
        _set_get(_host_client(env, var, ssl=False))


@pytest.mark.parametrize("case,name,app,var", REDIS_HOST_VARS)
def test_redis_host_vars_carry_the_password(case, name, app, var, redis_side):
    """The same variables with TLS and the CA added by the test: the password wiring itself is right."""
    side = redis_side(case, name)
    _set_get(_host_client(side.env(app), var, ssl=True, ssl_ca_certs=str(side.server.ca_cert)))


@pytest.mark.parametrize("case,name,app,var", REDIS_URL_VARS + REDIS_HOST_VARS)
def test_broken_on_purpose_without_the_redis_password(case, name, app, var, redis_side):
    """The consumer's env entries from the password Secret are dropped (the kubelet leaves `$(VAR)` as written): with
    TLS and the CA right, the server refuses the login or the command (WRONGPASS / NOAUTH)."""
    import redis

    side = redis_side(case, name)
    env = side.env(app, side.without_password(app))
    if "://" in env[var]:
        client = _url_client(env, var, ssl_ca_certs=str(side.server.ca_cert))
    else:
        client = _host_client(env, var, ssl=True, ssl_ca_certs=str(side.server.ca_cert))
    with pytest.raises(redis.exceptions.AuthenticationError):
        _set_get(client)
