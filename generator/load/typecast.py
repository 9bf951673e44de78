"""Typed fields written as strings, cast as Docker Compose casts them right after interpolation.

`read_only: ${MM_READONLY}` interpolates to the string "false"; compose-go turns the strings at
these paths into booleans or numbers before validating (`yes`/`on`/`y` are true, `no`/`off`/`n`
false, case-insensitive). A string that does not convert is bad input at its own line.
Paths are tuples; "*" matches any one key or list index.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from generator.errors import C2PError, Location
from generator.numbers import ascii_float, ascii_int

_TRUE = ("y", "yes", "true", "on")
_FALSE = ("n", "no", "false", "off")


class CastError(ValueError):
    pass


def to_bool(value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise CastError(f"expected a boolean, not {value!r}")


def to_int(value: str) -> int:
    number = ascii_int(value)  # ASCII digits in int64 range, as strconv.Atoi: not '²', '٣' or ' 8'
    if number is None:
        raise CastError(f"expected a whole number, not {value!r}")
    return number


def to_float(value: str) -> float | int:
    number = ascii_float(value)  # finite: 'nan', 'inf' and '1e999' are not a number of CPUs or a ratio
    if number is None:
        raise CastError(f"expected a number, not {value!r}")
    return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number


_S = ("services", "*")
CASTS: dict[tuple, Callable[[str], Any]] = {
    **{_S + (key,): to_bool for key in ("init", "oom_kill_disable", "privileged", "read_only", "stdin_open", "tty")},
    **{_S + (key,): to_int for key in ("cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime",
                                       "cpu_shares", "oom_score_adj", "pids_limit", "scale")},
    _S + ("cpu_percent",): to_float,
    _S + ("deploy", "replicas"): to_int,
    _S + ("deploy", "update_config", "parallelism"): to_int,
    _S + ("deploy", "update_config", "max_failure_ratio"): to_float,
    _S + ("deploy", "rollback_config", "parallelism"): to_int,
    _S + ("deploy", "rollback_config", "max_failure_ratio"): to_float,
    _S + ("deploy", "restart_policy", "max_attempts"): to_int,
    _S + ("deploy", "placement", "max_replicas_per_node"): to_int,
    _S + ("healthcheck", "retries"): to_int,
    _S + ("healthcheck", "disable"): to_bool,
    _S + ("ports", "*", "target"): to_int,
    _S + ("ulimits", "*"): to_int,
    _S + ("ulimits", "*", "hard"): to_int,
    _S + ("ulimits", "*", "soft"): to_int,
    _S + ("volumes", "*", "read_only"): to_bool,
    _S + ("volumes", "*", "volume", "nocopy"): to_bool,
    **{(section, "*", key): to_bool for section in ("networks", "volumes", "secrets", "configs")
       for key in ("external",)},
    **{("networks", "*", key): to_bool for key in ("internal", "attachable", "enable_ipv4", "enable_ipv6")},
}
_BY_LENGTH: dict[int, list[tuple[tuple, Callable]]] = {}
for _path, _fn in CASTS.items():
    _BY_LENGTH.setdefault(len(_path), []).append((_path, _fn))


def _caster(path: tuple) -> Callable[[str], Any] | None:
    for pattern, fn in _BY_LENGTH.get(len(path), ()):
        if all(p == "*" or p == k for p, k in zip(pattern, path)):
            return fn
    return None


def cast_types(data: Any, file: str, where, path: tuple = ()) -> Any:
    """The document with the strings at typed paths converted (C2PError when one does not convert)."""
    if isinstance(data, dict):
        return {k: cast_types(v, file, where, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [cast_types(v, file, where, path + (i,)) for i, v in enumerate(data)]
    if isinstance(data, str) and len(path) >= 2:
        fn = _caster(path)
        if fn is not None:
            try:
                return fn(data)
            except CastError as exc:
                dotted = ".".join(str(p) for p in path)
                raise C2PError(f"{dotted}: {exc}", Location(file, *where(path))) from None
    return data
