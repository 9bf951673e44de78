"""Go's `omitempty`, as Docker Compose prints its model: a struct field holding an empty string, false,
0 or an empty list/map is left out of `config --format json`, except the fields compose-go keeps
behind a pointer (or as a nested struct), which are printed even when empty (`retries: 0`,
`init: false`, `deploy.placement: {}`).

STRUCTS says, per compose-go struct, which keys are kept when empty and which keys hold nested
structs (one, a list of them, or a map of them). Maps of user values (environment, labels, args,
driver_opts, x-* extensions) are never touched: an empty value there is a value.
"""

from __future__ import annotations

from typing import Any

# struct name → (keys printed even when empty, {key: (shape, struct)}) with shape "one" | "list" | "map"
STRUCTS: dict[str, tuple[frozenset[str], dict[str, tuple[str, str]]]] = {
    "service": (
        frozenset("attach build develop blkio_config credential_spec deploy healthcheck init logging provider "
                  "scale stop_grace_period command entrypoint extends".split()),
        {"build": ("one", "build"), "healthcheck": ("one", "healthcheck"), "deploy": ("one", "deploy"),
         "logging": ("one", "logging"), "networks": ("map", "attachment"), "depends_on": ("map", "dependency"),
         "ports": ("list", "port"), "volumes": ("list", "mount"), "secrets": ("list", "fileref"),
         "configs": ("list", "fileref"), "ulimits": ("map", "ulimit")},
    ),
    "build": (frozenset(), {}),
    "healthcheck": (frozenset("test timeout interval retries start_period start_interval".split()), {}),
    "deploy": (
        frozenset("replicas update_config rollback_config resources restart_policy placement".split()),
        {"resources": ("one", "resources"), "restart_policy": ("one", "restart_policy"),
         "placement": ("one", "plain"), "update_config": ("one", "update"), "rollback_config": ("one", "update")},
    ),
    "resources": (frozenset({"limits", "reservations"}), {"limits": ("one", "plain"), "reservations": ("one", "plain")}),
    "restart_policy": (frozenset({"delay", "max_attempts", "window"}), {}),
    "update": (frozenset({"parallelism"}), {}),
    "logging": (frozenset(), {}),
    "attachment": (frozenset(), {}),
    "dependency": (frozenset({"required"}), {}),
    "port": (frozenset(), {}),
    "mount": (frozenset({"bind", "volume", "tmpfs", "image"}),
              {"bind": ("one", "plain"), "volume": ("one", "plain"), "tmpfs": ("one", "plain")}),
    "fileref": (frozenset({"mode"}), {}),
    "ulimit": (frozenset(), {}),
    "plain": (frozenset(), {}),
    "network": (frozenset({"ipam", "enable_ipv4", "enable_ipv6"}), {"ipam": ("one", "plain")}),
    "volume": (frozenset(), {}),
    "secret": (frozenset(), {}),
    "config": (frozenset(), {}),
}
# Sizes compose-go keeps as UnitBytes (a number): "0" is its zero.
_DURATIONS = frozenset({"delay", "monitor"})  # update_config's Duration fields (restart_policy keeps its own)
_BYTES = frozenset({"mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "shm_size", "memory", "size"})


def is_zero(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value is False
    if isinstance(value, (int, float)):
        return value == 0
    if isinstance(value, str):
        return value == "" or (key in _BYTES and value == "0") or (key in _DURATIONS and value == "0s")
    return isinstance(value, (list, dict)) and not value


def omit_empty(value: Any, struct: str) -> Any:
    """`value` (a dict for `struct`) without the fields Go would omit; other values pass through."""
    if not isinstance(value, dict):
        return value
    kept, children = STRUCTS[struct]
    out = {}
    for key, item in value.items():
        child = children.get(key)
        if child is not None:
            shape, name = child
            if shape == "one":
                item = omit_empty(item, name)
            elif shape == "list" and isinstance(item, list):
                item = [omit_empty(x, name) for x in item]
            elif shape == "map" and isinstance(item, dict):
                item = {k: omit_empty(v, name) for k, v in item.items()}
        if key in kept or key.startswith("x-") or not is_zero(key, item):
            out[key] = item
    return out
