"""Top-level networks, volumes, secrets and configs: named as Compose names them, unused ones dropped."""

from __future__ import annotations

from generator.errors import C2PError
from generator.load.omitempty import omit_empty

_ORDER = {
    "networks": ("name", "driver", "driver_opts", "ipam", "external", "internal", "attachable", "labels",
                 "enable_ipv4", "enable_ipv6"),
    "volumes": ("name", "driver", "driver_opts", "external", "labels"),
    "secrets": ("name", "file", "environment", "content", "external", "labels", "driver", "driver_opts",
                "template_driver"),
    "configs": ("name", "file", "environment", "content", "external", "labels", "driver", "driver_opts",
                "template_driver"),
}


def used_resources(services: dict) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {k: set() for k in _ORDER}
    for svc in services.values():
        used["networks"].update((svc.get("networks") or {}).keys())
        for vol in svc.get("volumes") or []:
            if vol.get("type") == "volume" and vol.get("source"):
                used["volumes"].add(vol["source"])
        for kind in ("secrets", "configs"):
            used[kind].update(r["source"] for r in svc.get(kind) or [])
        build = svc.get("build") or {}
        used["secrets"].update(r if isinstance(r, str) else r.get("source") for r in build.get("secrets") or [])
    return used


def normalize_top(doc: dict, services: dict, project: str, where) -> dict[str, dict]:
    used = used_resources(services)
    out: dict[str, dict] = {}
    for kind, order in _ORDER.items():
        declared = doc.get(kind) or {}
        section = {}
        for name in sorted(used[kind]):
            if name not in declared and not (kind == "networks" and name == "default"):
                user = next(s for s, svc in services.items() if _uses(svc, kind, name))
                singular = kind[:-1]
                raise C2PError(f'service "{user}" refers to undefined {singular} {name}', where(user),
                               f"declare it under the top-level `{kind}:`")
            cfg = dict(declared.get(name) or {})
            ext = cfg.get("external")
            if isinstance(ext, dict):  # obsolete `external: {name: x}`
                cfg.setdefault("name", ext.get("name", name))
                cfg["external"] = True
            cfg = omit_empty(cfg, kind[:-1])
            if not cfg.get("name"):
                cfg["name"] = name if cfg.get("external") else f"{project}_{name}"
            if kind == "networks":
                cfg.setdefault("ipam", {})
            section[name] = {**{k: cfg[k] for k in order if k in cfg}, **{k: v for k, v in cfg.items() if k not in order}}
        if section:
            out[kind] = section
    return out


def _uses(svc: dict, kind: str, name: str) -> bool:
    if kind == "networks":
        return name in (svc.get("networks") or {})
    if kind == "volumes":
        return any(v.get("source") == name and v.get("type") == "volume" for v in svc.get("volumes") or [])
    refs = [r["source"] for r in svc.get(kind) or []]
    build = svc.get("build") or {}
    if kind == "secrets":
        refs += [r if isinstance(r, str) else r.get("source") for r in build.get("secrets") or []]
    return name in refs
