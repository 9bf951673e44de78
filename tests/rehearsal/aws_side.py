"""The aws target's production side, built the way AWS builds it from the generated Terraform, on the local
rehearsal servers; and each app's environment, evaluated from the generated `app_env.tf` by OpenTofu.

Nothing here reads c2p's internals: the input is the generated `terraform/*.tf`, parsed by hcl2json (the parser
`c2p validate` uses) and evaluated by `tofu console`.

What is emulated, and why so:
- RDS (aws_db_instance, engine postgres). RDS has no superuser. Its master user (`username`) is created as the RDS
  docs state ("Understanding the rds_superuser role"): `LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE
  NOREPLICATION`, a member of `rds_superuser`. `rds_superuser` is a NOLOGIN role given what the same page says it
  allows: seeing every session in pg_stat_activity and ending them (`pg_monitor`, `pg_signal_backend`), and
  granting `rds_password`/`rds_replication` to others (both created NOLOGIN and held WITH ADMIN OPTION). The docs
  name no `pg_read_all_data`/`pg_write_all_data` membership, so none is emulated: the master reads other roles'
  tables only through ordinary grants, as on RDS. Creating allow-listed extensions is not emulated beyond what
  PostgreSQL lets a database owner do (trusted extensions such as pgcrypto).
  The database `db_name` is created OWNER the master (RDS runs the CREATE DATABASE for it). With no `db_name`
  the apps use the `postgres` database, which on RDS belongs to the master user — an assumption from how RDS
  instances list their databases, not a documented statement; it is what lets a PostgreSQL 15+ master create
  tables in `postgres`'s public schema.
  The apps' own role is then created by README.md's "Database roles" block, run as written by the tests (as the
  master, over verify-full TLS): it owns db_name afterwards.
  `rds.force_ssl = 1` in the parameter group: the `pg` fixture's pg_hba has only `hostssl` lines for TCP, the
  same effect (a non-TLS login is refused).
- Tiger Cloud (timescale_service): the admin `tsdbadmin`, a non-superuser with CREATEDB and CREATEROLE, owning the
  database `tsdb`, TLS required; the apps' role then comes from README.md's "Database roles" block, run as written. The timescaledb extension itself is not packaged by Debian, so nothing that needs
  it (hypertables, the extension's catalog) is rehearsed.
- ElastiCache (aws_elasticache_replication_group): a TLS-only Redis whose `default` user's password
  (requirepass) is the auth token, the generated `random_password` the group's `auth_token` names. The
  ElastiCache default that matters to compose files, `maxmemory-policy volatile-lru`, applies unless the group's
  `aws_elasticache_parameter_group` sets it (its parameters become redis.conf lines).
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tests.rehearsal import golden

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "golden" / "cases"

# the default parameter group of ElastiCache's valkey/redis families: maxmemory-policy volatile-lru
ELASTICACHE_DEFAULTS = {"maxmemory-policy": "volatile-lru"}


def generate(case: str, out: Path) -> Path:
    return golden.generate(case, out, "aws")


def parse_terraform(tfdir: Path) -> dict:
    """Every .tf file of the folder, parsed by hcl2json and merged: {"resource"|"data": {type: {name: body}}}."""
    from generator.validate.hcl import parse_hcl

    parsed, errors, _ = parse_hcl(sorted(tfdir.glob("*.tf")))
    assert not errors, errors
    merged: dict = {"resource": {}, "data": {}, "output": {}}
    for doc in parsed.values():
        for kind in ("resource", "data"):
            for rtype, named in doc.get(kind, {}).items():
                for name, bodies in named.items():
                    (body,) = bodies
                    merged[kind].setdefault(rtype, {})[name] = body
        for name, bodies in doc.get("output", {}).items():
            (merged["output"][name],) = bodies
    return merged


_REF = re.compile(r"^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)(?:\[0\]\.([a-z_]+))?\}$")


def _ref(value: str) -> tuple[str, ...]:
    m = _REF.match(value)
    assert m, f"not a plain reference: {value!r}"
    return tuple(g for g in m.groups() if g)


@dataclass
class Rds:
    name: str
    username: str  # the master
    db_name: str  # the database the apps use: db_name, or RDS's `postgres`
    has_db_name: bool
    force_ssl: bool
    app_role: str  # output <name>_app_username: the role the apps log in as
    app_password: str  # the random_password resource whose result is the apps' role's password


def rds_instances(tf: dict) -> list[Rds]:
    found = []
    for name, body in tf["resource"].get("aws_db_instance", {}).items():
        assert body["engine"] == "postgres", body["engine"]
        assert body.get("manage_master_user_password") is True
        group = tf["resource"]["aws_db_parameter_group"][_ref(body["parameter_group_name"])[1]]
        params = {p["name"]: p["value"] for p in group.get("parameter", [])}
        found.append(Rds(name=name, username=body["username"], db_name=body.get("db_name", "postgres"),
                         has_db_name="db_name" in body, force_ssl=params.get("rds.force_ssl") == "1",
                         app_role=tf["output"][f"{name}_app_username"]["value"],
                         app_password=f"{name}_app"))
        assert name + "_app" in tf["resource"].get("random_password", {}), f"no random_password.{name}_app"
    return found


@dataclass
class Cache:
    name: str
    token: str  # the random_password resource whose result is the auth token
    parameter_group_name: str
    tls_required: bool
    parameters: dict  # the group's aws_elasticache_parameter_group parameters (None: an AWS default group)


def cache_groups(tf: dict) -> list[Cache]:
    found = []
    for name, body in tf["resource"].get("aws_elasticache_replication_group", {}).items():
        rtype, token, attr = _ref(body["auth_token"])
        assert (rtype, attr) == ("random_password", "result")
        group = body["parameter_group_name"]
        params = None
        if group.startswith("${aws_elasticache_parameter_group."):
            pg_body = tf["resource"]["aws_elasticache_parameter_group"][_ref(group)[1]]
            params = {p["name"]: p["value"] for p in pg_body.get("parameter", [])}
        found.append(Cache(name=name, token=token, parameter_group_name=group,
                           tls_required=body.get("transit_encryption_enabled") is True
                           and body.get("transit_encryption_mode") == "required", parameters=params))
    return found


def cache_conf_lines(cache: Cache) -> list[str]:
    """redis.conf lines for the group's parameter group: AWS's defaults, overridden by the generated group's
    parameters."""
    if cache.parameters is None:
        assert cache.parameter_group_name.startswith("default."), cache.parameter_group_name
    return [f"{k} {v}" for k, v in {**ELASTICACHE_DEFAULTS, **(cache.parameters or {})}.items()]


# ---- the production side on the `pg` server ----------------------------------------------------------------------

def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _ident(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


RDS_SUPERUSER_SQL = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_superuser') THEN
    CREATE ROLE rds_superuser NOLOGIN;
    GRANT pg_monitor, pg_signal_backend TO rds_superuser;
    CREATE ROLE rds_password NOLOGIN;
    CREATE ROLE rds_replication NOLOGIN;
    GRANT rds_password, rds_replication TO rds_superuser WITH ADMIN OPTION;
  END IF;
END $$;
"""


def build_rds(pg, inst: Rds, password: str) -> None:
    """The instance as RDS creates it from `aws_db_instance` (see the module docstring)."""
    pg.run_sql(RDS_SUPERUSER_SQL)
    # two instances on the one rehearsal server may share the master's name (each RDS instance has its own)
    if not pg.run_sql(f"SELECT 1 FROM pg_roles WHERE rolname = {_lit(inst.username)}"):
        pg.run_sql(f"CREATE ROLE {_ident(inst.username)} WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE "
                   f"NOREPLICATION PASSWORD {_lit(password)} IN ROLE rds_superuser")
    if inst.has_db_name:
        pg.run_sql(f"CREATE DATABASE {_ident(inst.db_name)} OWNER {_ident(inst.username)}")
    else:
        pg.run_sql(f"ALTER DATABASE postgres OWNER TO {_ident(inst.username)}")


def arn(name: str) -> str:
    return f"arn:aws:secretsmanager:eu-west-1:000000000000:secret:{name}"


def rds_world(shims, inst: Rds, pg, master_pw: str, app_pw: str) -> None:
    """What `tofu output`, `aws secretsmanager` and `curl` answer about one instance: its endpoint (the `pg`
    server), the RDS-managed master secret, the apps' role secret, and the RDS CA bundle (the test CA)."""
    master, app = arn(f"{inst.name}-master"), arn(f"{inst.name}-app")
    shims.world["tofu"].update({f"{inst.name}_address": pg.host, f"{inst.name}_master_user_secret_arn": master,
                                f"{inst.name}_app_secret_arn": app, f"{inst.name}_app_username": inst.app_role})
    shims.world["secrets"].update({
        master: json.dumps({"username": inst.username, "password": master_pw}),
        app: json.dumps({"username": inst.app_role, "password": app_pw, "dbname": inst.db_name})})
    shims.world["downloads"][RDS_CA_URL] = str(pg.ca_cert)


RDS_CA_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem"


def role_step_blocks(readme: str, address: str) -> list[str]:
    """README.md's "Database roles" block for a database (its first line names `<type>.<name>`)."""
    from tests.rehearsal.runbook import blocks, sections

    found = [b for b in blocks(sections(readme)["Database"]) if f"({address})" in b.split("\n")[0]]
    assert len(found) == 1, f"README.md has no (or several) role step for {address}"
    return found


def run_role_step(aws_dir: Path, inst: Rds, pg, master_pw: str, app_pw: str, tmp: Path) -> None:
    """README.md's role step, run as written against the emulated instance (runbook.py's stand-ins)."""
    from tests.rehearsal.runbook import Shims

    shims = Shims(tmp)
    rds_world(shims, inst, pg, master_pw, app_pw)
    for block in role_step_blocks((aws_dir / "README.md").read_text(), f"aws_db_instance.{inst.name}"):
        r = shims.run_block(block, aws_dir, {"PGPORT": str(pg.port)})
        assert r.returncode == 0, f"role step failed:\n{block}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def tiger_services(tf: dict) -> list[tuple[str, str]]:
    """(name, the apps' role from output <name>_app_username) of every timescale_service."""
    found = []
    for name in tf["resource"].get("timescale_service", {}):
        assert name + "_app" in tf["resource"].get("random_password", {}), f"no random_password.{name}_app"
        found.append((name, tf["output"][f"{name}_app_username"]["value"]))
    return found


def tiger_world(shims, name: str, role: str, pg, admin_pw: str, app_pw: str) -> None:
    app = arn(f"{name}-app")
    shims.world["tofu"].update({f"{name}_hostname": pg.host, f"{name}_port": str(pg.port), f"{name}_password": admin_pw,
                                f"{name}_app_secret_arn": app, f"{name}_app_username": role})
    shims.world["secrets"][app] = json.dumps({"username": role, "password": app_pw, "dbname": "tsdb"})


def run_tiger_role_step(aws_dir: Path, name: str, role: str, pg, admin_pw: str, app_pw: str, tmp: Path) -> None:
    """README.md's Tiger Cloud role step, run as written as tsdbadmin (the test CA stands for the public CAs of the
    OS trust store: PGSSLROOTCERT is set, which the block keeps)."""
    from tests.rehearsal.runbook import Shims

    shims = Shims(tmp)
    tiger_world(shims, name, role, pg, admin_pw, app_pw)
    for block in role_step_blocks((aws_dir / "README.md").read_text(), f"timescale_service.{name}"):
        r = shims.run_block(block, aws_dir, {"PGSSLROOTCERT": str(pg.ca_cert)})
        assert r.returncode == 0, f"role step failed:\n{block}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def build_tiger(pg, password: str) -> None:
    """Tiger Cloud's service as far as plain PostgreSQL goes: tsdbadmin (no superuser) owning tsdb."""
    pg.run_sql(f"CREATE ROLE tsdbadmin WITH LOGIN NOSUPERUSER CREATEDB CREATEROLE PASSWORD {_lit(password)}")
    pg.run_sql("CREATE DATABASE tsdb OWNER tsdbadmin")


def undo_postgres_db(pg, roles: list[str]) -> None:
    """Give the shared `postgres` database back to the fixture's superuser and drop what the roles own in it,
    so that the fixture's reset() can drop the roles."""
    pg.run_sql("ALTER DATABASE postgres OWNER TO postgres")
    for role in roles:
        if pg.run_sql(f"SELECT 1 FROM pg_roles WHERE rolname = {_lit(role)}"):
            pg.run_sql(f"DROP OWNED BY {_ident(role)}")


# ---- the apps' environment: app_env.tf evaluated by OpenTofu -----------------------------------------------------

# every reference app_env.tf makes to a managed service's attribute; anything else is left to tofu, which fails
# on a resource it does not know (so a new kind of reference makes the rehearsal fail, not pass blindly)
_ATTR = re.compile(r"(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.[a-z_]+)(?![\w\[.])")


def hcl_literal(value) -> str:
    if isinstance(value, int):
        return str(value)
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")


def substitute(locals_block: str, values: dict[str, object]) -> tuple[str, set[str]]:
    """Each `type.name.attr` in `values` replaced by its HCL literal; the set of those used."""
    used: set[str] = set()

    def repl(m: re.Match) -> str:
        ref = m.group(1)
        if ref.startswith("local.") or ref not in values:
            return ref
        used.add(ref)
        return hcl_literal(values[ref])

    return _ATTR.sub(repl, locals_block), used


def app_env(tfdir: Path, values: dict[str, object], tofu: str, workdir: Path) -> dict[str, dict[str, str]]:
    """app_env.tf's `locals` with the attributes substituted, evaluated by `tofu console`: {app: {VAR: value}}."""
    text = (tfdir / "app_env.tf").read_text(encoding="utf-8")
    block = text[text.index("locals {"):text.index("\nresource ")]
    block, _ = substitute(block, values)
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "main.tf").write_text(block, encoding="utf-8")
    proc = subprocess.run([tofu, "console"], input="base64encode(jsonencode(local.app_env))\n", cwd=workdir,
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1",
                               "HOME": str(workdir)})
    assert proc.returncode == 0, proc.stderr
    return json.loads(base64.b64decode(json.loads(proc.stdout.strip())).decode("utf-8"))


def rds_values(inst: Rds, host: str, port: int, app_password: str) -> dict[str, object]:
    """What AWS returns for the instance's attributes, with the endpoint → the rehearsal server; the apps' role's
    random_password → the password the role step set."""
    return {
        f"aws_db_instance.{inst.name}.address": host,
        f"aws_db_instance.{inst.name}.port": port,
        f"aws_db_instance.{inst.name}.username": inst.username,
        f"aws_db_instance.{inst.name}.db_name": inst.db_name,
        f"random_password.{inst.app_password}.result": app_password,
    }


def cache_values(cache: Cache, host: str, port: int, token: str) -> dict[str, object]:
    return {
        f"aws_elasticache_replication_group.{cache.name}.primary_endpoint_address": host,
        f"aws_elasticache_replication_group.{cache.name}.port": port,
        f"random_password.{cache.token}.result": token,
    }


def with_query(url: str, **params: str) -> str:
    """The URL with query parameters set (replaced); a value None removes the parameter."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for k, v in params.items():
        if v is None:
            query.pop(k, None)
        else:
            query[k] = v
    return urlunsplit(parts._replace(query=urlencode(query)))
