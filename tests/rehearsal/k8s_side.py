"""The Kubernetes side of the rehearsal, rebuilt from the files `c2p generate --target k8s` wrote (see test_k8s.py).

- CloudNativePG 1.30: what the operator and the instance manager do from a generated `Cluster` (ported from
  cloudnative-pg v1.30.0: internal/controller/cluster_create.go reconcileAppUserSecret, pkg/specs/secrets.go
  CreateSecret, pkg/management/postgres/initdb.go ConfigureNewInstance / executeSQLRefs / executeQueries,
  pkg/specs/volumes.go (the refs' file names), internal/management/controller/instance_controller.go
  refreshCredentialsFromSecret, pkg/management/postgres/utils/roles.go).
- redis-operator v0.26.0: the redis.conf its agent writes (internal/agent/bootstrap/redis/config.go, env from
  internal/k8sutils/statefulset.go getEnvironmentVariables), with the generated ConfigMap included last.
- The kubelet: the env of a container from the rendered chart, secretKeyRef from the Secrets, $(VAR) expanded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import shlex
import string
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import yaml

from tests.rehearsal import golden
from tests.conftest import require_tool
from tests.hostile.test_k8s_render import expand, redis_conf

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "golden" / "cases"
NAMESPACE = "rehearsal"  # the namespace the Secrets' host/uri name; nothing connects to it


# ---- the generated tree ---------------------------------------------------------------------------------------------

def generate(case: str, out: Path) -> Path:
    return golden.generate(case, out, "k8s")


def manifests(root: Path) -> list[dict]:
    out = []
    for path in sorted(root.glob("manifests/**/*.yaml")):
        out += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return out


def of_kind(docs: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [d for d in docs if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]


def chart_docs(root: Path) -> list[dict]:
    (chart,) = sorted((root / "charts").iterdir())
    proc = subprocess.run([require_tool("helm"), "template", "release", str(chart)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.safe_load_all(proc.stdout) if d]


def containers(docs: list[dict]) -> dict[str, dict]:
    """'<workload>/<container>' → the container spec, for every app container of the rendered chart (the wait-for
    init containers only run `nc -z`)."""
    out = {}
    for d in docs:
        if d["kind"] in ("Deployment", "StatefulSet", "Job"):
            for c in d["spec"]["template"]["spec"]["containers"]:
                out[f"{d['metadata']['name']}/{c['name']}"] = c
    return out


def ca_mounts(docs: list[dict], project: str) -> dict[str, str]:
    """'<workload>/<container>' → where it mounts the release CA ConfigMap (targets/k8s/tls.py ca_configmap), read
    only; a container that mounts none is absent."""
    from generator.targets.k8s import tls

    out = {}
    for d in docs:
        if d["kind"] not in ("Deployment", "StatefulSet", "Job"):
            continue
        pod = d["spec"]["template"]["spec"]
        names = {v["name"] for v in pod.get("volumes", []) if v.get("configMap", {}).get("name") == tls.ca_configmap(project)}
        for c in pod["containers"]:
            for m in c.get("volumeMounts", []):
                if m["name"] in names and m.get("readOnly"):
                    out[f"{d['metadata']['name']}/{c['name']}"] = m["mountPath"]
    return out


def substitute_mount(env: dict[str, str], mount: str | None, local: Path) -> dict[str, str]:
    """The second substitution: a path under the container's CA mount → the same file under `local`, a folder holding
    what the ConfigMap holds (the test CA's public certificate as ca.crt, nothing else). Without the mount the paths
    stay as written (and name no file here)."""
    if mount is None:
        return dict(env)
    prefix = mount.rstrip("/") + "/"
    return {k: v.replace(prefix, str(local) + "/") for k, v in env.items()}


class MissingSecret(Exception):
    """The kubelet would not start the container (CreateContainerConfigError)."""


def kubelet_env(container: dict, secrets_: dict[str, dict[str, str]]) -> dict[str, str]:
    """The environment the kubelet gives the container: entries in order, secretKeyRef from secrets_, values expanded
    against the entries before them (k8s.io/kubernetes pkg/kubelet/kubelet_pods.go makeEnvironmentVariables; an
    undefined reference stays as written). The chart sets no envFrom and enableServiceLinks adds nothing the apps read."""
    assert not container.get("envFrom"), "envFrom is not rehearsed"
    env: dict[str, str] = {}
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = expand(item["value"], lambda name: env.get(name, f"$({name})"))
        else:
            ref = item["valueFrom"]["secretKeyRef"]
            data = secrets_.get(ref["name"])
            if data is None or ref["key"] not in data:
                if ref.get("optional"):
                    continue
                raise MissingSecret(f"{item['name']}: Secret {ref['name']} key {ref['key']}")
            env[item["name"]] = data[ref["key"]]
    return env


def readme_secrets(root: Path, case_dir: Path) -> dict[str, dict[str, str]]:
    """The Secrets the README tells the operator to create with `kubectl create secret generic NAME
    --from-literal=K=V|--from-file=K=PATH …`, filled as a person running it would: a `$(openssl rand -hex 32)` or a
    `...` placeholder becomes a fresh random hex string, a file is read relative to the compose folder — except a
    file an earlier README command wrote from the cluster (`… > FILE`, the release CA's public certificate), which
    stands as a placeholder naming it."""
    text = re.sub(r"\\\n\s*", " ", (root / "README.md").read_text(encoding="utf-8"))
    fetched = set(re.findall(r"> ([\w.-]+)\n", text))
    out: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"kubectl -n \"\$NAMESPACE\" create secret generic ([^\n]*)", text):
        words = shlex.split(m.group(1).split("#")[0])
        data = out.setdefault(words[0], {})
        for word in words[1:]:
            kind, _, kv = word.partition("=")
            key, _, value = kv.partition("=")
            if kind == "--from-file" and value in fetched:
                data[key] = f"(fetched from the cluster: {value})"
            elif kind == "--from-file":
                data[key] = (case_dir / value).read_text(encoding="utf-8")
            elif kind == "--from-literal":
                data[key] = secrets.token_hex(32) if value in ("...", "$(openssl rand -hex 32)") else value
    return out


# ---- Service names → loopback servers (the one substitution) --------------------------------------------------------

def substitute_hosts(env: dict[str, str], services: dict[str, tuple[str, int, int]]) -> dict[str, str]:
    """services: Service name → (its port in the cluster, test host, test port). In a URL the netloc's
    `<service>:<port>` becomes the test server's; a variable whose whole value is a Service name becomes the test host,
    and its sibling variable (same name with HOST → PORT) holding the Service port becomes the test port."""
    out = dict(env)
    for name, value in env.items():
        if "://" in value:
            parts = urlsplit(value)
            host, port = parts.hostname, parts.port
            if host in services and (port or services[host][0]) == services[host][0]:
                _, thost, tport = services[host]
                userinfo = parts.netloc.rpartition("@")[0]
                netloc = (userinfo + "@" if "@" in parts.netloc else "") + f"{thost}:{tport}"
                out[name] = urlunsplit(parts._replace(netloc=netloc))
        elif value in services:
            sport, thost, tport = services[value]
            out[name] = thost
            sibling = re.sub(r"HOST$", "PORT", name)
            if sibling != name and env.get(sibling) == str(sport):
                out[sibling] = str(tport)
    return out


# ---- CloudNativePG 1.30 ---------------------------------------------------------------------------------------------

def cnpg_password() -> str:
    """sethvargo/go-password Generate(64, 10, 0, false, true): 64 characters, exactly 10 digits, no symbols, upper
    and lower case letters, repeats allowed."""
    rng = secrets.SystemRandom()
    chars = [rng.choice(string.ascii_letters) for _ in range(54)]
    for _ in range(10):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(string.digits))
    return "".join(chars)


def app_secret(cluster: dict) -> dict[str, str]:
    """The `<cluster>-app` Secret the operator creates (pkg/specs/secrets.go CreateSecret)."""
    name = cluster["metadata"]["name"]
    initdb = cluster["spec"].get("bootstrap", {}).get("initdb", {})
    db, user, pw = initdb.get("database", "app"), initdb.get("owner", initdb.get("database", "app")), cnpg_password()
    host = f"{name}-rw"

    def uri(h):
        return f"postgresql://{quote(user, safe='')}:{quote(pw, safe='')}@{h}:5432/{db}"

    return {"username": user, "user": user, "password": pw, "dbname": db, "host": host, "port": "5432",
            "pgpass": f"{host}:5432:{db}:{user}:{pw}\n", "uri": uri(f"{host}.{NAMESPACE}"),
            "jdbc-uri": f"jdbc:postgresql://{host}.{NAMESPACE}:5432/{db}?password={quote(pw, safe='')}&user={quote(user, safe='')}",
            "fqdn-uri": uri(f"{host}.{NAMESPACE}.svc.cluster.local"),
            "fqdn-jdbc-uri": f"jdbc:postgresql://{host}.{NAMESPACE}.svc.cluster.local:5432/{db}?password={quote(pw, safe='')}&user={quote(user, safe='')}"}


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """SCRAM-SHA-256 verifier as PostgreSQL stores it (CNPG encodes the password client-side before ALTER ROLE)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored = hashlib.sha256(client_key).digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored)}:{b64(server)}"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# Statements that need an extension this machine does not have (Debian packages neither TimescaleDB nor, here,
# PostGIS): skipped and reported, never silently. Keyed by extension; a statement is skipped when it creates the
# extension or matches the pattern.
EXTENSION_STATEMENTS = {
    "timescaledb": r"\b(create_hypertable|add_dimension|set_chunk_time_interval|add_\w+_policy|timescaledb\.)",
    "postgis": r"\b(geometry|geography|st_\w+)\b",
}


def split_sql(script: str) -> list[str]:
    """Top-level statements of a script (quotes, dollar quotes, comments respected), each with its ';'."""
    out, cur, i, n = [], [], 0, len(script)
    while i < n:
        c = script[i]
        if script.startswith("--", i):
            j = script.find("\n", i)
            j = n if j < 0 else j
            cur.append(script[i:j]); i = j; continue
        if script.startswith("/*", i):
            j = script.find("*/", i + 2)
            j = n if j < 0 else j + 2
            cur.append(script[i:j]); i = j; continue
        if c in "'\"":
            j = i + 1
            while j < n and not (script[j] == c and not script.startswith(c * 2, j)):
                j += 2 if script.startswith(c * 2, j) else 1
            cur.append(script[i:j + 1]); i = j + 1; continue
        m = re.match(r"\$([A-Za-z_]\w*)?\$", script[i:]) if c == "$" else None
        if m:
            j = script.find(m.group(0), i + len(m.group(0)))
            j = n if j < 0 else j + len(m.group(0))
            cur.append(script[i:j]); i = j; continue
        cur.append(c)
        i += 1
        if c == ";":
            out.append("".join(cur)); cur = []
    if "".join(cur).strip():
        out.append("".join(cur))
    return out


def _strip_comments(stmt: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", stmt, flags=re.S).strip()


def without_missing_extensions(script: str, available: set[str]) -> tuple[str, list[str]]:
    """The script with the statements that need a missing extension taken out, and those statements. A script that
    needs none is returned unchanged (byte for byte: it runs as CloudNativePG sends it)."""
    created = {m.lower() for m in re.findall(r"create\s+extension\s+(?:if\s+not\s+exists\s+)?\"?(\w+)", script, re.I)}
    missing = sorted(created - available)
    if not missing:
        return script, []
    kept, skipped = [], []
    for stmt in split_sql(script):
        body = _strip_comments(stmt)
        ext = re.match(r"create\s+extension\s+(?:if\s+not\s+exists\s+)?\"?(\w+)", body, re.I)
        if body and ((ext and ext.group(1).lower() in missing)
                     or any(re.search(EXTENSION_STATEMENTS.get(e, r"(?!)"), body, re.I) for e in missing)):
            skipped.append(body)
        else:
            kept.append(stmt)
    return "".join(kept), skipped


@dataclass
class Bootstrap:
    cluster: str
    database: str
    owner: str
    secret: dict[str, str]
    skipped: list[str] = field(default_factory=list)  # statements not run: their extension is not installed here
    app_sql_ran: bool = False


def sql_refs(cluster_spec_refs: dict | None, sources: dict[tuple[str, str], dict[str, str]]) -> list[str]:
    """The files of a postInit*SQLRefs, in the order the instance runs them: pkg/specs/volumes.go names them
    <i>.sql with the Secrets first then the ConfigMaps (zero-padded), executeSQLRefs sorts the names."""
    if not cluster_spec_refs:
        return []
    out = []
    for kind, refs in (("Secret", cluster_spec_refs.get("secretRefs", [])), ("ConfigMap", cluster_spec_refs.get("configMapRefs", []))):
        for ref in refs:
            data = sources.get((kind, ref["name"]))
            assert data is not None and ref["key"] in data, f"{kind} {ref['name']} key {ref['key']} is missing: the instance would not start"
            out.append(data[ref["key"]])
    return out


def cnpg_bootstrap(pg, cluster: dict, sources: dict[tuple[str, str], dict[str, str]]) -> Bootstrap:
    """CloudNativePG creating a new cluster from bootstrap.initdb on `pg` (already initdb'd: the fixture's server
    stands for the instance after `initdb`): the operator's `<cluster>-app` Secret, then ConfigureNewInstance over the
    superuser connection, then the instance manager's first credential reconcile."""
    import psycopg

    spec = cluster["spec"]
    initdb = spec.get("bootstrap", {}).get("initdb", {})
    secret = app_secret(cluster)
    owner, database = secret["username"], secret["dbname"]
    available = {r[0] for r in pg.run_sql("SELECT name FROM pg_available_extensions")}
    boot = Bootstrap(cluster["metadata"]["name"], database, owner, secret)

    def execute(db: str, queries: list[str]) -> None:
        # executeQueries: a dedicated connection, search_path "$user", public, each query one Exec (simple protocol,
        # so a file of several statements runs as one implicit transaction), autocommit. A fresh connection per call
        # (CNPG takes one from its pool: session settings of an earlier call are not relied upon)
        if not queries:
            return
        with psycopg.connect(host=str(pg.socket_dir), port=pg.port, user="postgres", dbname=db, autocommit=True) as conn:
            conn.execute('SET search_path TO "$user", public')
            for q in queries:
                q, skipped = without_missing_extensions(q, available)
                boot.skipped += skipped
                if q.strip():
                    conn.execute(q.encode())  # bytes: psycopg sends it as is, no parameter parsing

    def run(db: str, sql: list[str], refs: dict | None) -> None:
        # ConfigureNewInstance: executeQueries(the list), then executeSQLRefs: executeQueries once per file
        execute(db, list(sql))
        for script in sql_refs(refs, sources):
            execute(db, [script])

    if not pg.run_sql("SELECT 1 FROM pg_roles WHERE rolname = %s" % literal(owner)):
        pg.run_sql(f"CREATE ROLE {ident(owner)} LOGIN")
    run("postgres", initdb.get("postInitSQL", []), initdb.get("postInitSQLRefs"))
    run("template1", initdb.get("postInitTemplateSQL", []), initdb.get("postInitTemplateSQLRefs"))
    if not pg.run_sql(f"SELECT 1 FROM pg_database WHERE datname = {literal(database)}"):
        pg.run_sql(f"CREATE DATABASE {ident(database)} OWNER {ident(owner)}")
        run(database, initdb.get("postInitApplicationSQL", []), initdb.get("postInitApplicationSQLRefs"))
        boot.app_sql_ran = True
    cnpg_reconcile_credentials(pg, cluster, secret, first=True)
    return boot


def cnpg_reconcile_credentials(pg, cluster: dict, secret: dict[str, str], first: bool) -> None:
    """refreshCredentialsFromSecret on the primary: with enableSuperuserAccess false, `ALTER ROLE postgres WITH
    PASSWORD NULL` when postgres has one; then the app owner's password from `<cluster>-app` — only when that Secret's
    resourceVersion is new to the instance manager (`first`), as reconcileUser caches it."""
    if not cluster["spec"].get("enableSuperuserAccess", False):
        if pg.run_sql("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = 'postgres'") == [(True,)]:
            pg.run_sql("ALTER ROLE postgres WITH PASSWORD NULL")
    if first:
        pg.run_sql(f"SET log_statement = 'none'; ALTER ROLE {ident(secret['username'])} WITH PASSWORD "
                   f"{literal(scram_verifier(secret['password']))}")


# ---- redis-operator v0.26 -------------------------------------------------------------------------------------------

def memory_bytes(quantity: str) -> int:
    units = {"Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "Ti": 1024 ** 4, "k": 1000, "M": 1000 ** 2, "G": 1000 ** 3}
    m = re.fullmatch(r"(\d+)([A-Za-z]*)", str(quantity))
    assert m, quantity
    return int(m.group(1)) * units.get(m.group(2), 1)


def redis_operator_conf(redis: dict, password: str | None, include: Path | None) -> list[str]:
    """The redis.conf lines the operator's agent writes for one RedisReplication/Redis pod (config.go GenerateConfig,
    with the env statefulset.go sets from the CR): base settings, auth, TLS, persistence, maxmemory, the ConfigMap
    included last. Paths of the pod (/tls, /data, pidfile) are left to the test server (its fixture sets the
    listener, certificates and folder)."""
    spec = redis["spec"]
    lines = ["tcp-backlog 511", "timeout 0", "tcp-keepalive 60", "supervised no"]
    if password:
        lines += [f"masterauth {password}", f"requirepass {password}", "protected-mode yes"]
    else:
        lines += ["protected-mode no"]
    if spec.get("TLS"):
        lines += ["tls-auth-clients optional", "tls-replication yes"]  # tls-*-file: the fixture's certificates
    if spec.get("storage"):
        lines += ["save 900 1", "save 300 10", "save 60 10000", "Appendonly yes", 'Appendfilename "Appendonly.aof"']
    limits = spec.get("kubernetesConfig", {}).get("resources", {}).get("limits", {})
    percent = spec.get("redisConfig", {}).get("maxMemoryPercentOfLimit")
    if limits.get("memory") and percent:
        lines.append(f"maxmemory {int(memory_bytes(limits['memory']) * percent / 100)}")
    if include is not None:
        lines.append(f"include {include}")
    return lines


def configmap_lines(configmap: dict) -> list[list[str]]:
    return redis_conf(configmap["data"]["redis-additional.conf"])
