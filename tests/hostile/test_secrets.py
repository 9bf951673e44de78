"""Hostile input, secrets (review 2026-12 items 4, 8 and the userinfo hang of 10; issue 20 part 4 and the URL rule).

No password, token or key from a compose file appears in what c2p prints or writes (inspect in every format,
generate for both targets), in clear, percent-encoded or base64; a DATABASE_URL rebuilt for production keeps the
compose query pairs as they were encoded (one pair stays one pair) and never a destination or credential parameter
from compose; a huge value does not make the finder hang.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.classify.secrets import is_secret_name, mask_args, mask_text, secrets_in_args
from generator.plan.urls import PG_DESTINATION, REDIS_DESTINATION, postgres_url, redis_url

ROOT = Path(__file__).resolve().parents[2]


def marker(n: int) -> str:
    return f"S3cr3t-{n}-zq"


# every secret form of the review and the issue, each with its own marker
DOTENV = f"FROM_DOTENV={marker(9)}\n"
COMPOSE = f"""
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: {marker(1)}
      POSTGRES_DB: app
    healthcheck:
      test: ["CMD-SHELL", "PGPASSWORD={marker(2)} pg_isready -U postgres"]
    volumes: [pg:/var/lib/postgresql/data]
  cache:
    image: redis:7
    command: ["redis-server", "--requirepass", "{marker(3)}"]
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "{marker(4)}", "ping"]
  web:
    image: ghcr.io/acme/web:1
    command: ["serve", "--password", "{marker(5)}", "--token", "{marker(6)}"]
    environment:
      DATABASE_URL: "postgres://app:{marker(7)}@db:5432/app?application_name=web%26host%3D127.0.0.9&%7Bpassword%7D=1&host=evil.example&hostaddr=198.51.100.7&password={marker(24)}&sslmode=disable"
      REDIS_URL: "redis://:{marker(8)}@cache:6379/0?timeout=5&password={marker(25)}"
      PGPASS: {marker(10)}
      DB_CONN: "host=db user=app password={marker(11)} dbname=app"
      DB_DSN: "host=db password='{marker(12)} with space' dbname=app"
      JAVA_OPTS: "-Xmx1g -Dspring.datasource.password={marker(13)} -Dfoo.secret={marker(14)}"
      AUTH_HEADER: "Bearer {marker(15)}"
      UPSTREAM: "Basic {marker(16)}"
      HOOK: "https://hooks.example.com/x?sig={marker(17)}&v=1"
      WEBHOOK: "https://user:{marker(18)}@hooks.example.com/"
      MIRROR: "${{FROM_DOTENV}}"
      APP_AUTH: "${{FROM_DOTENV}}"
      SOME_PWD: {marker(19)}
      OTHER: "Authorization: Bearer {marker(20)}"
      S3_URL: "https://bucket.example.com/o?X-Amz-Signature={marker(26)}&api_key={marker(27)}"
    healthcheck:
      test: ["CMD-SHELL", "mysqladmin ping -p{marker(21)} && curl -H 'Authorization: Bearer {marker(15)}' localhost"]
  worker:
    image: ghcr.io/acme/web:1
    labels:
      com.example.api-token: {marker(30)}
      com.example.note: "db password={marker(31)}"
    annotations:
      com.example.dsn: "postgres://u:{marker(32)}@h/db"
    command: ["work", "--api-key", "{marker(22)}", "sh", "-c", "sshpass -p {marker(28)} ssh host"]
    environment:
      AMQP: "amqp://guest:{marker(23)}@mq:5672/"
      SMTP_PASS: {marker(29)}
volumes:
  pg: {{}}
"""
MARKERS = [marker(n) for n in range(1, 33)]


def c2p(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI of this checkout (not whichever c2p the interpreter has installed), run in the project folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def _b64_forms(secret: str) -> list[str]:
    """The marker's base64 at each of the 3 alignments it can have inside a longer encoded text."""
    out = []
    for pad in range(3):
        enc = base64.b64encode(b"\0" * pad + secret.encode()).decode()
        start = (pad * 4 + 2) // 3 + (1 if pad else 0)
        out.append(enc[start:len(enc) - 4])
    return [f for f in out if len(f) >= 8]


def leaks(text: str) -> set[str]:
    found = set()
    decoded = unquote(text)
    for m in MARKERS:
        forms = [m, quote(m, safe=""), m.replace("-", "%2D"), *_b64_forms(m)]
        if any(f in text or f in decoded for f in forms):
            found.add(m)
    # the quoted libpq value with a space, in part
    if "with space" in decoded:
        found.add("with space")
    return found


def test_leak_scan_sees_each_form():
    """The scan itself: it finds a marker in clear, percent-encoded and inside base64 at every alignment."""
    m = marker(3)
    assert leaks(f"x {m} y") == {m}
    assert leaks(quote(m, safe="").replace("-", "%2D")) == {m}
    for pad in ("", "a", "ab"):
        assert m in leaks(base64.b64encode((pad + m + "tail").encode()).decode())
    assert leaks("nothing here") == set()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile-secrets")
    (d / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (d / ".env").write_text(DOTENV, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def generated(hostile) -> dict[str, subprocess.CompletedProcess]:
    return {t: c2p("generate", "-t", t, "-o", "out", cwd=hostile) for t in ("k8s", "aws")}


@pytest.mark.parametrize("fmt", ["text", "json", "mermaid"])
def test_inspect_prints_no_secret(hostile, fmt):
    proc = c2p("inspect", "--format", fmt, cwd=hostile)
    assert proc.returncode == 0, proc.stderr
    assert leaks(proc.stdout + proc.stderr) == set()


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_plan_prints_no_secret(hostile, target):
    proc = c2p("plan", "-t", target, cwd=hostile)
    assert proc.returncode == 0, proc.stderr
    assert leaks(proc.stdout + proc.stderr) == set()


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_generate_writes_no_secret(hostile, generated, target):
    proc = generated[target]
    assert proc.returncode == 0, proc.stderr
    assert leaks(proc.stdout + proc.stderr) == set()
    files = [p for p in (hostile / "out" / target).rglob("*") if p.is_file()]
    assert len(files) > 5
    found = {str(p.relative_to(hostile)): leaks(p.read_text(encoding="utf-8", errors="replace")) for p in files}
    assert {k: v for k, v in found.items() if v} == {}


def test_k8s_secret_vars_are_references(hostile, generated):
    """Secret vars become secretKeyRef entries of a Secret the user creates (listed in README), not values."""
    values = yaml.safe_load(next((hostile / "out" / "k8s" / "charts").glob("*/values.yaml")).read_text())
    web = values["apps"]["web"]
    refs = {e["name"] for e in web["secretEnv"]}
    for var in ("PGPASS", "DB_CONN", "DB_DSN", "JAVA_OPTS", "AUTH_HEADER", "UPSTREAM", "HOOK", "WEBHOOK", "APP_AUTH",
                "SOME_PWD", "OTHER", "S3_URL", "MIRROR"):
        assert var in refs, var
        assert var not in (web.get("env") or {}), var
    readme = (hostile / "out" / "k8s" / "README.md").read_text()
    assert "PGPASS" in readme and "JAVA_OPTS" in readme


# ---------------------------------------------------------------- DATABASE_URL rebuilt, not decoded and joined

def libpq_query(url: str) -> list[tuple[str, str]]:
    """The query as libpq reads it: split the raw query on &, then on the first =, then percent-decode each."""
    query = urlsplit(url).query
    return [(unquote(k), unquote(v)) for k, _, v in (p.partition("=") for p in query.split("&") if p)]


COMPOSE_PAIRS = [("application_name", "web&host=127.0.0.9"), ("{password}", "1")]


def _check_url(url: str, host: str, port: int, user: str, db: str, sslmode: str = "require", ca: str | None = None):
    parts = urlsplit(url)
    assert (parts.hostname, parts.port, unquote(parts.username or ""), parts.path) == (host, port, user, "/" + db)
    pairs = libpq_query(url)
    assert [p for p in pairs if p[0] not in ("sslmode", "sslrootcert")] == COMPOSE_PAIRS
    assert [v for k, v in pairs if k == "sslmode"] == [sslmode]
    assert [v for k, v in pairs if k == "sslrootcert"] == ([ca] if ca else [])  # c2p's CA, never compose's
    keys = [k.lower() for k, _v in pairs]
    assert not {"host", "hostaddr", "password", "port", "user", "dbname"} & set(keys)


def _expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes dependent env expansion: $(VAR) from env, $$ → $."""
    out, i = [], 0
    while i < len(value):
        if value.startswith("$$", i):
            out.append("$")
            i += 2
        elif value.startswith("$(", i) and ")" in value[i:]:
            j = value.index(")", i)
            out.append(env.get(value[i + 2:j], value[i:j + 1]))
            i = j + 1
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_k8s_database_url_keeps_pairs_and_drops_destination(hostile, generated):
    values = yaml.safe_load(next((hostile / "out" / "k8s" / "charts").glob("*/values.yaml")).read_text())
    web = values["apps"]["web"]
    fake = {e["name"]: ("produser" if e["key"] == "username" else "prodpw") for e in web["secretEnv"]}
    composed = {e["name"]: _expand(e["value"], fake) for e in web["composedEnv"]}
    _check_url(composed["DATABASE_URL"], "db-rw", 5432, "produser", "app", "verify-full", "/etc/c2p/ca/ca.crt")  # k8s: the release CA
    # compose's `timeout` kept; no redis-py-only options for a client c2p cannot identify (go-redis refuses them)
    assert libpq_query(composed["REDIS_URL"]) == [("timeout", "5")]
    readme = (hostile / "out" / "k8s" / "README.md").read_text()
    assert re.search(r"DATABASE_URL: Dropped query parameters .*: host, hostaddr", readme)  # and said so


def _hcl_value(text: str) -> str:
    """An HCL quoted string with each ${…} interpolation replaced by a fake production value."""
    fakes = (("address", "prod.rds.example"), ("port", "5432"), ("username", "produser"), ("password", "prodpw"),
             ("db_name", "app"), ("result", "prodpw"))
    out, i = [], 0
    while i < len(text):
        if text.startswith("$${", i):
            out.append("$${")
            i += 3
        elif text.startswith("${", i):
            depth, j = 1, i + 2
            while depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            expr = text[i + 2:j - 1]
            literal = re.fullmatch(r'urlencode\("([A-Za-z0-9_]*)"\)', expr)   # a name c2p wrote (the apps' role)
            out.append(literal.group(1) if literal else
                       next(v for k, v in fakes if k in expr.rsplit(".", 1)[-1] or k in expr.split("(")[-1]))
            i = j
        else:
            out.append(text[i])
            i += 1
    return json.loads("".join(out).replace("$${", "${").replace("%%{", "%{"))


def test_aws_database_url_keeps_pairs_and_drops_destination(hostile, generated):
    import hcl2

    tf = hcl2.loads((hostile / "out" / "aws" / "terraform" / "app_env.tf").read_text())
    env = next(loc["app_env"] for loc in tf["locals"] if "app_env" in loc)
    web = {k.strip('"'): v for k, v in env['"web"'].items()}
    # the user is the apps' own role (a literal name in the HCL), never the RDS master
    role = re.search(r'urlencode\("([A-Za-z0-9_]*)"\)', web["DATABASE_URL"]).group(1)
    assert "aws_db_instance.db.username" not in web["DATABASE_URL"]
    _check_url(_hcl_value(web["DATABASE_URL"]), "prod.rds.example", 5432, role, "app", sslmode="verify-full",
               ca="/etc/ssl/certs/rds-global-bundle.pem")


# ---------------------------------------------------------------- property: any query survives the rebuild

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_NASTY = st.lists(st.sampled_from(list("&=%#?/@:+ {}$()'\"\\;\n") + ["a", "é", "🚀", "%26", "%3D"]), max_size=8).map("".join)
_KEYS = st.one_of(_TEXT, _NASTY, st.sampled_from(["host", "hostaddr", "HOST", "port", "user", "dbname", "passfile",
                                                  "service", "sslrootcert", "password", "application_name"]))


def _render(template: str) -> str:
    return template.format(username="produser", password="prodpw", host="prod-host", port=5432, database="proddb")


def _is_kept(key: str, value: str) -> bool:
    low = key.strip().lower()
    return low not in PG_DESTINATION and not (re.fullmatch(r"[a-z0-9_.-]+", low) and is_secret_name(low)) \
        and not mask_text("?" + quote(key, safe="") + "=" + quote(value, safe="")).count("***")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_KEYS, st.one_of(_TEXT, _NASTY)), max_size=6), st.booleans())
def test_rebuilt_query_decodes_to_the_same_pairs(pairs, redis):
    query = "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in pairs)
    if redis:
        url = _render(redis_url(f"redis://:pw@cache:6379/0?{query}", {"auth": True}))
        kept = libpq_query(url)
    else:
        url = _render(postgres_url(f"postgres://app:pw@db:5432/app?{query}", {}))
        kept = libpq_query(url)
        assert kept[-1] == ("sslmode", "require")
        kept = kept[:-1]
    parts = urlsplit(url)
    assert (parts.hostname, parts.port) == ("prod-host", 5432)
    if not redis:
        assert (parts.username, parts.path) == ("produser", "/proddb")
    # every pair kept is one compose pair, in order, decoded the same; every ordinary pair is kept; no pair that
    # names the destination or a credential survives
    rest = iter(pairs)
    assert all(any(p == q for q in rest) for p in kept), (kept, pairs)
    decided = REDIS_DESTINATION if redis else PG_DESTINATION
    assert not {k.strip().lower() for k, _v in kept} & decided
    ordinary = [(k, v) for k, v in pairs if _is_kept(k, v) and k.strip().lower() not in decided]
    assert [p for p in kept if p in ordinary] == ordinary


_RAW = st.lists(st.sampled_from(list("&=%{}$()'\\;:/@?+!*,") + ["a", "é", "🚀", "%26", "%3D", "%7B", "%zz", "host=",
                                                                  "$(X)", "${X}", "%{"]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(_RAW)
def test_rebuilt_query_keeps_raw_pairs_verbatim(raw):
    """Whatever the compose query holds (unencoded braces, $( , broken %), each kept pair is the same raw text."""
    url = _render(postgres_url(f"postgres://app:pw@db:5432/app?{raw}", {}))
    query = url.split("?", 1)[1]
    kept = query.split("&")[:-1]
    assert query.endswith("sslmode=require")
    compose = [p for p in raw.split("&") if p]
    rest = iter(compose)
    assert all(any(p == q for q in rest) for p in kept), (kept, compose)
    assert not {unquote(p.partition("=")[0]).strip().lower() for p in kept} & PG_DESTINATION


@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_raw_braces_and_dollars_stay_literal_in_both_targets(target):
    """`{password}` and `$(VAR)` in a compose query are text: neither a c2p placeholder nor a $(VAR) expansion."""
    template = postgres_url("postgres://app:pw@db/app?a={password}&b=$(HOME)&c=${x}", {})
    assert template.startswith("postgresql://{username}:{password}@{host}:{port}/{database}?a={{password}}&")
    assert _render(template).endswith("?a={password}&b=$(HOME)&c=${x}&sslmode=require")
    if target == "aws":
        from generator.targets.aws.env import hcl_string
        refs = {k: (f"x.{k}", k) for k in ("username", "password", "host", "port", "database")}
        assert hcl_string(template, refs).endswith('?a={password}&b=$(HOME)&c=$${x}&sslmode=require"')
    else:
        from generator.targets.k8s.envwire import wire
        from generator.plan.model import EnvOverride
        from tests.targets.k8s.server2_plan import server2_plan

        # wired to a CloudNativePG cluster (a placeholder with no resource behind it is refused: MissingOutput)
        ov = EnvOverride(var="DATABASE_URL", action="set", resource="timescaledb", role="url", template=template,
                         secret=True, reason="")
        _refs, composed, _literal = wire(server2_plan(), ov)
        assert composed[0]["value"].endswith("?a={password}&b=$$(HOME)&c=${x}&sslmode=require")


# ---------------------------------------------------------------- unit forms and the hang

@pytest.mark.parametrize("text, masked", [
    ("host=db user=app password=x1y2z3 dbname=app", "host=db user=app password=*** dbname=app"),
    ("host=db password='a b c' dbname=app", "host=db password='***' dbname=app"),
    ("-Xmx1g -Dspring.datasource.password=pw123 -Dfoo.secret=s3c", "-Xmx1g -Dspring.datasource.password=*** -Dfoo.secret=***"),
    ("Bearer abc.def", "Bearer ***"),
    ("Authorization: Basic dXNlcjpwdw==", "Authorization: Basic ***"),
    ("PGPASSWORD=pw123 pg_isready", "PGPASSWORD=*** pg_isready"),
    ("redis-cli -a pw123 ping", "redis-cli -a *** ping"),
    ("mysqladmin ping -ppw123 -h db", "mysqladmin ping -p*** -h db"),
    ("svc --token tk123 --port 80", "svc --token *** --port 80"),
    ("ftp://u:pw123@h/x", "ftp://u:***@h/x"),
    ("jdbc:sqlserver://h;user=u;password=pw123;db=x", "jdbc:sqlserver://h;user=u;password=***;db=x"),
    ("https://h/x?token=tk123&sig=sg123&api_key=k123&v=1", "https://h/x?token=***&sig=***&api_key=***&v=1"),
    ("Basic plan, nothing secret", "Basic plan, nothing secret"),
    ("redis-cli -p 6379 ping", "redis-cli -p 6379 ping"),
])
def test_each_form_is_masked(text, masked):
    assert mask_text(text) == masked


def test_split_arguments_are_masked_whole():
    assert mask_args(["serve", "--password", "a b", "--token", "y1", "--port", "80"]) == \
        ("serve", "--password", "***", "--token", "***", "--port", "80")
    assert set(secrets_in_args(["serve", "--password", "a b"])) == {"a b"}


@pytest.mark.parametrize("name", ["PGPASS", "DB_PASS", "SMTP_PASSWORD", "DB_PWD", "API_TOKEN", "JWT_SECRET",
                                  "AWS_SECRET_ACCESS_KEY", "STRIPE_APIKEY", "APP_KEY", "BASIC_AUTH"])
def test_secret_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["PWD", "POSTGRES_USER", "KEYCLOAK_URL", "PASSIVE_MODE", "AUTH_ENABLED"])
def test_not_secret_names(name):
    assert not is_secret_name(name)


@pytest.mark.parametrize("value", ["a" * 200_000, "x://" * 50_000, "a:" * 100_000, "password='" * 20_000,
                                   "-a " * 66_000, "postgres://" + "u:" * 100_000 + "@db/app"])
def test_huge_value_does_not_hang_inspect(tmp_path, value):
    """A bound, not a benchmark: the backtracking userinfo regex took 16 s on 50,000 letters."""
    (tmp_path / "compose.yaml").write_text(yaml.safe_dump({"services": {
        "db": {"image": "postgres:16"},
        "web": {"image": "web:1", "environment": {"DATABASE_URL": "postgres://u:p@db/app?x=" + value, "BIG": value},
                "command": ["run", value]}}}), encoding="utf-8")
    proc = c2p("inspect", cwd=tmp_path, timeout=5)
    assert proc.returncode == 0, proc.stderr[-2000:]
