"""Development settings carried to production: `DEBUG=1`, `NODE_ENV=development`, `ALLOWED_HOSTS=*`, ….

A compose file is a development setup: its framework switches are usually the development ones. Carried over as
they are, they show stack traces and settings to anyone (Django/Flask/Laravel debug pages), accept any Host header
or only localhost, and run slower, unoptimised builds. c2p keeps the value (switching a framework to production
changes what it requires at start-up: Django with DEBUG off refuses to start without ALLOWED_HOSTS, Rails in
production needs SECRET_KEY_BASE and precompiled assets) and flags each one, with the value to set, on every
target: one plan warning per app, and a note on the variable in env/<service>.env.

    flag(env, warnings) -> (env, warnings)   # called once per app from generator/plan/apps.py

Each rule: variable names, the development values (compared case-insensitively), the production value to set,
and where the meaning comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.plan.model import EnvVar

TRUE = frozenset({"1", "true", "yes", "on", "y", "t"})
LOCAL_HOSTS = frozenset({"*", "localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1", ".localhost"})


@dataclass(frozen=True)
class Rule:
    names: frozenset[str]
    dev: frozenset[str] | None  # values that mean development (lower case); None: decided by `hosts`
    set_to: str
    why: str


RULES = (
    # Django settings read by convention (DEBUG / DJANGO_DEBUG); docs.djangoproject.com/en/stable/ref/settings/#debug
    Rule(frozenset({"DEBUG", "DJANGO_DEBUG", "APP_DEBUG", "FLASK_DEBUG", "WORDPRESS_DEBUG", "WP_DEBUG"}), TRUE,
         "0 (or false)", "debug mode shows stack traces, settings and source to every visitor"),
    Rule(frozenset({"ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"}), None, "the public host name(s) the app is served on",
         "`*` accepts any Host header (host-header poisoning of password-reset links); localhost rejects every real "
         "request once DEBUG is off"),
    Rule(frozenset({"NODE_ENV"}), frozenset({"development", "dev"}), "production",
         "Express and most Node frameworks cache views and hide error details only in production"),
    Rule(frozenset({"RAILS_ENV", "RACK_ENV"}), frozenset({"development", "dev"}), "production",
         "Rails' development environment reloads code and shows full error reports"),
    Rule(frozenset({"APP_ENV"}), frozenset({"local", "dev", "development"}), "production (Laravel) or prod (Symfony)",
         "Laravel's local and Symfony's dev environments enable debug tooling"),
    Rule(frozenset({"FLASK_ENV"}), frozenset({"development"}), "production (or remove it)",
         "Flask's development environment turns the debugger and reloader on"),
    Rule(frozenset({"ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"}), frozenset({"development"}), "Production",
         "ASP.NET Core shows the developer exception page in Development"),
    Rule(frozenset({"MIX_ENV"}), frozenset({"dev"}), "prod", "Elixir's dev environment recompiles and reloads code"),
    Rule(frozenset({"GIN_MODE"}), frozenset({"debug"}), "release", "Gin's debug mode logs every route and request"),
    Rule(frozenset({"SPRING_PROFILES_ACTIVE"}), frozenset({"dev", "local", "development"}), "your production profile",
         "the dev/local profile selects development configuration"),
)
_BY_NAME = {n: r for r in RULES for n in r.names}


def _hosts_are_dev(value: str) -> bool:
    hosts = [h for h in re.split(r"[\s,;]+", value.strip().strip("[]").replace('"', "").replace("'", "")) if h]
    return bool(hosts) and all(h.lower() in LOCAL_HOSTS for h in hosts)


def development(var: EnvVar) -> Rule | None:
    """The rule this variable's compose value breaks, if any (secret-looking and rewired variables are not judged)."""
    rule = _BY_NAME.get(var.name.upper())
    if rule is None or var.value is None or var.secret or var.override is not None:
        return None
    value = var.value.strip()
    if rule.dev is None:
        return rule if _hosts_are_dev(value) else None
    return rule if value.lower() in rule.dev else None


def flag(env: tuple[EnvVar, ...], warnings: list[str]) -> tuple[tuple[EnvVar, ...], list[str]]:
    """Mark each development setting on its EnvVar (`advice`, shown in the env file) and add one warning for the
    app naming every one with the value to set. The values shown come from the rules' own vocabulary."""
    out, found = [], []
    for var in env:
        rule = development(var)
        if rule is None:
            out.append(var)
            continue
        advice = f"development setting ({rule.why}): set {var.name} to {rule.set_to} in production"
        out.append(replace(var, advice=advice))
        found.append(f"{var.name}={var.value.strip()} (set {rule.set_to})")
    if found:
        warnings = warnings + ["development settings carried over from compose: " + "; ".join(found)
                               + " — the values are kept as compose had them; change them before going live"]
    return tuple(out), warnings
