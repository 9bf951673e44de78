"""Ports and volumes: the short syntax parsed into Compose's long form, paths resolved."""

from __future__ import annotations

import os
import re

from generator.load.units import parse_bytes
from generator.numbers import ascii_uint

_PORT = re.compile(
    r"^(?:(?:(?P<ip>\[[^\]]*\]|[^:\[\]]*):)?(?P<host>[^:]*):)?(?P<target>[^:/]+)(?:/(?P<proto>[a-z]+))?$"
)


class SyntaxProblem(ValueError):
    pass


def _range(text: str) -> list[int]:
    lo, _, hi = text.partition("-")
    start, end = ascii_uint(lo), ascii_uint(hi) if hi else ascii_uint(lo)
    if start is None or end is None:  # ASCII digits only: int() would take '٨٠' or ' 80'
        raise SyntaxProblem(f"invalid port {text!r}")
    if end < start or not (0 <= start <= 65535 and 0 <= end <= 65535):
        raise SyntaxProblem(f"invalid port range {text!r}")
    return list(range(start, end + 1))


def parse_port(spec) -> list[dict]:
    if isinstance(spec, int) and not isinstance(spec, bool):
        return [{"mode": "ingress", "target": spec, "protocol": "tcp"}]
    m = _PORT.match(str(spec).strip())
    if not m:
        raise SyntaxProblem(f"invalid port {spec!r}")
    ip, host, proto = m.group("ip"), m.group("host"), m.group("proto") or "tcp"
    if ip and ip.startswith("["):
        ip = ip[1:-1]
    try:
        targets = _range(m.group("target"))
        hosts = _range(host) if host else []
    except SyntaxProblem:
        raise SyntaxProblem(f"invalid port {spec!r}") from None
    out = []
    for i, target in enumerate(targets):
        port = {"mode": "ingress"}
        if ip:
            port["host_ip"] = ip
        port["target"] = target
        if hosts:
            if len(hosts) == len(targets):
                port["published"] = str(hosts[i])
            elif len(targets) == 1:
                port["published"] = host
            else:
                raise SyntaxProblem(f"invalid port {spec!r}: the host and container ranges differ in size")
        port["protocol"] = proto
        out.append(port)
    return out


_PORT_ORDER = ("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol")


def long_port(port: dict) -> dict:
    p = dict(port)
    p.setdefault("mode", "ingress")
    p.setdefault("protocol", "tcp")
    if "target" in p:
        p["target"] = _int(p["target"], "target")
    if p.get("published") is not None:
        p["published"] = str(p["published"])
    elif "published" in p:
        del p["published"]
    return _ordered(p, _PORT_ORDER)


def _int(value, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = ascii_uint(value) if isinstance(value, str) else None
    if number is None:
        raise SyntaxProblem(f"{what} must be a number, not {value!r}")
    return number


def _ordered(d: dict, order: tuple) -> dict:
    out = {k: d[k] for k in order if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def is_path(source: str) -> bool:
    return source.startswith((".", "/", "~")) or (len(source) > 1 and source[1] == ":")


def resolve_path(path: str, base: str, home: str | None) -> str:
    """As compose-go resolves paths: `~/x` under the home folder and a relative path under `base`
    (both cleaned, like Go's filepath.Join); an absolute path is kept exactly as written."""
    if home and (path == "~" or path.startswith("~/")):
        return os.path.normpath(os.path.join(home, path[2:]))
    if os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(base, path))


_VOL_ORDER = ("type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image")


def parse_volume(spec: str, base: str, home: str | None) -> dict:
    parts = spec.split(":")
    if re.match(r"^[A-Za-z]:[\\/]", spec):  # a Windows drive letter, as Compose reads it
        parts = [parts[0] + ":" + parts[1]] + parts[2:]
    if len(parts) == 1:
        return {"type": "volume", "target": clean_target(parts[0]), "volume": {}}
    if len(parts) > 3:
        raise SyntaxProblem(f"invalid volume {spec!r}: too many colons")
    source, target = parts[0], parts[1]
    options = parts[2].split(",") if len(parts) == 3 and parts[2] else []
    if not source or not target:
        raise SyntaxProblem(f"invalid volume {spec!r}")
    vol: dict = {}
    bind = is_path(source)
    vol["type"] = "bind" if bind else "volume"
    vol["source"] = resolve_path(source, base, home) if bind else source
    vol["target"] = clean_target(target)
    extra: dict = {}
    for opt in options:
        if opt == "ro":
            vol["read_only"] = True
        elif opt == "rw":
            pass
        elif opt in ("z", "Z"):
            extra["selinux"] = opt
        elif opt == "nocopy":
            extra["nocopy"] = True
        elif opt in ("shared", "rshared", "slave", "rslave", "private", "rprivate"):
            extra["propagation"] = opt
        elif opt in ("cached", "delegated", "consistent"):
            vol["consistency"] = opt
        # other options are ignored, as Docker Compose ignores them
    if bind:
        extra.pop("nocopy", None)
        extra["create_host_path"] = True
        vol["bind"] = extra
    else:
        extra.pop("selinux", None)
        extra.pop("propagation", None)
        vol["volume"] = extra
    return _ordered(vol, _VOL_ORDER)


def clean_target(target: str) -> str:
    import posixpath

    return posixpath.normpath(target) if target.startswith("/") else target


def long_volume(vol: dict, base: str, home: str | None) -> dict:
    v = dict(vol)
    if isinstance(v.get("target"), str):
        v["target"] = clean_target(v["target"])
    if v.get("type") == "bind" and isinstance(v.get("source"), str) and v["source"]:
        v["source"] = resolve_path(v["source"], base, home)
    if "read_only" in v:
        v["read_only"] = _bool(v["read_only"])
        if not v["read_only"]:
            del v["read_only"]
    tmpfs = v.get("tmpfs")
    if isinstance(tmpfs, dict) and "size" in tmpfs:
        v["tmpfs"] = tmpfs = {**tmpfs, "size": str(parse_bytes(tmpfs["size"]))}
    if isinstance(tmpfs, dict) and tmpfs.get("mode") is not None:
        v["tmpfs"] = {**tmpfs, "mode": _int(tmpfs["mode"], "tmpfs.mode")}
    return _ordered(v, _VOL_ORDER)


def _bool(value) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "yes", "1", "y", "on")
    return bool(value)


def parse_device(spec) -> dict:
    """`/dev/dri`, `/dev/dri:/dev/dri`, `/dev/sda:/dev/xvda:r` → {source, target, permissions}."""
    if isinstance(spec, dict):
        return dict(spec)
    parts = str(spec).split(":")
    if len(parts) > 3:
        raise SyntaxProblem(f"invalid device {spec!r}: use the long syntax")
    source = parts[0]
    target = parts[1] if len(parts) > 1 else source
    return {"source": source, "target": target, "permissions": parts[2] if len(parts) > 2 else "rwm"}
