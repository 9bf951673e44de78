"""How an app runs: Deployment, StatefulSet or Job (Helm hook), replicas, shutdown, init, image, placement."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import C2PError, parse_location
from generator.imageref import parse_image
from generator.numbers import ascii_uint
from generator.targets.k8s import probes
from generator.targets.k8s.common import k8s_name
from generator.targets.k8s.workload.draft import Draft

PULL = {"always": "Always", "missing": "IfNotPresent", "if_not_present": "IfNotPresent", "never": "Never",
        "build": "Always", "daily": "Always", "weekly": "Always"}


def _job(d: Draft, awaited: frozenset[str]) -> None:
    apps = d.project.apps
    app_deps = sorted(dep.service for dep in d.app.depends_on if dep.service in apps and not apps[dep.service].job)
    waiting = sorted(o.name for o in apps.values() for dep in o.depends_on
                     if dep.service == d.name and dep.condition == "service_completed_successfully")
    if app_deps:
        d.decide("hook", "post-install,post-upgrade", f"waits for {', '.join(app_deps)}, which this chart installs: "
                                                      "Helm runs it after install and upgrade", "default")
    elif waiting:
        d.decide("hook", "pre-install,pre-upgrade", f"{', '.join(waiting)} wait for it to complete "
                                                    "(service_completed_successfully): Helm runs it to completion "
                                                    "before it installs or upgrades them", "compose")
    else:
        d.decide("hook", "pre-install,pre-upgrade", "a run-once service (migrate, setup): Helm runs it before the "
                                                    "app starts, on every install and upgrade", "default")
    restart = d.facts.restart or ""
    attempts = d.facts.restart_attempts
    if restart.startswith("on-failure:"):
        count = ascii_uint(restart[11:])  # not str.isdigit(): '²' is a digit to it, and int('²') fails
        if count is None:  # Docker refuses it when the container is created: bad input, not a guess
            raise C2PError(f"services.{d.name}.restart: {restart!r}: the retry count after `on-failure:` must be "
                           "a whole number", parse_location(d.facts.location))
        attempts = count
    backoff = int(attempts) if attempts is not None else 2
    d.decide("backoff_limit", backoff, "from compose's restart attempts" if attempts is not None else
             "compose sets no retry count: 2 retries", "compose" if attempts is not None else "default")
    # a Job cannot have volumeClaimTemplates: its own volume is a plain claim
    d.volumes = [replace(v, kind="claim", reason=v.reason.replace("a volumeClaimTemplate of the StatefulSet",
                                                                  "a PersistentVolumeClaim of the Job"))
                 if v.kind == "claim-template" else v for v in d.volumes]
    claims = sorted(v.source or "" for v in d.volumes if v.kind == "claim" and not v.user_creates)
    if claims and d.settings["hook"].startswith("pre-"):
        # a pre-install hook runs before the chart's PVCs exist; a PVC cannot be a hook (Helm would delete it)
        d.decide("hook", "post-install,post-upgrade", f"it mounts {', '.join(claims)}, which the chart creates: a "
                                                      "pre-install hook would wait for a volume that does not exist yet",
                 "default")
        d.warn(f"runs after install and upgrade (it mounts {', '.join(claims)}): the services that wait for it in "
               "compose start without waiting")


def _replicas(d: Draft) -> None:
    compose = d.app.replicas if d.facts.replicas_set else d.facts.scale
    single = [v for v in d.volumes if v.kind in ("claim", "claim-template") and v.access_mode != "ReadWriteMany"]
    if any(v.kind == "claim-template" for v in d.volumes):
        d.workload = "statefulset"
    if compose is not None:
        d.decide("replicas", int(compose), "from compose (deploy.replicas / scale)")
        if single and int(compose) > 1:
            d.warn(f"{int(compose)} replicas with ReadWriteOnce volumes: each StatefulSet replica gets its own volume "
                   "(compose's replicas shared one)")
    elif single:
        d.decide("replicas", 1, "its volume is ReadWriteOnce (one writer, as in compose): 1 replica", "default")
    elif (known := _known(d)) is not None and known.sessions_in_pod:
        d.decide("replicas", 1, f"{known.name}: {known.sessions_in_pod}; 1 replica (raise it only with shared "
                 "sessions and one secret for all replicas)", "default")
    elif d.app.ports:
        d.decide("replicas", 2, "compose runs one container; 2 replicas so a node drain or rollout keeps it serving",
                 "default")
    else:
        d.decide("replicas", 1, "compose runs one container", "compose")
    if any(v.kind == "claim" and v.access_mode != "ReadWriteMany" for v in d.volumes) and d.workload == "deployment":
        d.decide("strategy", "Recreate", "a ReadWriteOnce volume on a Deployment: the old pod must let go of it "
                                         "before the new one starts", "default")
    if d.workload == "statefulset":
        d.note("workload", "statefulset", "a named volume only this service uses: a StatefulSet keeps one volume per "
                                          "pod (x-c2p k8s.workload: deployment for a one-replica Deployment)")
    elif d.options.get("workload") == "deployment":
        d.note("workload", "deployment", "set by the user (x-c2p k8s.workload)", "override")


def _shutdown(d: Draft) -> None:
    facts = d.facts
    if facts.init:
        d.decide("share_process_namespace", True, "compose init: true (an init as PID 1): with a shared process "
                                                  "namespace the pod's pause container is PID 1 and reaps zombies")
    if facts.stop_grace_period is not None:
        from generator.load.units import UnitError, parse_duration_ns

        try:
            grace = max(0, -(-parse_duration_ns(facts.stop_grace_period) // 10**9))  # whole seconds, rounded up
        except UnitError:
            grace = None
        if grace is not None:
            d.decide("termination_grace_seconds", grace, "from compose stop_grace_period")
    if facts.stop_signal:
        d.refuse(f"stop_signal {facts.stop_signal}", "Kubernetes sends SIGTERM (the image's STOPSIGNAL if it has one); "
                                                      "lifecycle.stopSignal is alpha (ContainerStopSignals, 1.33): set "
                                                      "STOPSIGNAL in the image or a preStop hook", todo=True, warn=True)
    for key, k8s in (("post_start", "postStart"), ("pre_stop", "preStop")):
        hooks = getattr(facts, key)
        if len(hooks) == 1 and set(hooks[0].keys) <= {"command"} and hooks[0].command is not None:
            d.decide(f"lifecycle.{k8s}", list(hooks[0].command), f"from compose {key}")
        elif hooks:
            d.refuse(key, "a Kubernetes hook is one command with the container's user and env: not carried over",
                     todo=True)


def _deploy(d: Draft) -> None:
    facts = d.facts
    if facts.deploy_mode in ("global", "global-job"):
        d.refuse(f"deploy.mode {facts.deploy_mode}", "one container per node is a DaemonSet: c2p generates a "
                 "Deployment", todo=True)
    if facts.deploy_placement:
        d.refuse("deploy.placement", "Swarm node constraints: use nodeSelector / affinity with your nodes' labels",
                 todo=True)
    for key in facts.deploy_swarm:
        d.refuse(f"deploy.{key}", "a Swarm setting: Kubernetes rolls Deployments out with its own strategy")
    if facts.deploy_restart_policy and not d.app.job:
        d.refuse("deploy.restart_policy", "Kubernetes restarts a Deployment's pods whatever the exit code")
    res, reason = probes.resources(d.app.resources)
    if reason == probes.DEFAULT_RESOURCES_REASON:
        d.note("resources", res, reason.replace("<name>", d.k8s), source="default")
    if facts.pids_limit:
        d.refuse("pids limit", "Kubernetes sets PID limits per node (kubelet podPidsLimit), not per pod")


def _image(d: Draft) -> None:
    pull = d.facts.pull_policy
    if pull in PULL:
        d.decide("pull_policy", PULL[pull], f"from compose pull_policy {pull}")
    if not d.facts.builds:
        return
    image = d.app.image or ""
    ref = parse_image(image)
    if ref is not None and "/" in ref.repository:
        d.note("image.build", image, "compose builds this image: CI must build it and push it to that registry")
        return
    tag = (ref.tag if ref else None) or "CHANGE-ME"
    placeholder = f"REGISTRY/{k8s_name(d.name)}:{tag}"
    d.decide("image_placeholder", placeholder, "compose builds it and names no registry image: push the image and set "
                                               f"apps.{d.k8s}.image.repository / tag", "default")
    d.warn(f"built by compose (build: {d.app.build_context}) with no registry image: its image is the placeholder "
           f"{placeholder}; push it and set image.repository/tag in values before installing")


def _platform(d: Draft) -> None:
    platform = d.facts.platform or ""
    if platform:
        parts = platform.split("/")
        selector = {"kubernetes.io/os": parts[0]}
        if len(parts) > 1:
            selector["kubernetes.io/arch"] = parts[1]
        d.decide("node_selector", selector, f"compose platform {platform}: schedule it on such nodes")


def _waits(d: Draft) -> None:
    apps = d.project.apps
    out = []
    for dep in sorted(d.app.depends_on, key=lambda x: x.service):
        other = apps.get(dep.service)
        if other is None or other.job or not other.ports:
            continue
        out.append({"name": k8s_name(other.name), "host": k8s_name(other.name), "port": other.ports[0].target})
    if out and not (d.app.job and d.settings.get("hook", "").startswith("pre-")):
        d.decide("wait_for_apps", out, "compose depends_on another app service: an init container waits for its port")


def carry(d: Draft, awaited: frozenset[str]) -> None:
    d.handled.update({"restart", "deploy", "init", "stop_grace_period", "stop_signal", "depends_on", "scale",
                      "healthcheck", "profiles", "pull_policy", "platform", "working_dir", "command", "entrypoint",
                      "environment", "image", "build", "post_start", "pre_stop", "pids_limit", "mem_limit", "cpus",
                      "mem_reservation"})
    d.workload = "deployment"
    if d.app.job:
        d.workload = "job"
        _job(d, awaited)
    else:
        _replicas(d)
    _shutdown(d)
    _deploy(d)
    _image(d)
    _platform(d)
    if d.facts.working_dir:
        d.decide("working_dir", d.facts.working_dir, "from compose working_dir")
    _waits(d)


def _known(d: Draft):
    from generator.targets.k8s import images

    return images.for_service(d)
