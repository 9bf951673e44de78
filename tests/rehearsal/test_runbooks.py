"""Rehearsal: the generated MIGRATION.md runbooks, run as written against real servers.

For server2 and every golden case with a PostgreSQL or Redis service, on both targets, c2p generates into a temp
dir; the ```sh blocks of that MIGRATION.md section run with ``bash -e`` in the output dir, against

* a **compose side** seeded as the dev container would have it (``fresh_compose_pg``): the compose user (a
  superuser, as the official image makes POSTGRES_USER) and database from the compose file, the case's
  ``/docker-entrypoint-initdb.d`` .sql scripts where plain PostgreSQL can run them, then tables with rows, serial
  sequences advanced past 1 and a table owned by a non-default role (``reh_reporting``); for Redis a compose-side
  ``servers.RedisServer(tls=False)`` (see ``_own_redis``) with compose's ``--requirepass`` and 53 keys of four types;
* a **production side** as the target builds it, minimally (other rehearsal modules emulate it in depth):
  k8s CloudNativePG — the owner role (LOGIN, password) and database owned by it from the generated cluster.yaml's
  ``bootstrap.initdb`` on ``fresh_pg`` (TLS); the app logs in as that owner. A ``postgres`` owner gets no password
  (``enableSuperuserAccess: false``: CNPG nulls it). k8s Redis — one "pod": redis-server 7.0 with TLS only
  (``port 0``), ``requirepass``, ``dir`` = the pod's /data, plus the generated ConfigMap's redis.conf lines.
  aws RDS — the master user from the generated ``aws_db_instance`` (``username``; database ``db_name`` or
  ``postgres``) as a non-superuser with CREATEDB/CREATEROLE owning its database, TLS forced (``fresh_pg`` takes
  only hostssl); Tiger Cloud — ``tsdbadmin`` owning ``tsdb`` (the runbook's own names). ElastiCache seeded from
  ``snapshot_arns`` — a TLS Redis with the auth token started on the RDB the runbook put in the "bucket".

Substitutions (the only changes; see runbook.py for the tool stand-ins, first on PATH):

* ``docker``, ``kubectl``, ``tofu``, ``aws`` are the stand-ins in runbook.py (compose exec/cp → local commands
  against the compose-side server; kubectl get/cp/exec/wait/apply → a pod emulated by a local dir and the
  production server, ``exec`` in a CNPG pod running as the superuser over the socket; ``tofu output -raw`` → the
  test's endpoint for every output the generated outputs.tf declares; ``aws secretsmanager`` / ``aws s3 cp`` → the
  test's secret / a local bucket dir).
* ``NAMESPACE=reh``; PGPORT in the block's environment is the production server's port (RDS listens on 5432,
  which the runbook leaves implicit).
* placeholders the runbook tells the user to fill, filled as a user would (the compose user is no placeholder:
  the runbook names compose's POSTGRES_USER, default ``postgres``); ``<bucket>`` → ``reh-bucket``; k8s Redis with a compose password:
  the block's comment says "add -a "$PASS" if compose used a password", so ``-a "$PASS"`` is added and PASS set;
  aws Redis with a compose password: the block asks for ``COMPOSE_REDIS_PASSWORD``, which is set to it.
* step 2 of the k8s Redis runbook ("change appendonly yes to appendonly no" in the ConfigMap) is done to the pod's
  config before it starts, as the runbook says.
* TimescaleDB is not packaged by Debian: lines calling TimescaleDB functions are removed and listed
  (``TSDB_UNREHEARSED``); the rest runs on plain PostgreSQL 15.

Verified after the blocks: row counts per table, sequence values carried (the app's next id is past the max),
every table and sequence owned by the app's role, the app role (over TLS, as the app logs in) can INSERT into
every table, Redis key counts (and AOF on, k8s).

Not rehearsed here: TimescaleDB itself (pre/post restore, hypertables, ``_timescaledb_catalog`` ownership — review
k8s #5's first half), several Redis replicas and Sentinels, the Valkey/RDB format difference (both sides are
Redis 7.0 here), ``snapshot_arns`` being ForceNew (review aws #5: a plan against the AWS provider), Vault.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.rehearsal import golden
from tests.rehearsal.runbook import Shims, blocks, sections, start_redis_pod, stop_redis_pod
from tests.rehearsal.servers import RedisServer, scratch_dir

pytestmark = pytest.mark.rehearsal

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "golden" / "cases"
NAMESPACE = "reh"
APP_PW = "app-pw-Zq1"
MASTER_PW = "master-pw-Rt7"

# The lines of server2's runbooks that call TimescaleDB and so cannot run on Debian's PostgreSQL.
TSDB_UNREHEARSED = {
    "k8s": [
        """su_psql -d server2 -c 'CREATE EXTENSION IF NOT EXISTS "timescaledb";'""",
        "su_psql -d server2 -c 'SELECT timescaledb_pre_restore();'",
        "su_psql -d server2 -c 'SELECT timescaledb_post_restore();'",
    ],
    "aws": [
        'psql -c "CREATE EXTENSION IF NOT EXISTS timescaledb;" -c "SELECT timescaledb_pre_restore();"',
        'psql -c "SELECT timescaledb_post_restore();" -c "ANALYZE;"',
    ],
}


# ------------------------------------------------------------------------------------------------------ generation

def _inspect(case: str) -> dict:
    return json.loads((CASES / case / "expected" / "inspect.json").read_text())


def _services(kinds: tuple[str, ...]) -> list[tuple[str, str, str]]:
    out = []
    for case in sorted(p.name for p in CASES.iterdir() if (p / "expected" / "inspect.json").exists()):
        for s in _inspect(case)["services"]:
            if s["kind"] in kinds:
                out.append((case, s["name"], s["kind"]))
    return out


PG_SERVICES = _services(("postgres", "timescaledb"))
REDIS_SERVICES = _services(("redis", "valkey"))

_generated: dict[tuple[str, str], Path] = {}


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    def gen(case: str, target: str) -> Path:
        if (case, target) not in _generated:
            out = tmp_path_factory.mktemp(f"gen-{case}-{target}")
            _generated[(case, target)] = golden.generate(case, out, target)
        return _generated[(case, target)]
    return gen


def _compose(case: str) -> dict:
    return yaml.safe_load((CASES / case / "compose.yaml").read_text())


def _expand(value: str) -> str:
    """${VAR:-default} / ${VAR-default} → default (the compose file's defaults, no .env)."""
    return re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", r"\1", str(value))


def _compose_pg_settings(case: str, svc: str) -> tuple[str, str, str]:
    env = _compose(case)["services"][svc].get("environment", {})
    if isinstance(env, list):
        env = dict(e.split("=", 1) for e in env)
    user = _expand(env.get("POSTGRES_USER", "postgres"))
    return user, _expand(env.get("POSTGRES_PASSWORD", "")), _expand(env.get("POSTGRES_DB", user))


def _compose_redis_password(case: str, svc: str) -> str | None:
    cmd = _compose(case)["services"][svc].get("command", "")
    words = cmd if isinstance(cmd, list) else cmd.split()
    return words[words.index("--requirepass") + 1] if "--requirepass" in words else None


def _init_sql(case: str, svc: str) -> list[Path]:
    """The .sql files compose mounts into /docker-entrypoint-initdb.d, in the order the image runs them."""
    files: dict[str, Path] = {}
    for v in _compose(case)["services"][svc].get("volumes", []):
        if not isinstance(v, str) or not v.startswith("."):
            continue
        src, dst = v.split(":")[:2]
        path = CASES / case / src
        if dst == "/docker-entrypoint-initdb.d" and path.is_dir():
            for f in path.iterdir():
                files[f.name] = f
        elif dst.startswith("/docker-entrypoint-initdb.d/") and path.is_file():
            files[dst.rsplit("/", 1)[1]] = path
    return [files[n] for n in sorted(files) if n.endswith(".sql")]


# ------------------------------------------------------------------------------------------------------ PostgreSQL

SEED = """
CREATE TABLE reh_items (id serial PRIMARY KEY, name text NOT NULL);
INSERT INTO reh_items (name) SELECT 'item ' || g FROM generate_series(1, 37) g;
CREATE TABLE reh_audit (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text);
INSERT INTO reh_audit (note) SELECT 'note ' || g FROM generate_series(1, 5) g;
DELETE FROM reh_audit WHERE id = 5;
CREATE ROLE reh_reporting;
CREATE TABLE reh_reports (id serial PRIMARY KEY, body text);
INSERT INTO reh_reports (body) VALUES ('q1'), ('q2'), ('q3');
ALTER TABLE reh_reports OWNER TO reh_reporting;
GRANT SELECT ON reh_items TO reh_reporting;
SELECT lo_from_bytea(0, 'a large object');
"""
SEED_TABLES = ("reh_items", "reh_audit", "reh_reports")


def _tables(pg, db) -> list[str]:
    return [r[0] for r in pg.run_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1", db)]


FRESH_PUBLIC = ("ALTER SCHEMA public OWNER TO pg_database_owner; COMMENT ON SCHEMA public IS 'standard public schema'; "
                "REVOKE ALL ON SCHEMA public FROM public; GRANT USAGE ON SCHEMA public TO public; "
                "SELECT lo_unlink(oid) FROM pg_largeobject_metadata")


def seed_compose(cpg, case: str, svc: str) -> tuple[str, str, str]:
    user, password, db = _compose_pg_settings(case, svc)
    # reset() re-creates `public` in the postgres database owned by postgres and without its comment, and keeps its
    # large objects; put it back as initdb makes it (else pg_dump writes a COMMENT ON SCHEMA public that no fresh
    # server would produce, and an earlier test's large objects collide with this one's)
    cpg.run_sql(FRESH_PUBLIC)
    if user == "postgres":
        cpg.run_sql(f"ALTER ROLE postgres PASSWORD '{password}'")
    else:
        cpg.run_sql(f'CREATE ROLE "{user}" SUPERUSER LOGIN PASSWORD \'{password}\'')
    if db != "postgres":
        cpg.run_sql(f'CREATE DATABASE "{db}" OWNER "{user}"')
    env = cpg.env(user, password, db, sslmode="disable")
    for f in _init_sql(case, svc):
        if "timescaledb" in f.read_text():
            continue   # create_hypertable & co: not on Debian's PostgreSQL
        subprocess.run([cpg.bin("psql"), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(f)], env=_penv(env), check=True,
                       capture_output=True)
    subprocess.run([cpg.bin("psql"), "-v", "ON_ERROR_STOP=1", "-q", "-c", SEED], env=_penv(env), check=True,
                   capture_output=True)
    return user, password, db


def _penv(extra: dict) -> dict:
    import os
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def _counts(pg, db) -> dict[str, int]:
    return {t: pg.run_sql(f'SELECT count(*) FROM public."{t}"', db)[0][0] for t in _tables(pg, db)}


def _sequences(pg, db) -> dict[str, int]:
    rows = pg.run_sql("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'", db)
    return {n: v for n, v in rows}


def _k8s_cluster(out: Path, svc: str) -> tuple[str, str]:
    for f in (out / "manifests" / svc).glob("*.yaml"):
        for doc in yaml.safe_load_all(f.read_text()):
            if doc and doc.get("kind") == "Cluster":
                init = doc["spec"]["bootstrap"]["initdb"]
                return init["owner"], init["database"]
    raise AssertionError(f"no Cluster for {svc}")


def _rds(out: Path, svc: str) -> tuple[str, str]:
    tf = (out / "terraform" / f"{svc.replace('-', '_')}.tf").read_text()
    user = re.search(r'^\s*username\s*=\s*"([^"]+)"', tf, re.M)
    db = re.search(r'^\s*db_name\s*=\s*"([^"]+)"', tf, re.M)
    assert user, f"no username in {svc}.tf"
    return user.group(1), db.group(1) if db else "postgres"


class PgRehearsal:
    """One PostgreSQL service's runbook section, its two servers and the stand-ins."""

    def __init__(self, tmp: Path, gen, case: str, svc: str, kind: str, target: str, cpg, pg):
        self.case, self.svc, self.kind, self.target, self.cpg, self.pg = case, svc, kind, target, cpg, pg
        self.out = gen(case, target)
        self.section = sections((self.out / "MIGRATION.md").read_text())[svc]
        self.blocks = blocks(self.section)
        self.shims = Shims(tmp / "shims")
        self.compose_user, self.compose_pw, self.compose_db = seed_compose(cpg, case, svc)
        self.unrehearsed: list[str] = []
        # the compose service's container
        cfs = tmp / "compose-fs"
        cfs.mkdir()
        self.shims.world["compose"][svc] = {
            "kind": "pg", "fs": {"/data": str(cfs)},
            "env": {"PGHOST": cpg.host, "PGPORT": str(cpg.port), "PGPASSWORD": self.compose_pw},
            "bin": {n: cpg.bin(n) for n in ("pg_dump", "pg_dumpall", "psql")}}
        self.extra_env = {"NAMESPACE": NAMESPACE}
        if target == "k8s":
            self.app_user, self.app_db = _k8s_cluster(self.out, svc)
            if self.app_user == "postgres":
                self.app_pw = None   # enableSuperuserAccess: false → CNPG nulls the postgres password
            else:
                pg.run_sql(f'CREATE ROLE "{self.app_user}" LOGIN PASSWORD \'{APP_PW}\'')
                self.app_pw = APP_PW
            if self.app_db != "postgres":
                pg.run_sql(f'CREATE DATABASE "{self.app_db}" OWNER "{self.app_user}"')
            else:
                pg.run_sql(FRESH_PUBLIC)
            pfs = tmp / "pod-data"
            pfs.mkdir()
            self.shims.world["pods"][f"{svc}-1"] = {
                "kind": "pg", "fs": {"/var/lib/postgresql/data": str(pfs)}, "env": pg.superuser_env(),
                "pgbin": {n: pg.bin(n) for n in ("pg_restore", "psql")}}
        else:
            from tests.rehearsal import aws_side
            if kind == "timescaledb":
                # Tiger Cloud's tsdbadmin owning tsdb (aws_side), then README.md's role step as written: the
                # apps' role, which the runbook's last step makes the owner of the restored objects
                tf = aws_side.parse_terraform(self.out / "terraform")
                (name, role), = [t for t in aws_side.tiger_services(tf) if t[0] == svc.replace("-", "_")]
                aws_side.build_tiger(pg, MASTER_PW)
                aws_side.run_tiger_role_step(self.out, name, role, pg, MASTER_PW, APP_PW, tmp / "role-step")
                self.app_user, self.app_db, self.app_pw = role, "tsdb", APP_PW
                aws_side.tiger_world(self.shims, name, role, pg, MASTER_PW, APP_PW)
            else:
                # RDS as aws_side builds it (master: no superuser, owns its database), then README.md's role step
                # as written: the apps' role, which the runbook's restore makes the owner of every object
                tf = aws_side.parse_terraform(self.out / "terraform")
                inst = next(i for i in aws_side.rds_instances(tf) if i.name == svc.replace("-", "_"))
                if inst.db_name == "postgres":
                    pg.run_sql(FRESH_PUBLIC)
                aws_side.build_rds(pg, inst, MASTER_PW)
                aws_side.run_role_step(self.out, inst, pg, MASTER_PW, APP_PW, tmp / "role-step")
                self.app_user, self.app_db, self.app_pw = inst.app_role, inst.db_name, APP_PW
                self.master = inst.username
                aws_side.rds_world(self.shims, inst, pg, MASTER_PW, APP_PW)
            self.extra_env["PGPORT"] = str(pg.port)
            self.extra_env["PGSSLROOTCERT"] = str(pg.ca_cert)  # unused by sslmode=require; as an AWS host has it

    def fill(self, block: str) -> str:
        # an extension this server does not have (PostGIS here): its CREATE EXTENSION line is taken out and listed
        available = {n for (n,) in self.pg.run_sql("SELECT name FROM pg_available_extensions")}
        kept = []
        for line in block.splitlines():
            m = re.search(r'CREATE EXTENSION IF NOT EXISTS "([^"]+)"', line)
            if m and m.group(1) not in available and m.group(1) != "timescaledb":
                self.unrehearsed.append(line)
            else:
                kept.append(line)
        block = "\n".join(kept) + "\n"
        if self.kind == "timescaledb":
            kept = []
            for line in block.splitlines():
                if "timescaledb" in line and not line.lstrip().startswith("#") and (
                        "pre_restore" in line or "post_restore" in line or "CREATE EXTENSION" in line):
                    self.unrehearsed.append(line)
                else:
                    kept.append(line)
            block = "\n".join(kept) + "\n"
        return block

    def run(self, edit=lambda b: b) -> None:
        for block in self.blocks:
            r = self.shims.run_block(edit(self.fill(block)), self.out, self.extra_env)
            assert r.returncode == 0, f"block failed ({r.returncode}):\n{block}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"

    # ------------------------------------------------------------------ checks
    def check_rows_and_sequences(self) -> None:
        before = _counts(self.cpg, self.compose_db)
        after = _counts(self.pg, self.app_db)
        assert after == before, f"row counts: compose {before}, target {after}"
        seq_before, seq_after = _sequences(self.cpg, self.compose_db), _sequences(self.pg, self.app_db)
        assert seq_after == seq_before, f"sequences: compose {seq_before}, target {seq_after}"
        lo = "SELECT count(*) FROM pg_largeobject_metadata"   # pg_dump carries large objects by default
        assert self.pg.run_sql(lo, self.app_db) == self.cpg.run_sql(lo, self.compose_db), "large objects"

    def check_owner(self) -> None:
        rows = self.pg.run_sql(
            "SELECT c.relname, c.relkind, pg_get_userbyid(c.relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','S','v')",
            self.app_db)
        rows += [("large object", "L", o) for (o,) in self.pg.run_sql(
            "SELECT pg_get_userbyid(lomowner) FROM pg_largeobject_metadata", self.app_db)]
        wrong = [(n, k, o) for n, k, o in rows if o != self.app_user]
        assert rows and not wrong, f"not owned by {self.app_user}: {wrong}"

    def check_app_writes(self) -> None:
        import psycopg
        env = self.pg.env(self.app_user, self.app_pw or "", self.app_db)
        with psycopg.connect(host=env["PGHOST"], port=int(env["PGPORT"]), user=self.app_user,
                             password=self.app_pw or "", dbname=self.app_db, sslmode="verify-full",
                             sslrootcert=str(self.pg.ca_cert), connect_timeout=5) as conn:
            new_id = conn.execute("INSERT INTO reh_items (name) VALUES ('after') RETURNING id").fetchone()[0]
            conn.execute("INSERT INTO reh_audit (note) VALUES ('after')")
            conn.execute("INSERT INTO reh_reports (body) VALUES ('after')")
            for t in _tables(self.pg, self.app_db):
                conn.execute(f'SELECT count(*) FROM public."{t}"')   # readable by the app, every table
        assert new_id == 38, f"the app's next reh_items id is {new_id}, not 38: the sequence was not carried"


@pytest.fixture
def pg_rehearsal(tmp_path, generated, fresh_compose_pg, fresh_pg):
    # reset() (fresh_*) also empties the servers' own `postgres` database, which unknown-volume restores into
    def make(case, svc, kind, target):
        return PgRehearsal(tmp_path / f"{svc}-{target}", generated, case, svc, kind, target, fresh_compose_pg, fresh_pg)

    yield make
    # an RDS without db_name hands `postgres` to the apps' role: give it back so that the next reset can drop roles
    from tests.rehearsal import aws_side
    aws_side.undo_postgres_db(fresh_pg, [r[0] for r in fresh_pg.run_sql(
        "SELECT rolname FROM pg_roles WHERE rolname <> 'postgres' AND rolname NOT LIKE 'pg\\_%'")])


def _pg_params():
    out = []
    for target in ("k8s", "aws"):
        for case, svc, kind in PG_SERVICES:
            # review k8s #7 (fixed): unknown-volume's app used postgres; it now has a dedicated owner and database,
            # and the runbook dumps compose's `postgres` database into it
            out.append(pytest.param(target, case, svc, kind, id=f"{target}-{case}-{svc}"))
    return out


@pytest.mark.parametrize("target,case,svc,kind", _pg_params())
def test_pg_runbook(pg_rehearsal, target, case, svc, kind):
    r = pg_rehearsal(case, svc, kind, target)
    r.run()
    r.check_rows_and_sequences()
    r.check_owner()
    if kind == "timescaledb":
        assert r.unrehearsed == TSDB_UNREHEARSED[target]
    r.check_app_writes()


@pytest.mark.parametrize("case,svc", [("postgres-init", "db"), ("two-postgres", "orders-db")])
def test_aws_runbook_restores_roles(pg_rehearsal, case, svc):
    """Review aws #17: roles.sql is dumped and restored; after the blocks the compose roles exist on RDS, as the
    non-superuser master can create them (no SUPERUSER/REPLICATION/BYPASSRLS, no passwords)."""
    r = pg_rehearsal(case, svc, "postgres", "aws")
    r.run()
    row = r.pg.run_sql("SELECT rolsuper, rolreplication, rolbypassrls, rolcanlogin, rolpassword IS NULL "
                       "FROM pg_authid WHERE rolname = 'reh_reporting'")
    assert row == [(False, False, False, False, True)]


def test_k8s_runbook_into_bootstrapped_cluster(pg_rehearsal):
    """postgres-init's cluster.yaml runs the init scripts at bootstrap (postInitApplicationSQLRefs, as superuser,
    in the app database); the runbook then restores a dump of the same schema into it."""
    r = _bootstrapped(pg_rehearsal)
    r.run()
    r.check_rows_and_sequences()
    r.check_owner()
    r.check_app_writes()


def _bootstrapped(pg_rehearsal):
    r = pg_rehearsal("postgres-init", "db", "postgres", "k8s")
    for f in _init_sql("postgres-init", "db"):
        subprocess.run([r.pg.bin("psql"), "-v", "ON_ERROR_STOP=1", "-q", "-d", r.app_db, "-f", str(f)],
                       env=_penv(r.pg.superuser_env()), check=True, capture_output=True)
    return r


# ----------------------------------------------------------------------------------------- breaking it on purpose

def test_broken_k8s_restore_into_the_bootstrapped_database_conflicts(pg_rehearsal):
    """Review k8s #5, second half: without step 3's DROP/CREATE DATABASE, the dump meets the init scripts' tables."""
    r = _bootstrapped(pg_rehearsal)
    with pytest.raises(AssertionError, match="already exists"):
        r.run(edit=lambda b: b.replace("-c 'DROP DATABASE \"shop\" WITH (FORCE);' -c 'CREATE DATABASE \"shop\" OWNER \"shop\";' ", ""))


def test_broken_k8s_restore_without_handover_fails_ownership(pg_rehearsal):
    """Drop the `REASSIGN OWNED BY c2p_restore TO <owner>` line: the tables stay with the restore role, and the
    ownership and app-write checks fail."""
    r = pg_rehearsal("two-postgres", "orders-db", "postgres", "k8s")
    r.run(edit=lambda b: "\n".join(ln for ln in b.splitlines() if "REASSIGN OWNED" not in ln) + "\n")
    r.check_rows_and_sequences()            # the data still arrives …
    with pytest.raises(AssertionError, match="not owned by orders"):
        r.check_owner()                     # … but not as the app's
    import psycopg
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        r.check_app_writes()


def test_broken_k8s_restore_without_no_owner_fails(pg_rehearsal):
    """Drop `--no-owner` from pg_restore (pg_dump's own --no-owner is ignored for -Fc archives): the restore tries
    to give reh_reports to a role the cluster does not have, and the block fails."""
    r = pg_rehearsal("two-postgres", "orders-db", "postgres", "k8s")
    with pytest.raises(AssertionError, match='role "reh_reporting" does not exist'):
        r.run(edit=lambda b: b.replace("pg_restore -d orders --no-owner", "pg_restore -d orders"))


def test_k8s_runbook_stops_before_restoring_into_an_older_major(pg_rehearsal):
    """A floating `postgres` tag pulled after `latest` moved on runs a newer major than the cluster: step 0 reads the
    compose server's real `server_version_num` (15 here) and stops before anything is dropped or restored. The
    bound is lowered to 14 to stand in for a cluster older than compose (this host has one PostgreSQL major)."""
    r = pg_rehearsal("two-postgres", "orders-db", "postgres", "k8s")
    with pytest.raises(AssertionError, match="PostgreSQL 15 in compose, 1[0-9] in the cluster"):
        r.run(edit=lambda b: re.sub(r'"\$\(\(COMPOSE_PG / 10000\)\)" -le [0-9]+ \]', '"$((COMPOSE_PG / 10000))" -le 14 ]', b))
    assert not _tables(r.pg, r.app_db)  # nothing was restored


def test_aws_runbook_stops_before_restoring_into_an_older_major(pg_rehearsal):
    """Same on RDS: both majors are read from the servers; the RDS side's answer is replaced by 140000 (14)."""
    r = pg_rehearsal("two-postgres", "orders-db", "postgres", "aws")
    with pytest.raises(AssertionError, match="PostgreSQL 15 in compose, 14 on RDS"):
        r.run(edit=lambda b: b.replace("TARGET_PG=$(psql -AtX -c 'SHOW server_version_num')", "TARGET_PG=140000"))
    assert not _tables(r.pg, r.app_db)


def test_broken_aws_without_restore_fails_row_counts(pg_rehearsal):
    """Remove the restore block: the row-count check fails."""
    r = pg_rehearsal("postgres-init", "db", "postgres", "aws")
    r.blocks = [b for b in r.blocks if "pg_restore" not in b]
    r.run()
    with pytest.raises(AssertionError, match="row counts"):
        r.check_rows_and_sequences()


# ----------------------------------------------------------------------------------------------------------- Redis

def seed_redis(server) -> int:
    c = server.client()
    pipe = c.pipeline()
    for i in range(50):
        pipe.set(f"reh:key:{i}", f"value {i}")
    pipe.hset("reh:hash", mapping={"a": "1", "b": "2"})
    pipe.rpush("reh:list", "x", "y", "z")
    pipe.set("reh:ttl", "soon", ex=3600)
    pipe.execute()
    return c.dbsize()


def _redis_params():
    out = []
    for target in ("k8s", "aws"):
        for case, svc, _ in REDIS_SERVICES:
            marks = []
            out.append(pytest.param(target, case, svc, marks=marks, id=f"{target}-{case}-{svc}"))
    return out


@pytest.mark.parametrize("target,case,svc", _redis_params())
def test_redis_runbook(tmp_path, generated, ca, target, case, svc):
    keys, after = rehearse_redis(tmp_path, generated, ca, target, case, svc)
    assert after["dbsize"] == keys, f"compose had {keys} keys, the target has {after['dbsize']}"
    assert after["sample"] == (b"value 7", [b"x", b"y", b"z"], {b"a": b"1", b"b": b"2"})
    if target == "k8s":
        assert after["aof_enabled"] == 1


RDB_ONLY = """name: cache
services:
  redis:
    image: redis:7.0.15-alpine
    command: --save 60 1 --loglevel warning
    volumes: [redis:/data]
  app:
    image: ghcr.io/acme/app:1.0
    environment: {REDIS_URL: "redis://redis:6379/0"}
volumes: {redis: {}}
"""


def test_k8s_redis_runbook_rdb_only(tmp_path, ca):
    """Review k8s #16 / issue 11 item 7: a Redis that ran RDB snapshots only (authentik's `--save 60 1`) gets a
    runbook without AOF steps (none to edit, none to switch on), which seeds the target, and the target keeps
    compose's persistence: AOF off, `save 60 1`."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "compose.yaml").write_text(RDB_ONLY)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "-f", str(tmp_path / "c" / "compose.yaml"),
                           "-t", "k8s", "-o", str(out), "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = (out / "k8s" / "MIGRATION.md").read_text()
    section = sections(text)["redis"]
    assert not re.search(r"\bAOF\b|appendonly yes|appendfsync", section) and "aof_enabled:0" in section
    keys, after = rehearse_redis(tmp_path / "reh", lambda case, target: out / "k8s", ca, "k8s", "cache", "redis",
                                 compose_pw=None)
    assert after["dbsize"] == keys == 53 and after["aof_enabled"] == 0


def test_broken_k8s_redis_without_copy_starts_empty(tmp_path, generated, ca):
    """Remove the `kubectl cp ./dump.rdb` line (and its move): the primary restarts on an empty /data and the key count
    fails."""
    def edit(b):
        b = b.replace("mv /data/seed.rdb /data/dump.rdb && ", "")
        return "\n".join(ln for ln in b.splitlines() if "cp ./dump.rdb" not in ln)

    keys, after = rehearse_redis(tmp_path, generated, ca, "k8s", "server2", "redis", edit=edit)
    assert keys == 53 and after["dbsize"] == 0


def _old_seed(b: str) -> str:
    """The runbook before k8s-work item 4: kubectl cp straight to dump.rdb, a separate SHUTDOWN NOSAVE, kubectl wait."""
    b = b.replace('"$P:/data/seed.rdb"', '"$P:/data/dump.rdb"')
    b = re.sub(r'sh -c "mv /data/seed\.rdb /data/dump\.rdb && ', 'sh -c "', b)
    return re.sub(r"^until .*PONG.*$", 'kubectl -n "$NAMESPACE" wait "pod/$P" --for=condition=Ready --timeout=5m', b,
                  flags=re.M)


def test_k8s_redis_seed_survives_a_save_between_copy_and_stop(tmp_path, generated, ca):
    """k8s-work item 4: a save in the pod right after the copy (a save rule, a replica's full sync) writes the empty
    dataset to dump.rdb. The seed goes to seed.rdb and is moved over dump.rdb in the same exec as SHUTDOWN NOSAVE."""
    keys, after = rehearse_redis(tmp_path, generated, ca, "k8s", "server2", "redis", pod_opts={"save_after_cp": True})
    assert after["dbsize"] == keys == 53


def test_broken_k8s_redis_seed_straight_to_dump_rdb_is_overwritten(tmp_path, generated, ca):
    keys, after = rehearse_redis(tmp_path, generated, ca, "k8s", "server2", "redis", pod_opts={"save_after_cp": True},
                                 edit=lambda b: _old_seed(b).replace(
                                     'kubectl -n "$NAMESPACE" wait "pod/$P" --for=condition=Ready --timeout=5m',
                                     'until [ "$(rcli "$P" PING 2>/dev/null)" = PONG ]; do sleep 2; done'))
    assert keys == 53 and after["dbsize"] == 0


def test_broken_k8s_redis_kubectl_wait_right_after_the_stop_does_not_wait(tmp_path, generated, ca):
    """`kubectl wait --for=condition=Ready` just after SHUTDOWN NOSAVE sees the stale Ready and returns: the next exec
    finds the container gone and the block stops."""
    with pytest.raises(AssertionError, match="container not found"):
        rehearse_redis(tmp_path, generated, ca, "k8s", "server2", "redis", edit=_old_seed)


def rehearse_redis(tmp_path, generated, ca, target, case, svc, edit=lambda b: b, compose_pw=...,
                   pod_opts: dict | None = None) -> tuple[int, dict]:
    """Seed compose, run the section's blocks, read the target: (compose key count, what the target holds)."""
    out = generated(case, target)
    section = sections((out / "MIGRATION.md").read_text())[svc]
    if compose_pw is ...:
        compose_pw = _compose_redis_password(case, svc)
    # repl-diskless-sync-delay 0: the image's default waits 5 s for more replicas before serving `redis-cli --rdb`;
    # only the timing differs from compose
    compose = _own_redis(password=compose_pw, tls=False, ca=None, conf=["repl-diskless-sync-delay 0"])
    shims = Shims(tmp_path / "shims")
    cfs = tmp_path / "compose-data"
    cfs.mkdir()
    shims.world["compose"][svc] = {"kind": "redis", "port": compose.port, "fs": {"/data": str(cfs)}}
    extra = {"NAMESPACE": NAMESPACE}
    pod = target_server = None
    try:
        keys = seed_redis(compose)
        if target == "k8s":
            pod = _redis_pod(tmp_path / "pod", out, svc, ca)
            pod.update(pod_opts or {})
            shims.world["pods"][f"{svc}-0"] = pod
            start_redis_pod(pod)           # the operator's first start: empty
        for block in blocks(section):
            block = block.replace("<bucket>", "reh-bucket")
            if target == "aws" and compose_pw:
                # review aws #17: the block asks for COMPOSE_REDIS_PASSWORD (the compose password), as a user sets it
                extra["COMPOSE_REDIS_PASSWORD"] = compose_pw
            if target == "k8s" and compose_pw:
                # the block's own comment: add -a "$PASS" if compose used a password
                block = block.replace("redis-cli --rdb", 'redis-cli -a "$PASS" --rdb')
                extra["PASS"] = compose_pw
            block = edit(block)
            r = shims.run_block(block, out, extra)
            assert r.returncode == 0, f"block failed:\n{block}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
        if target == "k8s":
            import redis
            c = redis.Redis(host="127.0.0.1", port=pod["port"], password=pod["password"], ssl=True,
                            ssl_ca_certs=pod["ca"])
        else:
            # ElastiCache created with snapshot_arns = the S3 object step 3 names: a TLS Redis with the auth token
            arn = re.search(r'snapshot_arns = \["arn:aws:s3:::([^"]+)"\]', section).group(1)
            arn = arn.replace("<bucket>", "reh-bucket")
            rdb = Path(shims.world["s3"]) / arn
            assert rdb.exists(), f"the runbook's snapshot_arns names {arn}, which the blocks did not upload"
            target_server = _own_redis("auth-token-Xy9", tls=True, ca=ca, conf=["dbfilename dump.rdb"], rdb=rdb)
            c = target_server.client()
        after = {"dbsize": c.dbsize(),
                 "sample": (c.get("reh:key:7"), c.lrange("reh:list", 0, -1), c.hgetall("reh:hash")),
                 "aof_enabled": c.info("persistence")["aof_enabled"]}
        c.close()
        return keys, after
    finally:
        for server in (compose, target_server):
            if server:
                server.stop()
                shutil.rmtree(server.root, ignore_errors=True)
        if pod:
            stop_redis_pod(pod)


def _own_redis(password, tls, ca, conf=(), rdb: Path | None = None) -> RedisServer:
    """servers.RedisServer in a folder of ours: the redis_server factory names its folder after the test id, whose
    "[…]" redis-server 7 reads as a glob in its config file's path (the file is then not found and the server
    starts on the defaults, port 6379); and the ElastiCache stand-in needs the RDB in its folder before it starts."""
    root = scratch_dir("c2p-reh-runbook-redis-")
    if rdb:
        shutil.copyfile(rdb, root / "dump.rdb")
    server = RedisServer(root, ca, password, tls)
    try:
        return server.start(list(conf))
    except BaseException:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise


def _redis_pod(d: Path, out: Path, svc: str, ca) -> dict:
    """One redis-operator pod: TLS only, requirepass, /data, the generated ConfigMap's lines with step 2's edit."""
    import socket
    data, tls, binp = d / "data", d / "tls", d / "bin"
    for p in (data, tls, binp):
        p.mkdir(parents=True)
    shutil.copyfile(ca.cert, tls / "ca.crt")
    cert, key = ca.issue(f"{svc}-0-{d.name}", ("127.0.0.1", "localhost"))
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    cm = yaml.safe_load((out / "manifests" / svc / "configmap.yaml").read_text())
    lines = cm["data"]["redis-additional.conf"].splitlines()
    lines = ["appendonly no" if ln == "appendonly yes" else ln for ln in lines]   # MIGRATION.md step 2 (AOF only)
    password = "operator-pw-Rt5"
    conf = d / "redis.conf"
    conf.write_text("\n".join([
        "bind 127.0.0.1", "port 0", f"tls-port {port}", f"tls-cert-file {cert}", f"tls-key-file {key}",
        f"tls-ca-cert-file {ca.cert}", "tls-auth-clients no", f"requirepass {password}", f"dir {data}",
        "dbfilename dump.rdb", "daemonize yes", f"pidfile {d / 'redis.pid'}", f"logfile {d / 'redis.log'}",
        *lines]) + "\n")
    (binp / "hostname").write_text("#!/bin/sh\necho 127.0.0.1\n")
    (binp / "redis-cli").write_text(f'#!/bin/sh\nexec {shutil.which("redis-cli")} -p {port} "$@"\n')
    for f in binp.iterdir():
        f.chmod(0o755)
    return {"kind": "redis", "dir": str(d), "conf": str(conf), "port": port, "password": password,
            "ca": str(ca.cert), "bin": str(binp), "env": {"REDIS_PASSWORD": password},
            "fs": {"/data": str(data), "/tls": str(tls)}}


# ------------------------------------------------------------------------------------------- values you supply (aws)

TRICKY = {"DJANGO_SECRET_KEY": "a\"b'c$d\\e `f` g h", "JWT_SECRET": "line1\nline2 {x} %s"}


def test_aws_put_secret_value_command_stores_the_values_as_json(tmp_path):
    """Item 7: README.md's `aws secretsmanager put-secret-value` block, run as written from a shell where the
    values are exported (with quotes, $, backslashes, a newline), sends exactly those values as one JSON object to
    the app's `…/user` secret."""
    compose = tmp_path / "compose.yaml"
    compose.write_text("""
services:
  web:
    image: myorg/web:1.0
    environment:
      DATABASE_URL: postgres://app:devpw@db:5432/app
      DJANGO_SECRET_KEY: dev-secret-123
      JWT_SECRET: dev-jwt
  db:
    image: postgres:16
    environment: {POSTGRES_USER: app, POSTGRES_PASSWORD: devpw, POSTGRES_DB: app}
    volumes: [pg:/var/lib/postgresql/data]
volumes: {pg: {}}
""")
    import sys
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "-f", str(compose), "--target", "aws",
                           "-o", str(tmp_path / "out"), "--force"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out" / "aws"
    section = [p for p in re.split(r"^### ", (out / "README.md").read_text(), flags=re.M)
               if p.startswith("Values you supply")][0].split("\n## ")[0]
    (block,) = blocks(section)
    shims = Shims(tmp_path / "shims")
    arn = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:app/web/user"
    shims.world["tofu_json"] = {"app_user_secret_arns": {"web": arn}}
    shims.world["secrets"][arn] = "{}"
    r = shims.run_block(block, out, TRICKY)
    assert r.returncode == 0, r.stderr
    (call,) = [c for c in shims.calls() if c[:3] == ["aws", "secretsmanager", "put-secret-value"]]
    assert call[call.index("--secret-id") + 1] == arn
    assert json.loads(call[call.index("--secret-string") + 1]) == TRICKY
