"""Hostile names (review 2026-12, items 1, 3, 9, 11, 12; issue 20 part 2): every name and x-c2p string from the
compose file is validated where it enters. Bad input → exit 2, one line on stderr with a location, no traceback,
nothing written; good input → every output name a valid DNS-1123 label, distinct names kept distinct."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

DNS_LABEL = re.compile(r"[a-z]([-a-z0-9]{0,61}[a-z0-9])?")


def run(args: list[str], cwd: Path):
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result


def write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / "compose.yaml"
    import yaml

    path.write_text(yaml.safe_dump(doc, allow_unicode=False, width=1000), encoding="utf-8")  # names round-trip

    return path


def refused(result, *words: str) -> str:
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert re.match(r"c2p: .*compose\.yaml(:\d+:\d+)?: ", lines[0]), lines[0]
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def generate(tmp_path: Path, target: str):
    out = tmp_path / "out"
    result = run(["generate", "--target", target, "-f", "compose.yaml", "-o", str(out)], tmp_path)
    return result, out


def nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.rglob("*")), sorted(out.rglob("*"))


# --- 1. Compose's own rules, at load: config, inspect and generate all refuse -------------------------------

LOAD_REFUSED = {
    "service name with a newline": ({"services": {"db\n": {"image": "postgres:16"}}}, ["invalid name"]),
    "volume name with a newline": ({"services": {"web": {"image": "nginx", "volumes": ["v\n:/data"]}},
                                    "volumes": {"v\n": {}}}, ["invalid name"]),
    "network name with a newline": ({"services": {"web": {"image": "nginx", "networks": ["n\n"]}},
                                     "networks": {"n\n": {}}}, ["invalid name"]),
    "env name injecting YAML": ({"services": {"web": {"image": "nginx", "environment": {
        "A\n        value: x\n    securityContext: {privileged: true}": "1"}}}}, ["control character"]),
    "env name with =": ({"services": {"web": {"image": "nginx", "environment": ["=x"]}}}, ["is empty"]),
    "env name with NUL": ({"services": {"web": {"image": "nginx", "environment": {"A\x00B": "1"}}}},
                          ["control character"]),
    "env name with a tab": ({"services": {"web": {"image": "nginx", "environment": ["A\tB=1"]}}},
                            ["control character"]),
}


@pytest.mark.parametrize("case", sorted(LOAD_REFUSED))
@pytest.mark.parametrize("command", ["config", "inspect", "k8s", "aws"])
def test_refused_at_load(tmp_path, case, command):
    doc, words = LOAD_REFUSED[case]
    write(tmp_path, doc)
    if command in ("k8s", "aws"):
        result, out = generate(tmp_path, command)
        nothing_written(out)
    else:
        result = run([command, "-f", "compose.yaml"], tmp_path)
    line = refused(result, *words)
    where = re.search(r"compose\.yaml:(\d+):\d+: ", line)
    assert where, line  # the line and column of the name
    if "environment" in json.dumps(doc):  # the env var's own line, not only its service's
        text = (tmp_path / "compose.yaml").read_text().splitlines()[int(where.group(1)) - 1]
        assert text.strip() not in ("web:", "environment:"), (line, text)


# --- 2. and 3. Collisions and reserved names, at plan --------------------------------------------------------

PG, REDIS = {"image": "postgres:16"}, {"image": "redis:7"}
LONG = "a" * 40
PLAN_REFUSED = {
    "my_app/my-app": ({"my_app": {"image": "a"}, "my-app": {"image": "b"}}, ["'my_app'", "'my-app'", "'my-app'"],
                      ["k8s"]),
    "___/...": ({"___": {"image": "a"}, "...": {"image": "b"}}, ["'___'", "'...'"], ["k8s"]),
    "40 characters": ({LONG + "x": {"image": "a"}, LONG + "y": {"image": "b"}}, [LONG + "x", LONG + "y"], ["k8s"]),
    "db.main/db_main": ({"db.main": PG, "db_main": PG}, ["'db.main'", "'db_main'"], ["k8s", "aws"]),
    "aws 16 characters": ({"cachecachecache1x": REDIS, "cachecachecache1y": REDIS},
                          ["cachecachecache1x", "cachecachecache1y", "AWS identifier"], ["aws"]),
    "app named redis-master": ({"redis": REDIS, "redis-master": {"image": "nginx"}},
                               ["'redis'", "'redis-master'", "makes redis-master"], ["k8s"]),
    "app named db-rw": ({"db": PG, "db-rw": {"image": "nginx"}}, ["'db'", "'db-rw'", "makes db-rw"], ["k8s"]),
    "app named db-app (the cluster's Secret)": ({"db": PG, "db-app": {"image": "nginx"}}, ["'db-app'"], ["k8s"]),
    "app named vault-active": ({"vault": {"image": "hashicorp/vault:1.17"}, "vault-active": {"image": "nginx"}},
                               ["'vault-active'"], ["k8s"]),
    "env name with a space": ({"web": {"image": "nginx", "environment": {"A B": "1"}}}, ["'A B'"], ["k8s", "aws"]),
    "env name starting with a digit": ({"web": {"image": "nginx", "environment": {"1A": "1"}}}, ["'1A'"],
                                       ["k8s", "aws"]),
}


@pytest.mark.parametrize("case", sorted(PLAN_REFUSED))
@pytest.mark.parametrize("target", ["k8s", "aws"])
def test_refused_at_plan(tmp_path, case, target):
    services, words, targets = PLAN_REFUSED[case]
    write(tmp_path, {"services": services})
    result, out = generate(tmp_path, target)
    if target not in targets:
        assert result.exit_code == 0, result.output
        return
    refused(result, *words)
    nothing_written(out)


def test_names_starting_with_a_digit_become_valid_service_names(tmp_path):
    write(tmp_path, {"services": {"1web": {"image": "nginx", "ports": ["80:80"]}}})
    result, out = generate(tmp_path, "k8s")
    assert result.exit_code == 0, result.output
    import yaml

    values = yaml.safe_load(next((out / "k8s" / "charts").glob("*/values.yaml")).read_text())
    names = list(values.get("apps") or {})
    assert names == ["s-1web"], names


def test_generated_names_come_from_the_mappings():
    from generator.targets.k8s.mappings.cnpg import cnpg
    from generator.targets.k8s.mappings.redis_operator import redis
    from generator.targets.k8s.mappings.vault_helm import vault

    assert "db-rw" in cnpg.generated_names("db") and "db-app" in cnpg.generated_names("db")
    assert "cache-master" in redis.generated_names("cache")
    assert "v-active" in vault.generated_names("v")


# --- 4. x-c2p types and strings ------------------------------------------------------------------------------

XC2P_REFUSED = {
    "parameters string": ({"k8s": {"parameters": "s"}}, "parameters"),
    "resources string": ({"k8s": {"resources": "s"}}, "resources"),
    "sentinels words": ({"k8s": {"sentinels": "three"}}, "sentinels"),
    "instances words": ({"k8s": {"instances": "many"}}, "instances"),
    "release path": ({"k8s": {"release": "../../../escaped"}}, "release"),
    "release YAML": ({"k8s": {"release": "x\n---\napiVersion: v1\nkind: Pod"}}, "release"),
    "storage_class YAML": ({"k8s": {"storage_class": "standard\n  dataSource: {kind: PersistentVolumeClaim}"}},
                           "storage_class"),
    "volume storage_class": ({"k8s": {"volumes": {"data": {"storage_class": "a b"}}}}, "storage_class"),
    "namespace": ({"k8s": {"namespace": "Prod!"}}, "namespace"),
    "free text newline": ({"k8s": {"extra_config": "hz 20\nslaveof evil 6379"}}, "extra_config"),
    "aws free text newline": ({"aws": {"size": "db.m7g.large\n"}}, "size"),
    "cluster name": ({"k8s": {"cluster": "DB"}}, "cluster"),
}


@pytest.mark.parametrize("case", sorted(XC2P_REFUSED))
@pytest.mark.parametrize("command", ["inspect", "k8s", "aws"])
def test_x_c2p_refused(tmp_path, case, command):
    opts, key = XC2P_REFUSED[case]
    write(tmp_path, {"services": {"db": {"image": "postgres:16", "x-c2p": opts}}})
    if command == "inspect":
        result = run(["inspect", "-f", "compose.yaml"], tmp_path)
    else:
        result, out = generate(tmp_path, command)
        nothing_written(out)
    refused(result, key, "x-c2p")


def test_x_c2p_typo_warns_on_k8s_as_on_aws(tmp_path):
    write(tmp_path, {"services": {"db": {"image": "postgres:16", "x-c2p": {"k8s": {"instancess": 5},
                                                                          "aws": {"instancess": 5}}}}})
    for target in ("k8s", "aws"):
        result, out = generate(tmp_path, target)
        assert result.exit_code == 0, result.output
        assert "ignored unknown x-c2p" in result.output and "instancess" in result.output, result.output


def test_x_c2p_valid_options_still_apply(tmp_path):
    write(tmp_path, {"services": {"db": {"image": "postgres:16", "x-c2p": {"k8s": {
        "instances": 2, "parameters": {"max_connections": "200"}, "storage_class": "fast.ssd",
        "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "2Gi"}}, "pooler": True}}}}})
    result, out = generate(tmp_path, "k8s")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.read_text() for p in (out / "k8s").rglob("cluster.yaml"))
    assert "instances: 2" in text and "max_connections" in text and "fast.ssd" in text


# --- the property: any unicode name is refused in one line, or every output name is valid and distinct --------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(services=st.lists(_names, min_size=1, max_size=3, unique=True), env=st.lists(_names, max_size=3, unique=True))
def test_any_name_is_refused_or_valid_and_distinct(tmp_path_factory, services, env):
    import yaml

    tmp_path = tmp_path_factory.mktemp("p")
    write(tmp_path, {"services": {s: {"image": "nginx", "environment": {e: "v" for e in env}} for s in services}})
    result, out = generate(tmp_path, "k8s")
    if result.exit_code != 0:
        refused(result)
        nothing_written(out)
        return
    # names as strings (BaseLoader): whether `y` is quoted for YAML 1.1 is the YAML escaping's test, not this one
    values = yaml.load(next((out / "k8s" / "charts").glob("*/values.yaml")).read_text(), Loader=yaml.BaseLoader)
    apps = list(values.get("apps") or {})
    assert len(apps) == len(services)  # distinct names stayed distinct
    for name in apps:
        assert DNS_LABEL.fullmatch(name) and len(name) <= 63, name
    for app in (values.get("apps") or {}).values():
        names = list(app.get("env") or {}) + [v["name"] for v in app.get("secretEnv") or []]
        assert sorted(map(str, names)) == sorted(env), (names, env)  # each name carried as it was written
        for var in names:
            assert re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", str(var)), var


def test_env_file_raw_names_follow_the_same_rule(tmp_path):
    (tmp_path / "raw.env").write_bytes(b"A\x01B=1\n")
    write(tmp_path, {"services": {"web": {"image": "nginx", "env_file": [{"path": "raw.env", "format": "raw"}]}}})
    for args in (["config", "-f", "compose.yaml"], ["generate", "--target", "k8s", "-f", "compose.yaml", "-o", "out"]):
        refused(run(args, tmp_path), "env_file", "control character")
        nothing_written(tmp_path / "out")
