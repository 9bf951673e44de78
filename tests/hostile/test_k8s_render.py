"""Hostile compose values on the k8s target come out as data (issue 20, review items 1, 2, 3, 11, 13).

Each test writes a compose file, runs `c2p generate --target k8s`, then PARSES the output — every manifests/**/*.yaml
and values/*.yaml with yaml.safe_load_all, the app chart with `helm template` — and compares the parsed structure with
what the compose file said: the document count and kinds of a benign run, env names and values, command / args (after
undoing Kubernetes' $(VAR) expansion with a port of its own algorithm), storage classes, ConfigMap data, Chart.yaml.
Never by grepping the text. A hostile *name* may be refused (exit 2, one line) by name validation; a *value* must be
rendered exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from generator.render.escape import k8s_literal
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: evil}\n"
       "spec: {hostPID: true, containers: [{name: x, image: x, securityContext: {privileged: true}}]}")
ENV_NAME_INJECTION = ("A\n        value: x\n    securityContext: {privileged: true, runAsUser: 0}\nhostPID: true\n"
                      "hostNetwork: true\ninitContainers: []")
STORAGE_CLASS_INJECTION = "standard\n  dataSource: {kind: PersistentVolumeClaim, name: db-1}"
HOSTILE_VALUES = {
    "YES_WORD": "y", "NO_WORD": "n", "OCTAL": "0o17", "EXPONENT": "1e3", "HEX": "0x1F", "SEXAGESIMAL": "12:30",
    "INF": ".inf", "UNDERSCORE": "1_000", "TILDE": "~", "EMPTY": "",
    "PREFIX": "$(A_PREFIX)/data", "COST": "cost$$5", "PID": "echo pid=$$", "TRAILING": "end$", "MIX": "$$(X)$($",
    "EMOJI": "🚀 launch", "FORMFEED": "a\fb", "NEL": "a\x85b\u2028c\u2029d\ufeffe", "TAB": "a\tb",
    "NEWLINE": "x\n---\n" + POD, "HELM": "{{ .Release.Name }} {{- fail \"x\" }}", "COMMENT": "a #b", "COLON": "a: b",
    "QUOTES": "'\"\\", "ANCHOR": "&a *a !!str", "LEADING": " lead", "TRAILING_SPACE": "trail ",
}
HOSTILE_ARGS = ["serve", "a\n---\n" + POD, "$(A_PREFIX)/data", "sh -c 'echo pid=$$'", "{{ .Values }}", "y", "1e3",
                "- item", "a: b", "#c", "🚀\f"]


# ---- Kubernetes' $(VAR) expansion, ported from k8s.io/kubernetes third_party/forked/golang/expansion/expand.go ------

def expand(text: str, mapping=lambda name: f"<REF {name}>") -> str:
    """What the kubelet makes of an env value / command / args item; every reference resolves (the strictest case)."""
    out, checkpoint, cursor = [], 0, 0
    while cursor < len(text):
        if text[cursor] == "$" and cursor + 1 < len(text):
            out.append(text[checkpoint:cursor])
            rest = text[cursor + 1:]
            if rest[0] == "$":
                read, is_var, advance = "$", False, 1
            elif rest[0] == "(":
                close = rest.find(")", 1)
                if close >= 0:
                    read, is_var, advance = rest[1:close], True, close + 1
                else:
                    read, is_var, advance = "$(", False, 1
            else:
                read, is_var, advance = "$" + rest[0], False, 1
            out.append(mapping(read) if is_var else read)
            cursor += advance
            checkpoint = cursor + 1
        cursor += 1
    return "".join(out) + text[checkpoint:]


def test_expand_port_matches_kubernetes_examples():
    # cases from expand_test.go
    env = {"VAR_A": "A", "VAR_B": "B", "VAR_C": "C", "VAR_REF": "$(VAR_A)", "VAR_EMPTY": ""}
    m = lambda n: env.get(n, f"$({n})")  # noqa: E731 — MappingFuncFor keeps an unknown reference as it was
    assert expand("$(VAR_A)", m) == "A"
    assert expand("___$(VAR_B)___", m) == "___B___"
    assert expand("$$(VAR_A)", m) == "$(VAR_A)"
    assert expand("$$$(VAR_A)", m) == "$A"
    assert expand("$(VAR_DNE)", m) == "$(VAR_DNE)"
    assert expand("f000-$$VAR_A", m) == "f000-$VAR_A"
    assert expand("foo\\$(VAR_C)bar", m) == "foo\\Cbar"
    assert expand("$(VAR_A", m) == "$(VAR_A"
    assert expand("$VAR_A", m) == "$VAR_A"
    assert expand("$", m) == "$"
    assert expand("$$", m) == "$"
    assert expand("$(VAR_REF)", m) == "$(VAR_A)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("$()ab)\\ "), max_size=14) | st.text(max_size=20))
def test_k8s_literal_expands_to_itself(text):
    assert expand(k8s_literal(text)) == text


def redis_conf(text: str) -> list[list[str]]:
    """A redis.conf as Redis reads it: lines (split on \\n), each split into arguments (port of sdssplitargs)."""
    out = []
    for line in text.split("\n"):
        args = redis_args(line.strip())
        if args and not args[0].startswith("#"):
            out.append(args)
    return out


def redis_args(line: str) -> list[str]:
    """Port of Redis' sdssplitargs (src/sds.c)."""
    args, i, n = [], 0, len(line)
    while True:
        while i < n and line[i] in " \t\n\v\f\r":
            i += 1
        if i >= n:
            return args
        cur, quote = [], None
        while True:
            if quote == '"':
                assert i < n, "unbalanced quotes"
                c = line[i]
                if c == "\\" and i + 3 < n and line[i + 1] == "x" and all(h in "0123456789abcdefABCDEF" for h in line[i + 2:i + 4]):
                    cur.append(chr(int(line[i + 2:i + 4], 16)))
                    i += 3
                elif c == "\\" and i + 1 < n:
                    i += 1
                    cur.append({"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}.get(line[i], line[i]))
                elif c == '"':
                    assert i + 1 >= n or line[i + 1] in " \t\n\v\f\r", "closing quote must be followed by a space"
                    i += 1
                    break
                else:
                    cur.append(c)
            elif quote == "'":
                assert i < n, "unbalanced quotes"
                c = line[i]
                if c == "\\" and i + 1 < n and line[i + 1] == "'":
                    i += 1
                    cur.append("'")
                elif c == "'":
                    assert i + 1 >= n or line[i + 1] in " \t\n\v\f\r", "closing quote must be followed by a space"
                    i += 1
                    break
                else:
                    cur.append(c)
            else:
                if i >= n or line[i] in " \n\r\t\0":
                    break
                if line[i] in "\"'":
                    quote = line[i]
                else:
                    cur.append(line[i])
            i += 1
        args.append("".join(cur))


def test_redis_args_port():
    assert redis_args('save ""') == ["save", ""]
    assert redis_args('a "b c" \'d e\' "x\\x41\\n\\"" f') == ["a", "b c", "d e", "xA\n\"", "f"]


# ---- running c2p and reading its output -----------------------------------------------------------------------------

def _compose_escape(value):
    """The compose-file text for a value: `$` is interpolation in compose files, `$$` a literal `$`."""
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, list):
        return [_compose_escape(v) for v in value]
    if isinstance(value, dict):
        return {k if not isinstance(k, str) else k.replace("$", "$$"): _compose_escape(v) for k, v in value.items()}
    return value


def compose_json(compose: dict) -> str:
    """The compose file as JSON (JSON is YAML; the input is written by a library we do not test, every string quoted),
    with line-break-like characters YAML would fold (NEL, LS, PS, BOM, C1) as \\u escapes."""
    text = json.dumps(_compose_escape(compose), ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def generate(tmp_path: Path, compose: dict, filename: str = "compose.yaml") -> tuple[subprocess.CompletedProcess, Path]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    path = src / filename
    path.write_text(compose_json(compose), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", "-f", str(path), "--target", "k8s",
                           "-o", str(out), "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    return proc, out / "k8s"


def refused(proc) -> bool:
    """Refused as bad input: exit 2 and one line on stderr (no traceback)."""
    return proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def yaml_files(root: Path) -> dict[str, list]:
    """Every YAML file c2p wrote outside charts/ → its parsed documents (None for empty ones dropped)."""
    out = {}
    for path in sorted(list(root.glob("manifests/**/*.yaml")) + list(root.glob("values/*.yaml"))):
        out[str(path.relative_to(root))] = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    return out


def helm_docs(root: Path) -> list[dict]:
    charts = sorted((root / "charts").iterdir())
    assert len(charts) == 1
    proc = subprocess.run([require_tool("helm"), "template", "release", str(charts[0])], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.safe_load_all(proc.stdout) if d]


def shape(docs: list[dict]) -> list[tuple[str, str]]:
    return sorted((d["kind"], str(d["metadata"]["name"])) for d in docs)


def pod(docs: list[dict], name: str) -> dict:
    (spec,) = [d["spec"]["template"]["spec"] for d in docs
               if d["kind"] in ("Deployment", "StatefulSet", "Job") and d["metadata"]["name"] == name]
    return spec


def container_env(spec: dict) -> dict[str, str]:
    """name → the value the container sees (literal env after the kubelet's expansion)."""
    (c,) = spec["containers"]
    return {e["name"]: expand(e["value"]) for e in c.get("env", []) if "value" in e}


def container_argv(spec: dict) -> tuple[list[str], list[str]]:
    (c,) = spec["containers"]
    return [expand(a) for a in c.get("command") or []], [expand(a) for a in c.get("args") or []]


SAFE_POD_KEYS = {"serviceAccountName", "automountServiceAccountToken", "securityContext", "containers", "volumes",
                 "initContainers", "restartPolicy", "imagePullSecrets", "enableServiceLinks", "hostAliases",
                 "terminationGracePeriodSeconds", "shareProcessNamespace"}


def assert_hardened(spec: dict) -> None:
    assert not {"hostPID", "hostNetwork", "hostIPC"} & set(spec), spec.keys()
    for c in spec["containers"]:
        sc = c.get("securityContext") or {}
        assert sc.get("privileged") is not True and sc.get("runAsUser") != 0, sc


# ---- the review's inputs -------------------------------------------------------------------------------------------

def _project(env: dict, args: list, redis_policy: str, storage_class: str, volume_class: str) -> dict:
    return {
        "name": "hostile",
        "services": {
            "web": {"image": "ghcr.io/acme/web:1.0", "ports": ["8080:8080"], "command": args, "environment": env,
                    "volumes": ["uploads:/srv/uploads"], "depends_on": ["db", "cache"],
                    "x-c2p": {"kind": "app", "k8s": {"volumes": {"uploads": {"size": "1Gi", "storage_class": volume_class}}}}},
            "worker": {"image": "ghcr.io/acme/web:1.0", "volumes": ["uploads:/srv/uploads"], "x-c2p": {"kind": "app"}},
            "db": {"image": "postgres:16", "environment": {"POSTGRES_DB": "app", "POSTGRES_USER": "app",
                                                            "POSTGRES_PASSWORD": "devpass"},
                   "volumes": ["dbdata:/var/lib/postgresql/data"], "x-c2p": {"k8s": {"storage_class": storage_class}}},
            "cache": {"image": "redis:7.4", "command": ["redis-server", "--maxmemory-policy", redis_policy]},
        },
        "volumes": {"dbdata": {}, "uploads": {}},
    }


BENIGN = _project({"GREETING": "hello"}, ["serve"], "allkeys-lru", "standard", "standard")
# a storage class that is no DNS-1123 subdomain is refused where it enters (test_storage_class_injection_is_refused);
# the longest valid one shows it is printed as one value
ODD_CLASS = "a" * 60 + ".b-0.example"
HOSTILE = _project(HOSTILE_VALUES, HOSTILE_ARGS, "allkeys-lru\n---\n" + POD, ODD_CLASS, ODD_CLASS)


@pytest.fixture(scope="module")
def benign(tmp_path_factory):
    proc, root = generate(tmp_path_factory.mktemp("benign"), BENIGN)
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    proc, root = generate(tmp_path_factory.mktemp("hostile"), HOSTILE)
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.mark.parametrize("where", ["cluster", "volume"])
def test_storage_class_injection_is_refused(tmp_path, where):
    project = _project({}, [], "allkeys-lru", STORAGE_CLASS_INJECTION if where == "cluster" else "standard",
                       STORAGE_CLASS_INJECTION if where == "volume" else "standard")
    proc, root = generate(tmp_path, project)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "is not a DNS-1123 subdomain" in proc.stderr and not root.exists()


def test_values_add_no_document_key_or_line_to_manifests(benign, hostile):
    b, h = yaml_files(benign), yaml_files(hostile)
    assert sorted(b) == sorted(h)
    for rel in b:
        assert shape(h[rel]) == shape(b[rel]), rel
    (cluster,) = h["manifests/db/cluster.yaml"]
    assert cluster["spec"]["storage"]["storageClass"] == ODD_CLASS
    assert cluster["spec"]["walStorage"]["storageClass"] == ODD_CLASS
    assert set(cluster["spec"]["storage"]) == {"size", "storageClass"}
    (cm,) = h["manifests/cache/configmap.yaml"]
    (b_cm,) = b["manifests/cache/configmap.yaml"]
    assert set(cm) == set(b_cm) and set(cm["data"]) == set(b_cm["data"])
    (conf,) = cm["data"].values()
    (b_conf,) = b_cm["data"].values()
    # the same redis.conf directives, with compose's value as the one argument of maxmemory-policy
    expected = [["maxmemory-policy", "allkeys-lru\n---\n" + POD] if a[0] == "maxmemory-policy" else a for a in redis_conf(b_conf)]
    assert redis_conf(conf) == expected


def test_chart_values_reach_the_pod_exactly(benign, hostile):
    b, h = helm_docs(benign), helm_docs(hostile)
    assert shape(h) == shape(b)
    spec = pod(h, "web")
    assert_hardened(spec)
    assert set(spec) <= SAFE_POD_KEYS | set(pod(b, "web"))
    env = container_env(spec)
    for name, value in HOSTILE_VALUES.items():
        assert env[name] == value, name
    command, args = container_argv(spec)
    assert (command, args) == ([], HOSTILE_ARGS)
    (pvc,) = [d for d in h if d["kind"] == "PersistentVolumeClaim"]
    assert pvc["spec"]["storageClassName"] == ODD_CLASS
    assert set(pvc["spec"]) == {"accessModes", "storageClassName", "resources"}


def test_values_yaml_keeps_yaml11_lookalikes_strings(hostile):
    """Helm reads values.yaml with YAML 1.1 rules: y/n/0o17/1e3/12:30 must be quoted there, and PyYAML (1.1) agrees."""
    (chart,) = (hostile / "charts").iterdir()
    values = yaml.safe_load((chart / "values.yaml").read_text(encoding="utf-8"))
    env = values["apps"]["web"]["env"]
    for name, value in HOSTILE_VALUES.items():
        assert env[name] == k8s_literal(value), name


@pytest.mark.parametrize("image", ["postgres:16", "timescale/timescaledb:2.17.2-pg16"])  # timescale: comments name it
def test_postgres_db_with_a_document_stays_one_value(tmp_path, image):
    project = _project({}, [], "allkeys-lru", "standard", "standard")
    project["services"]["db"]["image"] = image
    project["services"]["db"]["environment"]["POSTGRES_DB"] = "app\n---\n" + POD
    proc, root = generate(tmp_path, project)
    if refused(proc):
        return  # an odd database name may be refused as bad input
    assert proc.returncode == 0, proc.stderr
    docs = yaml_files(root)["manifests/db/cluster.yaml"]
    assert [d["kind"] for d in docs] == ["Cluster"]
    assert docs[0]["spec"]["bootstrap"]["initdb"]["database"] == "app\n---\n" + POD


def test_env_names_print_as_one_name(tmp_path):
    names = {ENV_NAME_INJECTION: "1", "y": "a", "N": "b", "n": "c", "on": "d", "{{ .Values }}": "e", "A_B": "f"}
    project = _project(names, [], "allkeys-lru", "standard", "standard")
    proc, root = generate(tmp_path, project)
    if refused(proc):
        return  # name validation may refuse an env name Docker Compose accepts
    assert proc.returncode == 0, proc.stderr
    spec = pod(helm_docs(root), "web")
    assert_hardened(spec)
    (c,) = spec["containers"]
    rendered = {e["name"]: e.get("value") for e in c["env"] if "value" in e}
    assert rendered == names


def test_vault_release_stays_inside_its_values(tmp_path):
    project = {"name": "v", "services": {"vault": {"image": "hashicorp/vault:1.18",
                                                   "x-c2p": {"k8s": {"release": "vault\n---\n" + POD}}}}}
    proc, root = generate(tmp_path, project)
    if refused(proc):
        return  # a release that is no DNS label may be refused
    assert proc.returncode == 0, proc.stderr
    for rel, docs in yaml_files(root).items():
        assert len(docs) == 1 and "kind" not in docs[0], rel
        assert docs[0]["server"]["volumes"][0]["name"] == "vault\n---\n" + POD + "-tls"


def test_compose_file_name_with_a_quote_gives_a_valid_chart(tmp_path):
    project = {"name": "odd", "services": {"web": {"image": "ghcr.io/acme/web:1.0", "ports": ["80:80"]}}}
    proc, root = generate(tmp_path, project, filename='we"ird {{ x }}.yml')
    assert proc.returncode == 0, proc.stderr
    (chart,) = (root / "charts").iterdir()
    meta = yaml.safe_load((chart / "Chart.yaml").read_text(encoding="utf-8"))
    assert meta["name"] == "odd" and 'we"ird {{ x }}.yml' in meta["description"]
    assert {d["kind"] for d in helm_docs(root)} >= {"Deployment", "Service"}


# ---- property: any env value / args item reaches the container as written -------------------------------------------

METACHARS = st.sampled_from(["\n", "---", ": ", "#", "{{", "}}", "$(", "$$", "$", ")", "'", '"', "\\", "\t", "\r",
                             "- ", "&", "*", "!", "%", "@", "`", "|", ">", "\x85", "\u2028", "\ufeff", "y", "0o17", " "])
VALUE = st.lists(METACHARS | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                    max_size=4), max_size=8).map("".join)
SECRETISH = re.compile(r"pass|secret|token|key|auth|bearer|cred|pwd|://|@", re.I)


def _render_chart(tmp_path: Path, env: dict, args: list) -> list[dict]:
    from generator.classify import classify
    from generator.load import load_project
    from generator.plan import build_plan
    from generator.render import render

    path = tmp_path / "compose.yaml"
    compose = {"name": "prop", "services": {"app": {"image": "ghcr.io/acme/app:1.0", "ports": ["8080:8080"],
                                                    "environment": env, "command": args}}}
    path.write_text(compose_json(compose), encoding="utf-8")
    project = load_project((str(path),), (), (), {})
    tree = render(build_plan(project, classify(project), "k8s"))
    root = tmp_path / "out"
    for rel, text in tree.items():
        if rel.startswith("charts/"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    return helm_docs(root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(values=st.lists(VALUE, min_size=1, max_size=6), args=st.lists(VALUE, min_size=1, max_size=6))
def test_any_value_reaches_the_container(tmp_path, values, args):
    assume(not any(SECRETISH.search(v) for v in values + args))
    env = {f"V{i}": v for i, v in enumerate(values)}
    spec = pod(_render_chart(tmp_path, env, args), "app")
    assert_hardened(spec)
    assert container_env(spec) == env
    assert container_argv(spec) == ([], args)


# ---- the finalisers themselves, read back by Helm's own (YAML 1.1) reader -------------------------------------------

SCALAR = VALUE | st.sampled_from(["y", "Y", "n", "N", "yes", "No", "on", "OFF", "true", "False", "null", "~", "0o17",
                                  "0x1F", "1e3", "1_000", "12:30", "0b101", ".inf", "-.inf", ".NaN", "1.2", "-1", "+1",
                                  "2001-12-14", "2001-12-14t21:59:43.10-05:00", "=", "<<", "- a", "? a", "a:", "@a",
                                  "%a", "`a", "!a", "&a", "*a", "|", ">", "[a]", "{a: 1}", "a #b", "'a'", '"a"', "",
                                  " ", "512Mi", "250m", "01-init.sql", "1.2.3", "a\tb", "é", "🚀"])


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(values=st.lists(SCALAR, min_size=30, max_size=60))
def test_finaliser_scalars_read_back_by_helm(tmp_path, values):
    """"yaml" finaliser → values.yaml that Helm (go-yaml, YAML 1.1 rules) reads; "helm" finaliser → a chart template
    Helm executes as a Go template. Both must give back exactly the strings, with no Helm action run."""
    from generator.render.jinja import environment

    chart = Path(tempfile.mkdtemp(dir=tmp_path)) / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    values_src = "[% for v in values %]\nk[[ loop.index ]]: [[ v ]]\n[% endfor %]\n"
    (chart / "values.yaml").write_text(environment("yaml", True).from_string(values_src).render(values=values),
                                       encoding="utf-8")
    cm_src = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c  # [[ values[0] ]]\ndata:\n"
              "[% for v in values %]\n  t[[ loop.index ]]: [[ v ]]  # [[ v ]]\n[% endfor %]\n")
    (chart / "templates" / "cm.yaml").write_text(environment("helm", True).from_string(cm_src).render(values=values),
                                                 encoding="utf-8")
    (chart / "templates" / "echo.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: echo\ndata:\n"
        "{{- range $k, $v := .Values }}\n  {{ $k }}: {{ $v | toJson | quote }}\n{{- end }}\n")
    docs = {d["metadata"]["name"]: d for d in helm_docs_of(chart)}
    assert docs["c"]["data"] == {f"t{i}": v for i, v in enumerate(values, 1)}
    assert {k: json.loads(v) for k, v in docs["echo"]["data"].items()} == {f"k{i}": v for i, v in enumerate(values, 1)}


def helm_docs_of(chart: Path) -> list[dict]:
    proc = subprocess.run([require_tool("helm"), "template", "r", str(chart)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return [d for d in yaml.safe_load_all(proc.stdout) if d]
