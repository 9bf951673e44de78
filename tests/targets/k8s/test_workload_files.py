"""Bind mounts, compose configs and secrets on Kubernetes: what is copied, what is referenced, what is refused."""

from __future__ import annotations

import yaml

from generator.plan import hostfiles
from tests.targets.k8s.workload_helpers import app, dropped, plan_for, tree_for, values, volume

NGINX = "events {}\nhttp { server { listen 80; } }\n"


def _web(**extra):
    return {"services": {"web": {"image": "nginx:1.27", **extra}}}


def test_a_bind_mounted_file_becomes_a_configmap_mounted_at_the_same_path(tmp_path):
    plan = plan_for(tmp_path, _web(volumes=["./nginx.conf:/etc/nginx/nginx.conf:ro"]), {"nginx.conf": NGINX})
    v = volume(app(plan, "web"), "/etc/nginx/nginx.conf")
    assert (v.kind, v.sub_path, v.read_only, v.object) == ("config-map", "nginx.conf", True, "demo-nginx-conf")
    assert v.files[0].content == NGINX
    tree = tree_for(plan)
    assert tree["charts/demo/files/demo-nginx-conf/nginx.conf"] == NGINX
    entry = values(tree)["apps"]["web"]
    assert {"name": v.name, "mountPath": "/etc/nginx/nginx.conf", "subPath": "nginx.conf", "readOnly": True} \
        in entry["volumeMounts"]
    assert values(tree)["configMaps"]["demo-nginx-conf"] == {"files": {"nginx.conf": "files/demo-nginx-conf/nginx.conf"}}


def test_a_directory_of_small_text_files_becomes_one_configmap_keeping_subfolders(tmp_path):
    files = {"conf.d/a.conf": "a\n", "conf.d/b.conf": "b\n", "conf.d/snippets/gzip.conf": "gzip on;\n"}
    plan = plan_for(tmp_path, _web(volumes=["./conf.d:/etc/nginx/conf.d"]), files)
    v = volume(app(plan, "web"), "/etc/nginx/conf.d")
    assert v.kind == "config-map" and v.sub_path is None
    assert [(f.key, f.path) for f in v.files] == [("a.conf", "a.conf"), ("b.conf", "b.conf"),
                                                  ("snippets_gzip.conf", "snippets/gzip.conf")]
    pod_volume = next(x for x in values(tree_for(plan))["apps"]["web"]["volumes"] if x["name"] == v.name)
    assert pod_volume["configMap"]["items"] == [{"key": "snippets_gzip.conf", "path": "snippets/gzip.conf"}]


def test_large_binary_missing_and_outside_files_are_refused_with_a_todo(tmp_path):
    outside = tmp_path / "elsewhere.conf"
    outside.write_text("x\n")
    mounts = ["./big.json:/data/big.json", "./logo.png:/srv/logo.png", "./missing.conf:/etc/missing.conf",
              f"{outside}:/etc/elsewhere.conf"]
    plan = plan_for(tmp_path, _web(volumes=mounts),
                    {"big.json": "x" * (hostfiles.MAX_FILE + 1), "logo.png": b"\x89PNG\r\n\x1a\n\0\0"})
    got = dropped(plan, "web")
    assert "too large" in got["volume ./big.json:/data/big.json"].reason
    assert "binary" in got["volume ./logo.png:/srv/logo.png"].reason
    assert "does not exist" in got["volume ./missing.conf:/etc/missing.conf"].reason
    assert "outside the project" in got[f"volume {outside}:/etc/elsewhere.conf"].reason
    assert all(n.todo for n in got.values())
    assert not any(v.target in ("/data/big.json", "/srv/logo.png") for v in app(plan, "web").volumes)
    readme = tree_for(plan)["README.md"]
    assert "**TODO** `volume ./big.json:/data/big.json`" in readme


def test_a_directory_with_too_many_files_is_refused(tmp_path):
    files = {f"many/f{i}.txt": "x\n" for i in range(hostfiles.MAX_FILES + 1)}
    plan = plan_for(tmp_path, _web(volumes=["./many:/etc/many"]), files)
    assert "files (c2p copies up to" in dropped(plan, "web")["volume ./many:/etc/many"].reason


def test_host_paths_are_refused_with_a_warning_saying_why(tmp_path):
    plan = plan_for(tmp_path, _web(volumes=["/var/run/docker.sock:/var/run/docker.sock", "/proc:/host/proc:ro",
                                            "/sys:/host/sys:ro"]))
    got = dropped(plan, "web")
    assert "root on the node" in got["volume /var/run/docker.sock:/var/run/docker.sock"].reason
    assert "host kernel filesystem" in got["volume /proc:/host/proc"].reason
    assert any("Docker socket" in w for w in plan.warnings)
    assert any("/sys:/host/sys" in w for w in plan.warnings)
    assert [v.target for v in app(plan, "web").volumes] == ["/tmp", "/var/cache/nginx", "/var/run"]  # nginx needs (images.py)


def test_the_build_context_mounted_for_live_reload_is_not_carried(tmp_path):
    compose = {"services": {"api": {"build": "./api", "volumes": ["./api:/app"]}}}
    plan = plan_for(tmp_path, compose, {"api/Dockerfile": "FROM python:3.12\n", "api/main.py": "print(1)\n"})
    item = dropped(plan, "api")["volume ./api:/app"]
    assert "build context" in item.reason and not item.todo


def test_secret_looking_files_become_secrets_the_user_creates_never_copied(tmp_path):
    key = "-----BEGIN PRIVATE KEY-----\nMIIEsecretfixture\n-----END PRIVATE KEY-----\n"
    files = {"tls/site.key": key, ".env.prod": "TOKEN=abc123secret\n", "tls/site.conf": key}
    plan = plan_for(tmp_path, _web(volumes=["./tls/site.key:/etc/tls/site.key:ro", "./.env.prod:/app/.env",
                                            "./tls/site.conf:/etc/tls/site.conf"]), files)
    web = app(plan, "web")
    for target in ("/etc/tls/site.key", "/app/.env", "/etc/tls/site.conf"):
        v = volume(web, target)
        assert (v.kind, v.user_creates, v.files) == ("secret", True, ())
    assert "private key" in volume(web, "/etc/tls/site.conf").reason
    tree = tree_for(plan)
    for text in tree.values():
        assert "MIIEsecretfixture" not in text and "abc123secret" not in text
    assert "--from-file=site.key=./tls/site.key" in tree["README.md"]


def test_a_file_holding_a_compose_secret_literal_is_not_copied(tmp_path):
    compose = _web(volumes=["./app.ini:/etc/app.ini"], environment={"DB_PASSWORD": "hunter2-very-secret"})
    plan = plan_for(tmp_path, compose, {"app.ini": "[db]\npassword = hunter2-very-secret\n"})
    v = volume(app(plan, "web"), "/etc/app.ini")
    assert v.kind == "secret" and "secret value of the compose file" in v.reason
    assert not any("hunter2-very-secret" in text for text in tree_for(plan).values())


def test_compose_secrets_are_mounted_where_compose_mounts_them_and_never_read(tmp_path):
    compose = {
        "services": {"api": {"image": "ghcr.io/acme/api:1", "environment": {"DB_PASSWORD_FILE": "/run/secrets/db"},
                             "secrets": ["db", {"source": "token", "target": "/etc/api/token", "mode": 0o400}, "ext"]}},
        "secrets": {"db": {"file": "./db.txt"}, "token": {"environment": "API_TOKEN"}, "ext": {"external": True}},
    }
    plan = plan_for(tmp_path, compose, {"db.txt": "db-password-on-disk\n"})
    api = app(plan, "api")
    db, token, ext = volume(api, "/run/secrets/db"), volume(api, "/etc/api/token"), volume(api, "/run/secrets/ext")
    assert (db.kind, db.object, db.sub_path, db.origin) == ("secret", "demo-db", "db", "file")
    assert (token.origin, token.mode) == ("environment", 0o400)
    assert (ext.object, ext.origin) == ("ext", "external")
    tree = tree_for(plan)
    assert not any("db-password-on-disk" in text for text in tree.values())
    readme = tree["README.md"]
    assert 'create secret generic demo-db --from-file=db=./db.txt' in readme
    assert 'create secret generic demo-token --from-literal=token="$API_TOKEN"' in readme
    entry = values(tree)["apps"]["api"]
    assert entry["env"]["DB_PASSWORD_FILE"] == "/run/secrets/db"  # a path to the secret, not the secret
    assert {"name": token.name, "secret": {"secretName": "demo-token", "defaultMode": 0o400}} in entry["volumes"]


def test_compose_configs_are_copied_unless_they_hold_a_secret(tmp_path):
    compose = {
        "services": {"api": {"image": "ghcr.io/acme/api:1", "environment": {"API_SECRET": "s3cr3t-value-xyz"},
                             "configs": ["motd", {"source": "app", "target": "/etc/app.yaml"}, "bad"]}},
        "configs": {"motd": {"content": "hello\n"}, "app": {"file": "./app.yaml"},
                    "bad": {"content": "secret: s3cr3t-value-xyz"}},
    }
    plan = plan_for(tmp_path, compose, {"app.yaml": "level: info\n"})
    api = app(plan, "api")
    assert volume(api, "/motd").files[0].content == "hello\n"
    assert volume(api, "/etc/app.yaml").files[0].content == "level: info\n"
    item = dropped(plan, "api")["config bad"]
    assert item.todo and "secret value" in item.reason
    assert not any("s3cr3t-value-xyz" in text for text in tree_for(plan).values())


def test_secret_looking_env_values_go_to_a_secret_the_user_fills(tmp_path):
    plan = plan_for(tmp_path, _web(environment={"STRIPE_KEY": "sk_live_abcdef", "LOG_LEVEL": "info"}))
    tree = tree_for(plan)
    entry = values(tree)["apps"]["web"]
    assert entry["env"] == {"LOG_LEVEL": "info"}
    assert {"name": "STRIPE_KEY", "secretName": "web-env", "key": "STRIPE_KEY"} in entry["secretEnv"]
    assert not any("sk_live_abcdef" in text for text in tree.values())


def test_the_configmap_template_renders_the_files(tmp_path):
    from tests.conftest import require_tool
    import subprocess
    from tests.targets.k8s import validation as v

    plan = plan_for(tmp_path, _web(volumes=["./nginx.conf:/etc/nginx/nginx.conf:ro"]), {"nginx.conf": NGINX})
    root = v.write_tree(tree_for(plan), tmp_path / "out")
    out = subprocess.run([require_tool("helm"), "template", "r", str(root / "charts" / "demo"), "-s",
                          "templates/configmap.yaml"], capture_output=True, text=True, check=True).stdout
    cm = yaml.safe_load(out)
    assert cm["kind"] == "ConfigMap" and cm["data"] == {"nginx.conf": NGINX}


def test_the_chart_copies_at_most_its_budget_in_all(tmp_path):
    big = "x" * (hostfiles.MAX_FILE - 10) + "\n"
    count = hostfiles.MAX_CHART // len(big) + 1
    files = {f"conf/f{i}.txt": big for i in range(count)}
    mounts = [f"./conf/f{i}.txt:/etc/f{i}.txt" for i in range(count)]
    plan = plan_for(tmp_path, _web(volumes=mounts), files)
    copied = [v for v in app(plan, "web").volumes if v.kind == "config-map"]
    refused = [n for n in plan.not_carried if "past" in n.reason]
    assert len(copied) == count - 1 and len(refused) == 1 and refused[0].todo
