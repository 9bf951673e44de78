"""Sizes, durations and CPU counts as Docker Compose parses and prints them."""

from __future__ import annotations

import math
import re

from generator.numbers import ascii_float

_BYTES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(b|ib)?\s*$", re.IGNORECASE | re.ASCII)  # not '٣g'
_MULT = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_DUR_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)", re.ASCII)
_UNIT_NS = {"ns": 1, "us": 10**3, "µs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9,
            "d": 86400 * 10**9, "w": 7 * 86400 * 10**9}


class UnitError(ValueError):
    pass


def parse_bytes(value) -> int:
    """'512M' → 536870912 (binary multiples, like Docker's RAMInBytes); a number is bytes."""
    if isinstance(value, bool):
        raise UnitError(f"invalid size {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise UnitError(f"invalid size {value!r}")
        return int(value)
    m = _BYTES.match(str(value))
    if not m:
        raise UnitError(f"invalid size {value!r}")
    size = float(m.group(1)) * _MULT[m.group(2).lower()]
    if not math.isfinite(size):  # 400 digits overflow to inf, which int() cannot take
        raise UnitError(f"invalid size {value!r}")
    return int(size)


def parse_duration_ns(value) -> int:
    if isinstance(value, bool):
        raise UnitError(f"invalid duration {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value * 10**9):
            raise UnitError(f"invalid duration {value!r}")
        return int(value * 10**9)
    text = str(value).strip()
    if text in ("0", ""):
        return 0
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    pos, total = 0, 0.0
    for m in _DUR_PART.finditer(text):
        if m.start() != pos:
            raise UnitError(f"invalid duration {value!r}")
        total += float(m.group(1)) * _UNIT_NS[m.group(2)]
        pos = m.end()
    if pos != len(text) or pos == 0 or not math.isfinite(total):
        raise UnitError(f"invalid duration {value!r}")
    return sign * int(round(total))


def format_duration(ns: int) -> str:
    """Go's time.Duration.String(): 90s → '1m30s', 1h → '1h0m0s', 0.5s → '500ms'."""
    if ns == 0:
        return "0s"
    neg, ns = ns < 0, abs(ns)
    if ns < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if ns >= size:
                return ("-" if neg else "") + _frac(ns, size) + unit
    hours, rem = divmod(ns, 3600 * 10**9)
    minutes, rem = divmod(rem, 60 * 10**9)
    secs = _frac(rem, 10**9) + "s"
    out = f"{hours}h{minutes}m{secs}" if hours else (f"{minutes}m{secs}" if minutes else secs)
    return ("-" if neg else "") + out


def _frac(value: int, unit: int) -> str:
    whole, rest = divmod(value, unit)
    if not rest:
        return str(whole)
    digits = str(rest).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}"


def normalize_duration(value) -> str:
    return format_duration(parse_duration_ns(value))


def parse_cpus(value) -> float:
    if isinstance(value, bool):
        raise UnitError(f"invalid cpus {value!r}")
    if isinstance(value, (int, float)):
        number = float(value) if math.isfinite(value) else None
    else:  # ASCII and finite: float() would take 'nan', 'infinity', '1e999' (inf) and '٣'
        number = ascii_float(value.strip()) if isinstance(value, str) else None
    if number is None:
        raise UnitError(f"invalid cpus {value!r}")
    return number


def go_number(value: float):
    """Go prints 1.0 as 1: keep whole floats as ints in the JSON."""
    return int(value) if float(value).is_integer() else value
