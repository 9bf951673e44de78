"""One service: short syntax → the long form Docker Compose prints, relative paths resolved.

`canonical` is idempotent (a canonical service stays the same), so it runs on every file before
merging (paths resolve against the directory of the file that wrote them) and again after.
"""

from __future__ import annotations

import shlex

from generator.load import mounts
from generator.load.mounts import SyntaxProblem
from generator.load.units import UnitError, go_number, normalize_duration, parse_bytes, parse_cpus
from generator.numbers import ascii_int, ascii_octal

_BYTES_KEYS = ("mem_limit", "mem_reservation", "memswap_limit", "shm_size")
_LIST_OF_STR = ("dns", "dns_search", "tmpfs", "env_file", "label_file")
_KV_MAPS = ("labels", "sysctls", "annotations")


def canonical(svc: dict, base: str, home: str | None) -> dict:
    out = dict(svc)
    try:
        _normalize(out, base, home)
    except UnitError as exc:
        raise SyntaxProblem(str(exc)) from None
    return out


def _normalize(s: dict, base: str, home: str | None) -> None:
    if "build" in s:
        s["build"] = _build(s["build"], base, home)
    for key in ("command", "entrypoint"):
        if isinstance(s.get(key), str):
            s[key] = _split(s[key], key)
    if "environment" in s:
        s["environment"] = to_map(s["environment"], none_for_bare=True)
    for key in _KV_MAPS:
        if key in s:
            s[key] = {k: ("" if v is None else v) for k, v in to_map(s[key], none_for_bare=False).items()}
    for key in _LIST_OF_STR:
        if isinstance(s.get(key), str):
            s[key] = [s[key]]
    if "env_file" in s:
        s["env_file"] = [_env_file(e, base, home) for e in s["env_file"]]
    if "ports" in s:
        s["ports"] = [p for spec in s["ports"] for p in
                      ([mounts.long_port(spec)] if isinstance(spec, dict) else mounts.parse_port(spec))]
        if any(not p.get("target") for p in s["ports"]):
            raise SyntaxProblem("a port is missing its target (container) port")
    if "expose" in s:
        s["expose"] = [str(e) for e in s["expose"]]
    if "volumes" in s:
        s["volumes"] = [mounts.long_volume(v, base, home) if isinstance(v, dict) else mounts.parse_volume(str(v), base, home)
                        for v in s["volumes"]]
    if isinstance(s.get("devices"), list):
        s["devices"] = [mounts.parse_device(d) for d in s["devices"]]
    if s.get("gpus") == "all":
        s["gpus"] = [{"count": -1}]
    if isinstance(s.get("gpus"), list):
        s["gpus"] = [_device_request(d) for d in s["gpus"]]
    if isinstance(s.get("models"), list):
        s["models"] = {str(m): None for m in s["models"]}
    for hook in ("post_start", "pre_stop"):
        if isinstance(s.get(hook), list):
            s[hook] = [{**h, "command": _split(h["command"], hook)} if isinstance(h, dict) and isinstance(h.get("command"), str)
                       else h for h in s[hook]]
    if isinstance(s.get("provider"), dict) and isinstance(s["provider"].get("options"), dict):
        s["provider"] = {**s["provider"], "options": {k: v if isinstance(v, list) else [v]
                                                      for k, v in s["provider"]["options"].items()}}
    if isinstance(s.get("develop"), dict):
        s["develop"] = _develop(s["develop"], base, home)
    if "depends_on" in s:
        s["depends_on"] = _depends_on(s["depends_on"])
    if isinstance(s.get("healthcheck"), dict):
        s["healthcheck"] = _healthcheck(s["healthcheck"])
    if isinstance(s.get("deploy"), dict):
        s["deploy"] = _deploy(s["deploy"])
    for key in ("secrets", "configs"):
        if key in s:
            s[key] = [_file_ref(r, key) for r in s[key]]
    if "networks" in s and isinstance(s["networks"], list):
        s["networks"] = {n: None for n in s["networks"]}
    if "extra_hosts" in s:
        s["extra_hosts"] = _extra_hosts(s["extra_hosts"])
    for key in _BYTES_KEYS:
        if key in s and s[key] is not None:
            s[key] = str(parse_bytes(s[key]))
    if "stop_grace_period" in s:
        s["stop_grace_period"] = normalize_duration(s["stop_grace_period"])
    if "cpus" in s:
        s["cpus"] = go_number(parse_cpus(s["cpus"]))
    if "restart" in s and isinstance(s["restart"], bool):  # `restart: no` read as YAML 1.1 false
        s["restart"] = "no" if s["restart"] is False else "yes"


def _to_int(value, what: str) -> int:
    if isinstance(value, bool):
        raise SyntaxProblem(f"{what} must be a number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    number = ascii_int(value) if isinstance(value, str) else None
    if number is None:
        raise SyntaxProblem(f"{what} must be a whole number, not {value!r}")
    return number


def _split(text: str, key: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise SyntaxProblem(f"{key}: cannot split {text!r}: {exc}") from None


def to_map(value, none_for_bare: bool) -> dict:
    """A list of KEY=VALUE (or a mapping) as a mapping of strings; a bare KEY maps to None."""
    if isinstance(value, dict):
        return {str(k): _str(v) for k, v in value.items()}
    out: dict = {}
    for item in value or []:
        text = str(item)
        key, sep, val = text.partition("=")
        out[key] = val if sep else (None if none_for_bare else "")
    return out


def _str(v):
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(go_number(v))
    return str(v)


def _build(build, base: str, home: str | None) -> dict:
    b = {"context": build} if isinstance(build, str) else dict(build)
    ctx = str(b.get("context", "."))
    if "://" not in ctx and not ctx.startswith(("git@", "github.com/")):
        ctx = mounts.resolve_path(ctx, base, home)
    b["context"] = ctx
    if "dockerfile" not in b and "dockerfile_inline" not in b:
        b["dockerfile"] = "Dockerfile"
    if "args" in b:
        b["args"] = to_map(b["args"], none_for_bare=True)
    if "labels" in b:
        b["labels"] = to_map(b["labels"], none_for_bare=False)
    order = ("context", "dockerfile", "dockerfile_inline")
    return {**{k: b[k] for k in order if k in b}, **{k: v for k, v in b.items() if k not in order}}


def _develop(develop: dict, base: str, home: str | None) -> dict:
    """Compose Watch: each rule's path resolved like a bind source; `exec` is always printed."""
    d = dict(develop)
    if isinstance(d.get("watch"), list):
        rules = []
        for rule in d["watch"]:
            r = dict(rule) if isinstance(rule, dict) else rule
            if isinstance(r, dict):
                if isinstance(r.get("path"), str):
                    r["path"] = mounts.resolve_path(r["path"], base, home)
                hook = dict(r.get("exec") or {})
                if isinstance(hook.get("command"), str):
                    hook["command"] = _split(hook["command"], "develop.watch.exec.command")
                hook.setdefault("command", None)
                r["exec"] = hook
            rules.append(r)
        d["watch"] = rules
    return d


def _env_file(entry, base: str, home: str | None) -> dict:
    e = {"path": entry} if isinstance(entry, str) else dict(entry)
    e["path"] = mounts.resolve_path(str(e.get("path", "")), base, home)
    e.setdefault("required", True)
    return e


def _depends_on(dep) -> dict:
    if isinstance(dep, list):
        return {str(n): {"condition": "service_started", "required": True} for n in dep}
    out = {}
    for name, cfg in dep.items():
        cfg = dict(cfg or {})
        d = {"condition": cfg.pop("condition", "service_started")}
        if "restart" in cfg:
            d["restart"] = cfg.pop("restart")
        d["required"] = cfg.pop("required", True)
        d.update(cfg)
        out[name] = d
    return out


_HC_ORDER = ("test", "timeout", "interval", "retries", "start_period", "start_interval", "disable")


def _healthcheck(hc: dict) -> dict:
    h = dict(hc)
    if isinstance(h.get("test"), str):
        h["test"] = ["CMD-SHELL", h["test"]]
    for key in ("timeout", "interval", "start_period", "start_interval"):
        if key in h and h[key] is not None:
            h[key] = normalize_duration(h[key])
    if h.get("retries") is not None:
        h["retries"] = _to_int(h["retries"], "healthcheck.retries")
    return {**{k: h[k] for k in _HC_ORDER if k in h}, **{k: v for k, v in h.items() if k not in _HC_ORDER}}


def _deploy(deploy: dict) -> dict:
    d = dict(deploy)
    res = d.get("resources")
    if isinstance(res, dict):
        res = dict(res)
        for part in ("limits", "reservations"):
            if isinstance(res.get(part), dict):
                r = dict(res[part])
                if "cpus" in r:
                    r["cpus"] = go_number(parse_cpus(r["cpus"]))
                if "memory" in r:
                    r["memory"] = str(parse_bytes(r["memory"]))
                if isinstance(r.get("devices"), list):
                    r["devices"] = [_device_request(x) for x in r["devices"]]
                if r.get("pids") is not None:
                    r["pids"] = _to_int(r["pids"], f"deploy.resources.{part}.pids")
                res[part] = r
        d["resources"] = res
    if d.get("replicas") is not None:
        d["replicas"] = _to_int(d["replicas"], "deploy.replicas")
    rp = d.get("restart_policy")
    if isinstance(rp, dict):
        d["restart_policy"] = {k: (normalize_duration(v) if k in ("delay", "window") else v) for k, v in rp.items()}
    if "labels" in d:
        d["labels"] = to_map(d["labels"], none_for_bare=False)
    d.setdefault("resources", {})  # a struct in compose-go: printed even when empty
    d.setdefault("placement", {})
    return d


def _device_request(d):
    """A GPU/device request: `count: all` is -1 in Docker Compose's model."""
    if not isinstance(d, dict) or "count" not in d:
        return d
    count = d["count"]
    if count == "all":
        return {**d, "count": -1}
    if isinstance(count, str):  # ASCII digits, as strconv.ParseInt: '²' crashed int(), '٣' was read as 3
        count = ascii_int(count)
    elif isinstance(count, float) and count.is_integer():
        count = int(count)
    if isinstance(count, bool) or not isinstance(count, int):
        raise SyntaxProblem(f"invalid device count {d['count']!r}, the only value allowed is 'all' or a number")
    return {**d, "count": count}


def _file_ref(ref, kind: str) -> dict:
    r = {"source": ref} if isinstance(ref, str) else dict(ref)
    if kind == "secrets" and not r.get("target"):
        r["target"] = f"/run/secrets/{r['source']}"
    if isinstance(r.get("mode"), str):
        mode = ascii_octal(r["mode"])
        if mode is None:
            raise SyntaxProblem(f"{kind}: mode must be an octal number, not {r['mode']!r}")
        r["mode"] = mode
    if "mode" in r and r["mode"] is not None:
        r["mode"] = "0" + format(_to_int(r["mode"], f"{kind}.mode"), "o")
    for key in ("uid", "gid"):
        if key in r and r[key] is not None:
            r[key] = str(r[key])
    order = ("source", "target", "uid", "gid", "mode")
    return {**{k: r[k] for k in order if k in r}, **{k: v for k, v in r.items() if k not in order}}


def _extra_hosts(value) -> list[str]:
    if isinstance(value, dict):
        items = []
        for host, ips in value.items():
            for ip in ips if isinstance(ips, list) else [ips]:
                items.append(f"{host}={ip}")
        return items
    out = []
    for item in value:
        text = str(item)
        if "=" not in text and ":" in text:
            host, _, ip = text.partition(":")
            text = f"{host}={ip}"
        out.append(text)
    return out
