"""Review 2 of the k8s output: defaults that must hold for every compose file (resources, loopback ports as
reverse-proxy upstreams, placeholders that fail loudly, shell blocks that parse, TLS-terminating proxies)."""

from __future__ import annotations

from tests.targets.k8s.workload_helpers import app, plan_for, tree_for, values

IMG = "ghcr.io/acme/app:1.0"


def _readme(tree):
    return next(v for k, v in tree.items() if k.endswith("README.md"))


def _mi(q: str) -> int:
    return int(q[:-2]) * (1024 if q.endswith("Gi") else 1)


def test_no_deploy_resources_gets_a_web_app_sized_default_stated_per_app(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "web": {"image": IMG, "ports": ["8080:80"]},
        "sized": {"image": IMG, "deploy": {"resources": {"limits": {"memory": "300M"}}}}}})
    tree = tree_for(plan)
    res = values(tree)["apps"]["web"]["resources"]
    # PHP's memory_limit 512M, puma/gunicorn workers, authentik's 2 GB: 256Mi OOM-kills them
    assert _mi(res["limits"]["memory"]) >= 2048 and _mi(res["requests"]["memory"]) >= 512
    assert res["limits"]["cpu"]  # checkov CKV_K8S_11/13: limits present
    readme = _readme(tree)
    web = readme.split("### web", 1)[1]
    assert "c2p's default, not measured" in web.split("\n### ", 1)[0]
    sized = readme.split("### sized", 1)[1].split("\n### ", 1)[0]
    assert "not measured" not in sized
    assert values(tree)["apps"]["sized"]["resources"]["limits"]["memory"] == "300Mi"


def test_a_loopback_published_port_is_a_reverse_proxy_upstream_offered_an_ingress(tmp_path):
    # Mastodon's 127.0.0.1:3000:3000 and Nextcloud's 127.0.0.1:8080:80: nginx on the host fronts them
    plan = plan_for(tmp_path, {"services": {
        "web": {"image": IMG, "ports": ["127.0.0.1:3000:3000"]},
        "inner": {"image": IMG, "expose": ["7000"]}}})
    entry = values(tree_for(plan))["apps"]["web"]
    assert entry["ingress"]["port"] == 3000 and entry["ingress"]["enabled"] is False
    assert entry["network"]["publicPorts"] == [3000]  # the ingress controller's namespace is admitted
    assert values(tree_for(plan))["apps"]["inner"]["network"]["publicPorts"] == []
    assert "reverse proxy" in _readme(tree_for(plan)).split("### web", 1)[1]


def test_an_rwx_claim_on_the_placeholder_class_stops_the_install_until_a_class_is_given(tmp_path):
    import re
    import subprocess

    plan = plan_for(tmp_path, {"services": {
        "web": {"image": IMG, "ports": ["8080:80"], "volumes": ["./data:/data"]},
        "worker": {"image": IMG, "volumes": ["./data:/data"]}}}, files={"data/x": "1"})
    tree = tree_for(plan)
    claims = [n for n, c in values(tree)["persistentVolumeClaims"].items() if c.get("storageClass") ==
              "fill-in-rwx-storage-class"]
    assert claims
    block = re.search(r"helm upgrade --install (?:(?!```).)*", _readme(tree), re.S).group(0)
    for claim in claims:
        assert f'persistentVolumeClaims.{claim}.storageClass="${{RWX_STORAGE_CLASS:?' in block
    # the shell refuses to run the line while RWX_STORAGE_CLASS is unset, and passes the class once it is set
    line = "helm() { printf '%s\\n' \"$@\"; }; NAMESPACE=ns; " + block.replace("\\\n", " ")
    unset = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert unset.returncode != 0 and "ReadWriteMany" in unset.stderr
    ok = subprocess.run(["bash", "-c", line], capture_output=True, text=True,
                        env={"PATH": "/usr/bin:/bin", "RWX_STORAGE_CLASS": "efs"})
    assert ok.returncode == 0 and f"persistentVolumeClaims.{claims[0]}.storageClass=efs" in ok.stdout


def test_a_tls_proxy_that_fetches_its_own_certificates_is_off_by_default_with_no_ingress(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "app": {"image": IMG, "ports": ["3000:3000"]},
        "https-portal": {"image": "steveltn/https-portal:1", "ports": ["80:80", "443:443"], "depends_on": ["app"],
                         "environment": {"DOMAINS": "wiki.example.com -> http://app:3000"}},
        "traefik": {"image": "traefik:v3.1", "ports": ["8080:80"],
                    "command": ["--certificatesresolvers.le.acme.httpchallenge=true"]},
        "plain-traefik": {"image": "traefik:v3.1", "ports": ["8081:80"], "command": ["--providers.docker"]}}})
    tree = tree_for(plan)
    apps = values(tree)["apps"]
    for name in ("https-portal", "traefik"):
        assert apps[name]["enabled"] is False, name
        assert "ingress" not in apps[name], name  # an Ingress to its port 80 loops on its HTTPS redirect
    assert apps["plain-traefik"]["enabled"] is True and apps["plain-traefik"]["ingress"]["port"] == 80
    assert apps["app"]["enabled"] is True and apps["app"]["ingress"]["port"] == 3000
    readme = _readme(tree)
    assert "enable apps.app.ingress" in readme and "cert-manager" in readme
    # nothing of the disabled proxy is rendered by default
    import subprocess
    import tempfile
    from pathlib import Path

    from generator.validate.tools import find_tool
    helm = find_tool("helm")
    if helm is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for path, text in tree.items():
            (Path(tmp) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).write_text(text)
        chart = next(Path(tmp, p).parent for p in tree if p.startswith("charts/") and p.endswith("Chart.yaml"))
        out = subprocess.run([helm, "template", "r", str(chart)], capture_output=True, text=True, check=True).stdout
    assert "name: https-portal\n" not in out and "app.kubernetes.io/name: https-portal" not in out


def _tmp_limit(app_values) -> str:
    mount = next(m for m in app_values["volumeMounts"] if m["mountPath"] == "/tmp")
    return next(v for v in app_values["volumes"] if v["name"] == mount["name"])["emptyDir"]["sizeLimit"]


def test_tmp_holds_an_upload_and_phpmyadmin_keeps_one_replica(tmp_path):
    """Review 3: a 64Mi /tmp evicted the pod on one upload (PHP upload_max_filesize 64M, phpMyAdmin UPLOAD_LIMIT,
    Rails) — /tmp is 1Gi; phpMyAdmin keeps its sessions and blowfish secret in the pod, so 2 replicas behind a
    Service broke logins — an image known to keep sessions in the pod gets 1 replica, others with ports 2."""
    plan = plan_for(tmp_path, {"services": {
        "web": {"image": IMG, "ports": ["8080:80"]},
        "pma": {"image": "phpmyadmin:5.2", "ports": ["8081:80"]}}})
    tree = tree_for(plan)
    apps = values(tree)["apps"]
    assert _mi(_tmp_limit(apps["web"])) >= 1024
    assert apps["web"]["replicas"] == 2 and apps["pma"]["replicas"] == 1
    pma = _readme(tree).split("### pma", 1)[1].split("\n### ", 1)[0]
    assert "sessions in files inside the pod" in pma


def test_a_known_images_cache_folder_is_sized_like_tmp(tmp_path):
    """nginx buffers request bodies and proxied responses in /var/cache/nginx: 64Mi evicted the pod on an upload."""
    plan = plan_for(tmp_path, {"services": {"proxy": {"image": "nginx:1.27", "ports": ["8080:80"]}}})
    proxy = values(tree_for(plan))["apps"]["proxy"]
    mount = next(m for m in proxy["volumeMounts"] if m["mountPath"] == "/var/cache/nginx")
    limit = next(v for v in proxy["volumes"] if v["name"] == mount["name"])["emptyDir"]["sizeLimit"]
    assert _mi(limit) >= 1024
