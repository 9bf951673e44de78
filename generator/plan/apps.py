"""An app service as a workload: image, ports, command, probes, resources, and its env with overrides."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Mapping
from urllib.parse import urlsplit

from generator.classify.model import ServiceInfo
from generator.classify.secrets import has_secret, is_secret_name, mask_args, mask_text
from generator.model import Healthcheck, Port, Resources, Service
from generator.numbers import ascii_uint
from generator.plan import devsettings
from generator.plan.clients import runtime
from generator.plan.envmap import added_namespace, engine_family, override_for
from generator.plan.urls import dropped_note
from generator.plan.model import App, EnvVar, Resource, databases
from generator.plan import mysqlenv, proxies, wpredis
from generator.plan.splitenv import added_env

_PATH = re.compile(r"/[\w.@+-]+(?:/[\w.@+-]+)*/?")  # an absolute file path: where a secret is, never the secret
_PATH_VAR = re.compile(r"_(FILE|PATH|DIR|FILENAME)$", re.I)


def _plain(name: str, value: str | None, secrets: frozenset[str], secret_paths: tuple[str, ...] = ()) -> EnvVar:
    if value is None:
        return EnvVar(name=name)
    path_var = bool(_PATH_VAR.search(name)) and bool(_PATH.fullmatch(value))
    if (value in secret_paths or path_var) and mask_text(value, secrets) == value:
        return EnvVar(name=name, value=value)  # POSTGRES_PASSWORD_FILE=/run/secrets/x: a path, not a secret
    if has_secret(name, value) or mask_text(value, secrets) != value:
        return EnvVar(name=name, secret=True)
    return EnvVar(name=name, value=value)


def secret_paths(svc: Service) -> tuple[str, ...]:
    """Where compose mounts this service's secrets (/run/secrets/<name> unless a target is set)."""
    return tuple(ref.target if ref.target and ref.target.startswith("/") else f"/run/secrets/{ref.target or ref.source}"
                 for ref in svc.secrets)


def _expose(svc: Service) -> tuple[Port, ...]:
    """`expose` entries as unpublished ports (reachable from other services only), after the published ones."""
    seen = {(p.target, p.protocol) for p in svc.ports}
    out = []
    for spec in svc.expose:
        text, _, proto = str(spec).partition("/")
        lo, _, hi = text.partition("-")
        first, last = ascii_uint(lo), ascii_uint(hi or lo)  # not str.isdigit(): '²' is a digit to it
        if first is None or last is None or last > 65535:
            continue
        for number in range(first, last + 1):
            if (number, proto or "tcp") not in seen:
                seen.add((number, proto or "tcp"))
                out.append(Port(target=number, protocol=proto or "tcp"))
    return tuple(out)


def _env(svc: Service, info: ServiceInfo, resources: Mapping[str, Resource], target: str,
         secrets: frozenset[str], stateful: set[str]) -> tuple[tuple[EnvVar, ...], list[str]]:
    uses = {u.env: u for u in info.consumes}
    paths = secret_paths(svc)
    out, warnings = [], []
    rt = runtime(svc.image, svc.command or svc.entrypoint or (), svc.environment)
    added, notes = added_env(svc, info, resources, rt)
    warnings += notes
    for name, value in sorted(svc.environment.items()):
        if name in added:
            continue
        use = uses.get(name)
        res = resources.get(use.target) if use else None
        override = override_for(use, res, value or "", target, rt, svc.environment, svc.image) if use and res else None
        if override is not None:
            out.append(EnvVar(name=name, secret=override.secret or is_secret_name(name), override=override))
            if use.role == "url" and override.action == "set":
                engine = engine_family(res.kind)
                note = dropped_note(value or "", engine) if engine in ("postgres", "redis", "mysql") else ""
                if note:
                    warnings.append(f"{name}:{note}")
            other = _other_role(use, value or "", res)
            if other:
                warnings.append(f"{name} connected to {use.target} as {other!r} in compose; in production it uses the "
                                f"{res.name} owner {databases(res)[0].owner!r}: create that role and its grants if the "
                                "app relies on it")
            continue
        if use is not None and use.target in stateful:  # not when the target runs the service as an app
            warnings.append(f"{name} points at {use.target}, which this plan does not provision: set it by hand")
        out.append(_plain(name, value, secrets, paths))
    vaults = [resources[t] for t in sorted({u.target for u in info.consumes})
              if t in resources and resources[t].kind == "vault"]
    if vaults and "VAULT_NAMESPACE" not in uses:
        # HCP-style namespaces: add the var, or fill the one compose left empty
        out = [v for v in out if v.name != "VAULT_NAMESPACE"]
        if vaults[0].settings.get("namespace"):
            out.append(EnvVar(name="VAULT_NAMESPACE", override=added_namespace(vaults[0])))
        elif "VAULT_NAMESPACE" in svc.environment:
            out.append(_plain("VAULT_NAMESPACE", svc.environment["VAULT_NAMESPACE"], secrets))
    out = [v for v in out if v.name not in added] + list(added.values())
    out, notes = wpredis.rewire(out, resources, rt)  # WordPress's WP_REDIS_* defines in PHP (WORDPRESS_CONFIG_EXTRA)
    warnings += notes
    out, notes = mysqlenv.wordpress_tls(out, svc, info, resources)  # and its MySQL TLS flags there
    warnings += notes
    return tuple(sorted(out, key=lambda v: v.name)), warnings


def _resources(svc: Service) -> Resources:
    """deploy.resources, completed by the service-level mem_limit / cpus / mem_reservation Compose also accepts."""
    res = svc.deploy.resources if svc.deploy else Resources()
    raw = svc.raw

    def number(key: str) -> float | None:
        try:
            value = float(raw.get(key))  # sizes are normalized to byte strings, cpus to a number
        except (TypeError, ValueError):
            return None
        return value if value > 0 else None

    mem, cpus, rsv = number("mem_limit"), number("cpus"), number("mem_reservation")
    return replace(res, memory_limit=res.memory_limit or (int(mem) if mem else None),
                   cpus_limit=res.cpus_limit or (float(cpus) if cpus else None),
                   memory_reservation=res.memory_reservation or (int(rsv) if rsv else None))


def _other_role(use, value: str, res: Resource) -> str | None:
    """The database user a consumer var named in compose, when it is not the resource's owner (Supabase's
    services each log in as their own role; the plan wires them all to the one owner)."""
    if not databases(res) or use.role not in ("url", "user"):
        return None
    if use.role == "user":
        user = value.strip()
    else:
        try:
            user = urlsplit(re.sub(r"^jdbc:", "", value, flags=re.I)).username or ""
        except ValueError:
            user = ""
    if not user or "{" in user or "$" in user:
        return None
    db = databases(res)[0]
    return user if user not in (db.owner, db.source_owner) else None


def _masked(words: tuple[str, ...] | None, secrets: frozenset[str]) -> tuple[str, ...] | None:
    return None if words is None else mask_args(words, secrets)


def build_app(svc: Service, info: ServiceInfo, resources: Mapping[str, Resource], target: str, working_dir: str,
              secrets: frozenset[str], stateful: set[str]) -> App:
    info, unread = proxies.unused(svc, info)  # a reverse proxy gets no database credentials from a shared env_file
    env, warnings = devsettings.flag(*_env(svc, info, resources, target, secrets, stateful))
    env = tuple(unread.get(v.name, v) for v in env)
    consumed = {u.target for u in info.consumes}
    for dep in sorted(d.service for d in svc.depends_on):
        if dep in stateful and dep not in consumed:
            warnings.append(f"depends on {dep} but no env var points at it: c2p cannot rewire how it connects")
    health = None
    if svc.healthcheck is not None:
        h = svc.healthcheck
        health = Healthcheck(test=_masked(h.test, secrets) or (), interval=h.interval, timeout=h.timeout,
                             retries=h.retries, start_period=h.start_period, start_interval=h.start_interval,
                             disable=h.disable)
    context = None
    if svc.build is not None:
        ctx = svc.build.context
        context = os.path.relpath(ctx, working_dir) if os.path.isabs(ctx) else ctx
    deploy = svc.deploy
    return App(
        name=svc.name,
        image=svc.image,
        build_context=context,
        command=_masked(svc.command, secrets),
        entrypoint=_masked(svc.entrypoint, secrets),
        ports=svc.ports + _expose(svc),
        healthcheck=health,
        resources=_resources(svc),
        replicas=(deploy.replicas if deploy and deploy.replicas is not None else 1),
        job=info.job,
        env=env,
        depends_on=svc.depends_on,
        profiles=svc.profiles,
        warnings=tuple(f"{svc.name}: {w}" for w in warnings),
    )
