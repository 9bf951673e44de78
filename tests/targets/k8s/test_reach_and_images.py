"""Review 2026-12-k8s #8 (a service reached only on a port compose never published) and #12 / issue 11 item 7 (images
that need root or writable paths under the chart's hardened defaults).

Before the fix: nextcloud's `app` (php-fpm on 9000) had no port, no Service and an `ingress: []` policy, so nginx
could not reach app:9000; wordpress, phpMyAdmin, Nextcloud and stock nginx ran as UID 10001 on a read-only root
with every capability dropped and could not write their PID/cache paths or bind port 80."""

from __future__ import annotations

import pytest

from generator.classify import classify
from generator.plan import build_plan
from tests.conftest import require_tool
from tests.realworld.cases import load as load_case
from tests.targets.k8s.netpol_eval import Pod, admits, helm_template, pod_labels
from tests.targets.k8s.validation import tree_problems, write_tree
from tests.targets.k8s.workload_helpers import app, dropped, plan_for, tree_for, values

NGINX_CONF = "events {}\nhttp { server { listen 80; location ~ \\.php$ { fastcgi_pass php:9000; } } }\n"


def _realworld(case: str):
    project = load_case(case)
    return build_plan(project, classify(project), "k8s")


def _chart(tmp_path, tree, release="demo"):
    root = write_tree(tree, tmp_path / "out")
    chart = next(p.split("/")[1] for p in tree if p.startswith("charts/"))
    return root, helm_template(require_tool("helm"), str(root / "charts" / chart), release)


def _policies(objects):
    return [o for o in objects if o["kind"] == "NetworkPolicy"]


# --- #8: ports ------------------------------------------------------------------------------------------------------

def test_nextcloud_fpm_gets_its_port_service_and_nginx_reaches_it(tmp_path):
    plan = _realworld("nextcloud")
    a = app(plan, "app")
    assert [p.target for p in a.ports] == [9000]
    decision = next(d for d in a.decisions if d.key == "service.image_ports")
    assert "nextcloud/docker" in decision.reason
    root, objects = _chart(tmp_path, tree_for(plan), "nextcloud")
    svc = next(o for o in objects if o["kind"] == "Service" and o["metadata"]["name"] == "app")
    assert [p["port"] for p in svc["spec"]["ports"]] == [9000]
    web, target = Pod(pod_labels(objects, "Deployment", "web")), Pod(pod_labels(objects, "Deployment", "app"))
    assert admits(_policies(objects), target, web, 9000)
    assert not admits(_policies(objects), target, Pod({"app": "x"}, "elsewhere"), 9000)


def test_a_port_named_in_another_apps_config_file_is_declared(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "web": {"image": "nginx:1.27", "ports": ["8080:80"], "volumes": ["./nginx.conf:/etc/nginx/nginx.conf:ro"]},
        "php": {"image": "example/php-app:1"},
    }}, {"nginx.conf": NGINX_CONF})
    php = app(plan, "php")
    assert [p.target for p in php.ports] == [9000]
    assert "web" in next(d for d in php.decisions if d.key == "service.file_ports.9000").reason


def test_a_service_reached_on_no_known_port_is_open_within_the_release_with_a_todo(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "web": {"image": "example/web:1", "ports": ["8080:8080"], "environment": {"API": "http://api/v1"}},
        "api": {"image": "example/api:1"},
        "worker": {"image": "example/worker:1"},
    }})
    todo = dropped(plan, "api")["ports (none found)"]
    assert todo.todo and "web reach it" in todo.reason
    assert any(w.startswith("api: ports (none found)") for w in plan.warnings)
    tree = tree_for(plan)
    v = values(tree)
    assert v["apps"]["api"]["network"]["allowReleaseAnyPort"] is True
    assert "allowReleaseAnyPort" not in v["apps"]["worker"]["network"]  # nobody reaches it: deny-all as before
    _, objects = _chart(tmp_path, tree)
    pol = _policies(objects)
    api, web = Pod(pod_labels(objects, "Deployment", "api")), Pod(pod_labels(objects, "Deployment", "web"))
    assert admits(pol, api, web, 12345)
    assert not admits(pol, api, Pod({"app": "x"}, "elsewhere"), 12345)
    assert not admits(pol, Pod(pod_labels(objects, "Deployment", "worker")), web, 12345)


# --- #12: what known images need -------------------------------------------------------------------------------------

def _mounts(a):
    return {v.target: v.kind for v in a.volumes}


def test_wordpress_apache_gets_its_run_and_lock_dirs_and_port_80_as_non_root():
    plan = _realworld("wordpress")
    wp = app(plan, "wordpress")
    assert _mounts(wp)["/var/run/apache2"] == "empty-dir" and _mounts(wp)["/var/lock/apache2"] == "empty-dir"
    pod = wp.settings["pod_security"]
    assert "runAsUser" not in pod  # any UID works for the php apache images
    assert {"name": "net.ipv4.ip_unprivileged_port_start", "value": "80"} in pod["sysctls"]
    assert "docker-library/php" in next(d for d in wp.decisions if d.key == "security.image").reason
    assert any(w.startswith("wordpress: image WordPress (apache)") for w in plan.warnings)
    pma = app(plan, "phpmyadmin")
    assert pma.settings["pod_security"]["runAsUser"] == 33
    assert pma.settings["container_security"]["readOnlyRootFilesystem"] is False


def test_nextcloud_runs_its_entrypoint_as_root_and_nginx_gets_its_paths():
    plan = _realworld("nextcloud")
    a, cron, web = app(plan, "app"), app(plan, "cron"), app(plan, "web")
    assert a.settings["pod_security"]["runAsUser"] == 0 and a.settings["pod_security"]["runAsNonRoot"] is False
    ctr = a.settings["container_security"]
    assert ctr["readOnlyRootFilesystem"] is False and ctr["runAsNonRoot"] is False
    assert ctr["capabilities"] == {"drop": ["ALL"], "add": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"]}
    assert cron.settings["container_security"]["capabilities"]["add"] == ["SETGID", "SETUID"]
    assert "readOnlyRootFilesystem" not in cron.settings["container_security"]
    # web is built FROM nginx:alpine: matched by its base image
    assert _mounts(web)["/var/cache/nginx"] == "empty-dir" and _mounts(web)["/var/run"] == "empty-dir"
    assert any("nginxinc/nginx-unprivileged" in w for w in plan.warnings)


def test_compose_user_wins_and_unknown_images_keep_the_hardened_default(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "pma": {"image": "phpmyadmin:5.2", "user": "1000:1000", "ports": ["8081:80"]},
        "api": {"image": "example/api:1", "ports": ["8000:8000"]},
    }})
    assert app(plan, "pma").settings["pod_security"]["runAsUser"] == 1000
    api = app(plan, "api")
    assert "security.image" not in api.settings and "pod_security" not in api.settings


@pytest.mark.parametrize("case", ["nextcloud", "wordpress", "outline"])
def test_relaxed_outputs_pass_every_validator(tmp_path, case):
    root = write_tree(tree_for(_realworld(case)), tmp_path / "out")
    assert tree_problems(root) == []


@pytest.mark.parametrize("image,expected", [
    ("httpd:2.4", "Apache httpd"), ("docker.io/library/nginx:1.27-alpine", "nginx"), ("php:8.3-apache", "PHP (apache)"),
    ("php:8.3-fpm-alpine", "PHP (fpm)"), ("php:8.3-cli", None), ("wordpress:cli", None), ("nginxinc/nginx-unprivileged", None),
    ("registry.example.com/nginx:1", None), ("steveltn/https-portal:1", "https-portal"),
])
def test_known_images_match_by_repository_and_tag(image, expected):
    from generator.targets.k8s.images import match

    found = match(image)
    assert (found.name if found else None) == expected
    if found:
        assert found.source and found.why


def test_https_portal_runs_as_root_with_a_writable_root_and_only_the_capabilities_it_uses():
    """Issue 11 leftover: steveltn/https-portal (outline fixture) ran as UID 10001 on a read-only root and
    crash-looped: its s6-overlay /init needs root and it writes /etc/nginx, /etc/crontab, /var/www at start-up."""
    plan = _realworld("outline")
    portal = app(plan, "https-portal")
    pod, ctr = portal.settings["pod_security"], portal.settings["container_security"]
    assert pod["runAsUser"] == 0 and pod["runAsNonRoot"] is False and ctr["runAsNonRoot"] is False
    assert ctr["readOnlyRootFilesystem"] is False
    assert ctr["capabilities"] == {"drop": ["ALL"], "add": ["CHOWN", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"]}
    assert "SteveLTN/https-portal" in next(d for d in portal.decisions if d.key == "security.image").reason
    assert any(w.startswith("https-portal: image https-portal") and "cert-manager" in w for w in plan.warnings)
    assert "security.image" not in {d.key for d in app(plan, "outline").decisions}
