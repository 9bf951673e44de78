"""After merging: env_file read into environment, defaults Compose prints, references checked."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from generator.errors import C2PError, Location
from generator.load.dotenv import parse_env_text
from generator.load.reader import read_user_text
from generator.load.omitempty import omit_empty

SERVICE_ORDER = (
    "profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup cpu_count "
    "cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command configs "
    "container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt dns_search "
    "dockerfile domainname entrypoint provider environment env_file expose extends external_links extra_hosts "
    "group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging log_driver "
    "log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode "
    "networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy read_only "
    "restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt "
    "sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volume_driver volumes volumes_from "
    "working_dir post_start pre_stop"
).split()
_RANK = {k: i for i, k in enumerate(SERVICE_ORDER)}


def finalize_service(name: str, svc: dict, env: Mapping[str, str], where: Location | None) -> dict:
    s = dict(svc)
    environment: dict = {}
    for entry in s.pop("env_file", None) or []:
        path = Path(entry["path"])
        if not path.exists():
            if _truthy(entry.get("required", True)):
                raise C2PError(f"services.{name}.env_file: {path} not found", where,
                               "create it, or mark it `required: false`")
            continue
        try:  # bounded, regular files only: `env_file: /dev/zero` or a FIFO is refused, never read
            text = read_user_text(path, "env file")
        except C2PError as exc:
            raise C2PError(f"services.{name}.env_file: {exc.one_line()}", where) from None
        if entry.get("format") == "raw":
            for line in text.splitlines():
                if line.strip() and not line.lstrip().startswith("#") and "=" in line:
                    k, _, v = line.partition("=")
                    environment[k.strip()] = v
        else:
            environment.update(parse_env_text(text, str(path), env))
    for key, value in (s.get("environment") or {}).items():
        environment[key] = env.get(key) if value is None else value
    _check_env_names(name, environment, where)
    if environment or "environment" in s:
        s["environment"] = dict(sorted(environment.items()))
    if environment == {} and "environment" in s:
        del s["environment"]
    build = s.get("build")
    if isinstance(build, dict) and isinstance(build.get("args"), dict):
        args = {k: (env.get(k) if v is None else v) for k, v in build["args"].items()}
        s["build"] = {**build, "args": {k: v for k, v in args.items() if v is not None}}
    _implicit_dependencies(s)
    s.setdefault("command", None)
    s.setdefault("entrypoint", None)
    if "network_mode" not in s and not s.get("networks") and "provider" not in s:
        s["networks"] = {"default": None}
    for key in ("labels", "sysctls", "annotations", "networks", "depends_on"):
        if isinstance(s.get(key), dict):
            s[key] = dict(sorted(s[key].items()))
    if s.get("deploy") is not None and "placement" not in s["deploy"]:
        s["deploy"] = {**s["deploy"], "placement": {}}
    return order_service(omit_empty(s, "service"))


def _check_env_names(service: str, environment: dict, where: Location | None) -> None:
    """Names read from env_file (the `raw` format takes any text before `=`) follow the same rule as
    `environment:` keys, checked with their line in load/schema.py."""
    from generator.names import env_name_problem, shown

    for key in environment:
        problem = env_name_problem(key)
        if problem:
            raise C2PError(f"services.{service}: env var name {shown(key)} (from env_file) {problem}", where)


def _implicit_dependencies(s: dict) -> None:
    """links, network_mode/ipc/pid/uts/cgroup `service:x` and volumes_from imply depends_on, as in Compose."""
    implied: list[tuple[str, dict]] = []
    for link in s.get("links") or []:
        implied.append((str(link).split(":")[0], {"condition": "service_started", "restart": True, "required": True}))
    for key in ("network_mode", "ipc", "pid", "uts", "cgroup"):
        value = s.get(key)
        if isinstance(value, str) and value.startswith("service:"):
            implied.append((value[8:], {"condition": "service_started", "restart": True, "required": True}))
    for vol in s.get("volumes_from") or []:
        if not str(vol).startswith("container:"):
            implied.append((str(vol).split(":")[0], {"condition": "service_started", "required": True}))
    if implied:
        deps = dict(s.get("depends_on") or {})
        for name, cfg in implied:
            deps.setdefault(name, cfg)
        s["depends_on"] = deps


def order_service(s: dict) -> dict:
    return dict(sorted(s.items(), key=lambda kv: (_RANK.get(kv[0], len(_RANK)), kv[0])))


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def check_dependencies(services: dict, enabled: set[str], where) -> None:
    for name in sorted(enabled):
        for dep, cfg in (services[name].get("depends_on") or {}).items():
            if dep not in services or (dep not in enabled and _truthy(cfg.get("required", True))):
                hint = "it is behind a profile that is not active" if dep in services else None
                raise C2PError(f'service "{name}" depends on undefined service "{dep}"', where(name), hint)


def check_cycles(services: dict, enabled: set[str], where) -> None:
    """A depends_on cycle (a → b → a) is an error in Compose: it could never start. Depth-first with an
    explicit stack, so a chain of thousands of services needs no recursion."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(enabled):
        if root in state:
            continue
        state[root] = 1
        path = [root]
        todo = [iter(sorted(services[root].get("depends_on") or {}))]
        while todo:
            dep = next(todo[-1], None)
            if dep is None:
                todo.pop()
                state[path.pop()] = 2
                continue
            if dep not in enabled:
                continue
            if state.get(dep) == 1:
                cycle = path[path.index(dep):] + [dep]
                raise C2PError(f"dependency cycle detected: {' -> '.join(cycle)}", where(dep))
            if dep not in state:
                state[dep] = 1
                path.append(dep)
                todo.append(iter(sorted(services[dep].get("depends_on") or {})))


def check_consistency(name: str, svc: dict, where) -> None:
    """Compose refuses a service that says two different things about the same limit."""
    if not svc.get("image") and "build" not in svc and "provider" not in svc:
        raise C2PError(f'service "{name}" has neither an image nor a build context specified', where(name),
                       "add `image:` or `build:`")
    replicas = (svc.get("deploy") or {}).get("replicas")
    if "scale" in svc and isinstance(replicas, int) and svc["scale"] != replicas:
        raise C2PError(f"services.{name}: scale ({svc['scale']}) and deploy.replicas ({replicas}) differ", where(name),
                       "set only one of them")
    if svc.get("container_name") and isinstance(replicas, int) and replicas > 1:
        raise C2PError(f"services.{name}: container_name {svc['container_name']!r} cannot be used with "
                       f"deploy.replicas: {replicas} (a container name must be unique)", where(name),
                       "drop container_name or the replicas")
    limits = ((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}
    for key, deploy_key in (("mem_limit", "memory"), ("cpus", "cpus")):
        if key in svc and deploy_key in limits and str(svc[key]) != str(limits[deploy_key]):
            raise C2PError(f"services.{name}: {key} and deploy.resources.limits.{deploy_key} differ", where(name),
                           "set only one of them")
