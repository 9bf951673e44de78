"""Everything else a compose service holds: labels and annotations carried as pod annotations where they mean
something outside Docker; every other key listed as not carried over, with the reason."""

from __future__ import annotations

import re

from generator.classify.secrets import is_secret_name
from generator.targets.k8s.workload.draft import Draft

# Labels read by Docker-side tools (reverse proxies, updaters, schedulers, dashboards) and image metadata.
DOCKER_LABEL = re.compile(
    r"^(traefik|com\.docker|com\.centurylinklabs\.watchtower|diun|ofelia|autoheal|caddy|portainer|org\.label-schema|"
    r"org\.opencontainers|deunhealth|homepage|kompose|swag|glance|dockge|dozzle|sablier|virtual\.host|"
    r"com\.github\.jrcs\.letsencrypt|docker-volume-backup|io\.balena|chadburn|wud|shepherd)([._-]|$)",
    re.IGNORECASE,
)
_ANNOTATION = re.compile(r"^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")

REASONS = {
    "logging": "container logs go to stdout/stderr and the cluster's log agent: a Docker logging driver has no pod "
               "equivalent",
    "stdin_open": "an interactive-terminal flag for development: a pod runs detached",
    "tty": "an interactive-terminal flag for development: a pod runs detached",
    "develop": "compose watch is a development feature",
    "attach": "a `compose up` console setting",
    "runtime": "a Docker runtime name: set runtimeClassName to a RuntimeClass of your cluster",
    "use_api_socket": "the Docker API socket gives root on the node: refused",
    "volume_driver": "a Docker volume plugin: the cluster's StorageClass provisions volumes",
    "cgroup_parent": "the node's cgroup layout is the kubelet's",
    "oom_kill_disable": "the kubelet manages OOM behaviour from the pod's QoS class",
    "oom_score_adj": "the kubelet manages OOM behaviour from the pod's QoS class",
    "memswap_limit": "Kubernetes swap is a node setting (NodeSwap)",
    "mem_swappiness": "Kubernetes swap is a node setting (NodeSwap)",
    "storage_opt": "ephemeral storage is limited with resources.limits.ephemeral-storage",
    "models": "compose AI models have no Kubernetes equivalent",
    "provider": "a compose provider service has no Kubernetes equivalent",
    "isolation": "a Windows/Hyper-V isolation setting",
    "credential_spec": "a Windows gMSA setting: windowsOptions.gmsaCredentialSpec",
}
_CPU_KEYS = ("cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpuset",
             "cpu_shares", "blkio_config", "device_cgroup_rules")
_SILENT = {"extends", "env_file", "label_file", "profiles"}  # resolved by the loader, or handled elsewhere
TODO = {"runtime", "use_api_socket"}


_SECRET_LABEL = ("it holds a secret (by its key or its value): never copied into the chart; pass it from a Secret "
                 "if the app reads it")


def _secret_label(key: str, held: tuple[str, ...]) -> bool:
    return is_secret_name(key) or key in held  # by its key, or its value (plan/gather.py: the value is masked)


def _labels(d: Draft) -> None:
    d.handled.update({"labels", "annotations"})
    carried: dict[str, str] = {}
    docker = []
    for key, value in sorted(d.facts.labels.items()):
        if DOCKER_LABEL.search(key):
            docker.append(key)
        elif _secret_label(key, d.facts.secret_labels):
            d.refuse(f"label {key}", _SECRET_LABEL)
        elif _ANNOTATION.match(key):
            carried[key] = str(value)
        else:
            d.refuse(f"label {key}", "not a valid Kubernetes annotation key")
    if docker:
        d.refuse("labels " + ", ".join(docker), "read by Docker-side tools (reverse proxy, updater, scheduler…): "
                                                "configure their Kubernetes counterparts (Ingress, CronJob, …) instead")
    for key, value in sorted(d.facts.annotations.items()):
        if _secret_label(key, d.facts.secret_annotations):
            d.refuse(f"annotation {key}", _SECRET_LABEL)
        elif _ANNOTATION.match(key):
            carried[key] = str(value)
        else:
            d.refuse(f"annotation {key}", "not a valid Kubernetes annotation key")
    if carried:
        d.decide("pod_annotations", carried, "compose labels and annotations, as pod annotations")


def _masked(d: Draft) -> None:
    for key in d.facts.masked:  # "command", then "entrypoint"
        d.refuse(key, "it holds a secret literal of the compose file, shown as *** in values: pass it from a "
                      "Secret (secretEnv, then $(VAR) in the argument)", todo=True)


def carry(d: Draft) -> None:
    _labels(d)
    _masked(d)
    for key in d.facts.keys:  # set to a non-empty value, x-* excepted
        if key in d.handled or key in _SILENT:
            continue
        if key in _CPU_KEYS:
            reason = "CPU and I/O tuning: Kubernetes uses resources.requests / limits (set from deploy.resources)"
        else:
            reason = REASONS.get(key, "no Kubernetes equivalent in c2p")
        d.refuse(key, reason, todo=key in TODO, warn=key == "use_api_socket")
