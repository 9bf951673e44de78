"""Compose's merge rules, for several -f files and for `extends` (override wins).

Works on canonical services (see service.py): mappings merge key by key; `command`,
`entrypoint` and `healthcheck.test` are replaced; lists are appended and then made unique
the way Compose does (ports, volumes by target, secrets/configs by target, plain lists by value).
"""

from __future__ import annotations

from typing import Any

_REPLACE = {("command",), ("entrypoint",), ("healthcheck", "test")}


def merge_service(base: dict, over: dict) -> dict:
    return _merge(base, over, ())


def _merge(base: Any, over: Any, path: tuple) -> Any:
    if path in _REPLACE:
        return over
    if isinstance(base, dict) and isinstance(over, dict):
        if path == ("build",) and "dockerfile_inline" in over and "dockerfile" not in over:
            base = {k: v for k, v in base.items() if k != "dockerfile"}
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base[key], value, path + (key,)) if key in base else value
        return out
    if isinstance(base, list) and isinstance(over, list):
        return _unique(base + over, path)
    return over


def _unique(items: list, path: tuple) -> list:
    keyfn = _INDEXERS.get(path[-1] if len(path) == 1 else path, _value_key)
    out: list = []
    where: dict = {}
    for item in items:
        key = keyfn(item)
        if key in where:
            out[where[key]] = item
        else:
            where[key] = len(out)
            out.append(item)
    return out


def _value_key(item: Any):
    return repr(item)


def _port_key(p: Any):
    if not isinstance(p, dict):
        return repr(p)
    return (p.get("host_ip"), p.get("published"), p.get("target"), p.get("protocol"), p.get("mode"))


def _target_key(v: Any):
    return v.get("target") if isinstance(v, dict) else repr(v)


def _ref_key(r: Any):
    return (r.get("target") or r.get("source")) if isinstance(r, dict) else repr(r)


def _env_file_key(e: Any):
    return e.get("path") if isinstance(e, dict) else repr(e)


_INDEXERS = {
    "ports": _port_key,
    "volumes": _target_key,
    "secrets": _ref_key,
    "configs": _ref_key,
    "env_file": _env_file_key,
}


def merge_top(base: dict, over: dict) -> dict:
    """Two whole (canonical) documents: services merge by the rules above, other sections by key."""
    out = dict(base)
    for key, value in over.items():
        if key == "services" and isinstance(base.get("services"), dict):
            services = dict(base["services"])
            for name, svc in (value or {}).items():
                services[name] = merge_service(services[name], svc) if name in services else svc
            out["services"] = services
        elif key in ("networks", "volumes", "secrets", "configs") and isinstance(base.get(key), dict) \
                and isinstance(value, dict):
            section = dict(base[key])
            for name, cfg in value.items():
                old = section.get(name)
                section[name] = _merge(old, cfg, (key,)) if isinstance(old, dict) and isinstance(cfg, dict) else cfg
            out[key] = section
        else:
            out[key] = value
    return out
