"""Networking, lifecycle, security and the rest of a compose service on Kubernetes: carried, or refused with why."""

from __future__ import annotations

from tests.targets.k8s.workload_helpers import app, dropped, plan_for, tree_for, values

IMG = "ghcr.io/acme/app:1.0"


def _svc(**extra):
    return {"image": IMG, **extra}


# --- networking ---------------------------------------------------------------------------------------------

def test_published_ports_are_public_expose_stays_inside(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "web": _svc(ports=["8080:80", "127.0.0.1:9090:9090"], expose=["7000"]),
        "tls": _svc(ports=["443:443"])}})
    web = app(plan, "web")
    assert [p.target for p in web.ports] == [80, 9090, 7000]
    assert web.settings["service.public_ports"] == [80, 9090]  # 127.0.0.1: a host reverse proxy's upstream
    assert web.settings["ingress"] == {"port": 80}
    assert "ingress" not in app(plan, "tls").settings  # TLS inside the container: no plain-HTTP Ingress
    entry = values(tree_for(plan))["apps"]["web"]
    assert entry["ingress"]["enabled"] is False and entry["network"]["publicPorts"] == [80, 9090]


def test_separate_compose_networks_become_networkpolicy_peers(tmp_path):
    plan = plan_for(tmp_path, {
        "services": {"proxy": _svc(ports=["80:80"], networks=["front"]),
                     "api": _svc(expose=["8000"], networks=["front", "back"]),
                     "worker": _svc(expose=["9000"], networks=["back"])},
        "networks": {"front": {}, "back": {}}})
    assert app(plan, "proxy").settings["network.allow_from"] == ["api"]
    assert app(plan, "api").settings["network.allow_from"] == "all-apps"  # both others share one of its networks
    assert app(plan, "worker").settings["network.allow_from"] == ["api"]  # proxy cannot reach the worker
    network = values(tree_for(plan))["apps"]
    assert network["api"]["network"] == {"publicPorts": [], "allowFrom": [], "allowRelease": True}
    assert network["worker"]["network"] == {"publicPorts": [], "allowFrom": ["api"], "allowRelease": False}


def test_a_service_only_on_internal_networks_gets_namespace_egress(tmp_path):
    plan = plan_for(tmp_path, {"services": {"a": _svc(networks=["back"])}, "networks": {"back": {"internal": True}}})
    assert app(plan, "a").settings["network.egress"] == "namespace"
    assert values(tree_for(plan))["apps"]["a"]["network"]["egress"] == "namespace"


def test_host_network_and_host_pid_are_refused_with_a_warning(tmp_path):
    plan = plan_for(tmp_path, {"services": {"agent": _svc(network_mode="host"), "debug": _svc(pid="host")}})
    assert dropped(plan, "agent")["network_mode: host"].todo
    assert "pid: host" in dropped(plan, "debug")
    assert any(w.startswith("agent: network_mode: host") for w in plan.warnings)
    assert any(w.startswith("debug: pid: host") for w in plan.warnings)
    pod = values(tree_for(plan))["apps"]["agent"]["pod"]
    assert "hostNetwork" not in pod and "hostPID" not in pod


def test_extra_hosts_become_host_aliases_and_names_are_listed(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _svc(
        extra_hosts=["db.legacy:10.1.2.3", "host.docker.internal:host-gateway"], container_name="api-1",
        networks={"default": {"aliases": ["backend"]}})}})
    api = app(plan, "api")
    assert api.settings["host_aliases"] == [{"ip": "10.1.2.3", "hostnames": ["db.legacy"]}]
    got = dropped(plan, "api")
    assert {"extra_hosts host.docker.internal=host-gateway", "container_name api-1",
            "network default aliases backend"} <= set(got)


# --- lifecycle ----------------------------------------------------------------------------------------------

def test_one_off_services_are_hook_jobs_before_or_after_install(tmp_path):
    plan = plan_for(tmp_path, {"services": {
        "setup": _svc(command=["app", "prepare"], restart="no"),
        "api": _svc(ports=["8000:8000"], depends_on={"setup": {"condition": "service_completed_successfully"}}),
        "seed": _svc(command=["app", "seed"], depends_on=["api"], restart="on-failure:4")}})
    setup, seed = app(plan, "setup"), app(plan, "seed")
    assert (setup.workload, setup.settings["hook"]) == ("job", "pre-install,pre-upgrade")
    assert "api wait for it" in next(d.reason for d in setup.decisions if d.key == "hook")
    assert (seed.workload, seed.settings["hook"], seed.settings["backoff_limit"]) == \
        ("job", "post-install,post-upgrade", 4)
    jobs = values(tree_for(plan))["jobs"]
    assert jobs["seed"]["waitFor"] == [{"name": "api", "host": "api", "port": 8000}]


def test_restart_no_with_a_port_stays_a_deployment(tmp_path):
    plan = plan_for(tmp_path, {"services": {"web": _svc(ports=["80:80"], restart="no")}})
    assert app(plan, "web").workload == "deployment"


def test_replicas_init_grace_period_and_stop_signal(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _svc(
        ports=["8000:8000"], init=True, stop_grace_period="1m30s", stop_signal="SIGQUIT", deploy={"replicas": 4})}})
    api = app(plan, "api")
    assert api.settings["replicas"] == 4
    assert api.settings["share_process_namespace"] is True
    assert api.settings["termination_grace_seconds"] == 90
    assert dropped(plan, "api")["stop_signal SIGQUIT"].todo
    pod = values(tree_for(plan))["apps"]["api"]["pod"]
    assert pod == {"shareProcessNamespace": True, "terminationGracePeriodSeconds": 90}


def test_gpu_reservations_become_gpu_limits(tmp_path):
    gpu = {"resources": {"reservations": {"devices": [{"driver": "nvidia", "count": 2, "capabilities": ["gpu"]}]}}}
    every = {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"], "count": "all"}]}}}
    plan = plan_for(tmp_path, {"services": {"train": _svc(deploy=gpu), "infer": _svc(deploy=every)}})
    entries = values(tree_for(plan))["apps"]
    assert entries["train"]["resources"]["limits"]["nvidia.com/gpu"] == 2
    assert entries["infer"]["resources"]["limits"]["nvidia.com/gpu"] == 1
    assert entries["train"]["pod"]["tolerations"] == [{"key": "nvidia.com/gpu", "operator": "Exists",
                                                       "effect": "NoSchedule"}]


def test_a_built_image_without_a_registry_gets_a_placeholder_and_a_warning(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": {"build": "./api"}, "web": {"build": ".", "image": "ghcr.io/a/w:2"}}},
                    {"api/Dockerfile": "FROM scratch\n", "Dockerfile": "FROM scratch\n"})
    entries = values(tree_for(plan))["apps"]
    assert entries["api"]["image"]["repository"] == "REGISTRY/api" and entries["api"]["image"]["tag"] == "CHANGE-ME"
    assert entries["web"]["image"]["repository"] == "ghcr.io/a/w"
    assert any("placeholder REGISTRY/api:CHANGE-ME" in w for w in plan.warnings)


def test_platform_working_dir_and_pull_policy(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _svc(platform="linux/arm64", working_dir="/srv",
                                                        pull_policy="missing")}})
    entry = values(tree_for(plan))["apps"]["api"]
    assert entry["pod"]["nodeSelector"] == {"kubernetes.io/os": "linux", "kubernetes.io/arch": "arm64"}
    assert entry["container"] == {"workingDir": "/srv"}
    assert entry["image"]["pullPolicy"] == "IfNotPresent" and "CKV_K8S_15" in entry["checkovSkips"]


# --- security -----------------------------------------------------------------------------------------------

def test_numeric_users_are_carried_names_are_refused_root_is_warned(tmp_path):
    plan = plan_for(tmp_path, {"services": {"a": _svc(user="1000:2000"), "b": _svc(user="www-data"),
                                            "c": _svc(user="0")}})
    entries = values(tree_for(plan))["apps"]
    assert entries["a"]["podSecurityContext"] == {"runAsUser": 1000, "runAsGroup": 2000, "fsGroup": 2000}
    assert "CKV_K8S_40" in entries["a"]["checkovSkips"]
    assert dropped(plan, "b")["user www-data"].todo
    assert entries["c"]["podSecurityContext"]["runAsNonRoot"] is False
    assert entries["c"]["securityContext"] == {"runAsNonRoot": False}
    assert any("c: runs as root" in w for w in plan.warnings)


def test_capabilities_privileged_security_opt_sysctls_ulimits(tmp_path):
    plan = plan_for(tmp_path, {"services": {"net": _svc(
        cap_add=["NET_ADMIN"], cap_drop=["MKNOD"], privileged=True,
        security_opt=["no-new-privileges:true", "seccomp:unconfined"],
        sysctls={"net.ipv4.ip_unprivileged_port_start": "0", "net.core.somaxconn": "1024"},
        ulimits={"nofile": {"soft": 1024, "hard": 2048}})}})
    entry = values(tree_for(plan))["apps"]["net"]
    assert entry["securityContext"]["capabilities"] == {"drop": ["ALL"], "add": ["NET_ADMIN"]}
    assert entry["podSecurityContext"]["sysctls"] == [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]
    assert "privileged" not in entry["securityContext"]  # stays the default false
    got = dropped(plan, "net")
    assert got["privileged: true"].todo and "root on the node" in got["privileged: true"].reason
    assert "security_opt seccomp:unconfined" in got and "sysctl net.core.somaxconn=1024" in got
    assert "ulimits nofile" in got
    assert "CKV_K8S_25" in entry["checkovSkips"]


def test_the_security_overlay_replaces_defaults_key_by_key(tmp_path):
    """Helm's merge keeps the default for false and 0; the chart's overlay must not (root stays root)."""
    import subprocess

    import yaml

    from tests.conftest import require_tool
    from tests.targets.k8s import validation as v

    plan = plan_for(tmp_path, {"services": {"c": _svc(user="0:0", command=["app", "init"])}})
    root = v.write_tree(tree_for(plan), tmp_path / "out")
    out = subprocess.run([require_tool("helm"), "template", "r", str(root / "charts" / "demo")],
                         capture_output=True, text=True, check=True).stdout
    pod = next(d for d in yaml.safe_load_all(out) if d and d["kind"] == "Job")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsUser"] == 0 and pod["securityContext"]["runAsNonRoot"] is False
    assert pod["containers"][0]["securityContext"]["runAsNonRoot"] is False


# --- the rest -----------------------------------------------------------------------------------------------

def test_docker_only_settings_are_listed_and_plain_labels_become_annotations(tmp_path):
    plan = plan_for(tmp_path, {"services": {"api": _svc(
        logging={"driver": "json-file"}, labels={"traefik.enable": "true", "com.acme.team": "core"},
        devices=["/dev/fuse:/dev/fuse"], stdin_open=True, tty=True, cpu_shares=512)}})
    got = dropped(plan, "api")
    assert {"logging", "labels traefik.enable", "stdin_open", "tty", "cpu_shares"} <= set(got)
    assert any(item.startswith("devices ") for item in got)
    assert values(tree_for(plan))["apps"]["api"]["podAnnotations"] == {"com.acme.team": "core"}


def test_a_command_holding_a_secret_literal_is_flagged(tmp_path):
    plan = plan_for(tmp_path, {"services": {"cli": _svc(command=["client", "--password=topsecret99"],
                                                        environment={"APP_PASSWORD": "topsecret99"})}})
    assert dropped(plan, "cli")["command"].todo
    assert not any("topsecret99" in text for text in tree_for(plan).values())
