"""Numbers written in user text (compose values, command flags, env values): ASCII only, finite, bounded.

Python is generous where Docker is not: `"²".isdigit()` is true and `int("²")` then fails; `int()`
also takes `"٣"`, `" 8 "`, `"1_000"`; `float()` takes `"nan"`, `"infinity"` and turns `"1e999"` into
inf. Every place c2p reads a number out of a user's string goes through these, which accept what
Go's strconv.Atoi / ParseUint / ParseFloat accept for ordinary numbers (ASCII digits, an optional
sign, int64 range) minus NaN and infinities, and answer None for anything else, so the caller can
refuse it with its own location or treat it as "not a number".
"""

from __future__ import annotations

import math
import re

INT64_MAX = 2**63 - 1
_UINT = re.compile(r"[0-9]+")
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"[0-7]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_MAX_LEN = 64  # longer is never an ordinary number; it also keeps int() away from its 4,300-digit limit


def ascii_uint(text: object) -> int | None:
    """'8080' → 8080; None for '²', '٣', ' 8', '+8', '1_0', '' or more than int64 holds."""
    if not isinstance(text, str) or len(text) > _MAX_LEN or not _UINT.fullmatch(text):
        return None
    value = int(text)
    return value if value <= INT64_MAX else None


def ascii_int(text: object) -> int | None:
    """ascii_uint with an optional sign ('-5' → -5)."""
    if not isinstance(text, str) or len(text) > _MAX_LEN or not _INT.fullmatch(text):
        return None
    value = int(text)
    return value if -INT64_MAX - 1 <= value <= INT64_MAX else None


def ascii_octal(text: object) -> int | None:
    """'0755' → 493; None unless ASCII octal digits."""
    if not isinstance(text, str) or len(text) > _MAX_LEN or not _OCTAL.fullmatch(text):
        return None
    return int(text, 8)


def ascii_float(text: object) -> float | None:
    """'1.5', '.5', '2e3' → a finite float; None for 'nan', 'inf', 'infinity', '1e999', '1_0', '٣'."""
    if not isinstance(text, str) or len(text) > _MAX_LEN or not _FLOAT.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def is_uint(text: object) -> bool:
    return ascii_uint(text) is not None
