"""The one decision recorder every mapping of every target uses: settings, each with a Decision and its reason,
honouring the user's x-c2p options for that target.

The option keys a target reads are its typed table in schemas/c2p.schema.json (`#/$defs/<target>Options`), where
every value is type-checked when c2p.yaml / x-c2p is loaded; a mapping may check a value further (`check`: a range,
a pattern) and a bad value is refused with one line. An option no setting of this service used is a warning, worded
the same on every target: "is not used here" (with the reason when the mapping gives one) for a key the target knows,
"ignored unknown … (did you mean …?)" for a key it does not — so `instancess: 5` is never ignored silently.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from functools import cache
from typing import Any, Callable, Mapping

from generator.errors import C2PError
from generator.plan.model import Decision, Resource, to_dict

# Options that apply to the whole project or to the app workloads, not to one stateful service's mapping.
PROJECT_WIDE = frozenset({"region", "namespace", "engine", "vault", "workload", "volumes"})

Check = Callable[[Any], "str | None"]


@cache
def option_keys(target: str) -> frozenset[str]:
    """The x-c2p <target> keys c2p reads: the typed table #/$defs/<target>Options of schemas/c2p.schema.json (the
    shared #/$defs/targetOptions for a target without its own)."""
    from generator.paths import schema_path

    defs = json.loads(schema_path("c2p").read_text(encoding="utf-8"))["$defs"]
    return frozenset(defs.get(f"{target}Options", defs["targetOptions"])["properties"])


class Recorder:
    """Collects one resource's settings and a Decision for each; the user's option wins over the default."""

    def __init__(self, target: str, service: str, options: Mapping[str, Any] | None):
        self.target = target
        self.service = service
        self.options = dict(options or {})
        self.used: set[str] = set()
        self.settings: dict[str, Any] = {}
        self.decisions: list[Decision] = []
        self.warnings: list[str] = []

    # -- settings ---------------------------------------------------------------------------------------------
    def set(self, key: str, value: Any, reason: str, option: str | tuple[str, ...] | None = None,
            check: Check | None = None, convert: Callable[[Any], Any] | None = None, source: str = "default") -> Any:
        """Set `key` to the user's option when given (the first of the `option` names present, converted by `convert`,
        then validated by `check`: a problem is refused), else to `value`. `option=None`: not the user's to set."""
        names = (option,) if isinstance(option, str) else tuple(option or ())
        self.used.update(n for n in names if n in self.options)
        given_name = next((n for n in names if self.options.get(n) is not None), None)
        if given_name is not None:
            given = self.options[given_name]
            if convert is not None:
                given = convert(given)
            problem = check(given) if check else None
            if problem:
                raise C2PError(f"x-c2p {self.target}.{given_name} of service '{self.service}': {problem}")
            value, source = given, "override"
            reason = self._overridden(given_name, reason)
        self.settings[key] = value
        self.decisions.append(Decision(key=key, value=to_dict(value), reason=reason, source=source))
        return value

    def pick(self, key: str, default: Any, reason: str, option: str | None = None, source: str = "default",
             check: Check | None = None) -> Any:
        """`set` with the option named like the key unless told otherwise; only keys of the target's option table
        are read from the user."""
        opt = option or key
        settable = opt in option_keys(self.target) and opt not in PROJECT_WIDE
        return self.set(key, default, reason, opt if settable else None, check=check, source=source)

    def fact(self, key: str, value: Any) -> Any:
        """A setting that follows from others or that templates need, not a team decision (no Decision)."""
        self.settings[key] = value
        return value

    fixed = fact

    @property
    def values(self) -> dict[str, Any]:
        return self.settings

    def _overridden(self, name: str, reason: str) -> str:
        return f"set by the user (x-c2p {self.target}.{name}); the default was chosen because: {reason}"

    # -- what the user set that nothing used ------------------------------------------------------------------
    def unknown_options(self, not_applicable: Mapping[str, str] | None = None) -> list[str]:
        known = option_keys(self.target)
        out = []
        for key in sorted(set(self.options) - self.used - PROJECT_WIDE):
            why = (not_applicable or {}).get(key)
            if why or key in known:
                out.append(f"{self.service}: x-c2p {self.target}.{key} is not used here: "
                           f"{why or 'it does not apply to this service' + chr(39) + 's mapping'}")
            else:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                tip = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(f"{self.service}: ignored unknown x-c2p {self.target} option '{key}'{tip}")
        return out

    def apply(self, resource: Resource, mapping: str, *, decision: Decision | None = None,
              not_applicable: Mapping[str, str] | None = None, **changes: Any) -> Resource:
        """The resource as this mapping realises it: settings sorted, decisions appended (`decision`, the mapping's
        own, first), this recorder's warnings and the unused options' warnings after the resource's own."""
        first = (decision,) if decision else ()
        return dataclasses.replace(
            resource, mapping=mapping, settings=dict(sorted(self.settings.items())),
            decisions=tuple(resource.decisions) + first + tuple(self.decisions),
            warnings=tuple(resource.warnings) + tuple(self.warnings) + tuple(self.unknown_options(not_applicable)),
            **changes)
