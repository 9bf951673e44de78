"""A tiny stand-in target for plan tests: decides like a managed cloud (TLS, auth, a Vault namespace)."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from generator.plan.model import Decision

MAPPINGS = {"postgres": "fake-pg", "timescaledb": "fake-tsdb", "redis": "fake-cache", "vault": "fake-vault"}


class _Mapping:
    """The fake target's one mapping per kind (generator/mapping.py), deciding through FakeTarget.decide."""

    def __init__(self, target, kind):
        self.target, self.kinds, self.name, self.title = target, (kind,), MAPPINGS.get(kind, f"fake-{kind}"), kind

    def decide(self, resource, rec):
        return self.target.decide(resource, rec.options)


class FakeTarget:
    """Keeps the Target protocol (generator/targets/__init__.py): choose, decide_apps, adopts_unknown_stateful."""

    name = "fake"
    adopts_unknown_stateful = False
    not_mapped = {}
    kinds = tuple(MAPPINGS)  # what it maps

    def choose(self, resource, options):
        from generator.mapping import NotMapped

        if resource.kind not in self.kinds:
            self.seen.append((resource, dict(options)))
            return NotMapped(resource.kind, f"fake does not map {resource.kind}")
        return _Mapping(self, resource.kind)

    def decide_apps(self, plan, project, classification):
        return plan

    def __init__(self, tls=True, auth=True, namespace="admin", username=None):
        self.settings = {"tls": tls, "auth": auth, "namespace": namespace, "username": username, "sslmode": "require"}
        self.seen = []

    def decide(self, resource, options):
        self.seen.append((resource, dict(options)))
        if resource.kind not in MAPPINGS:
            return replace(resource, mapping="unsupported", warnings=(f"fake does not map {resource.kind}",))
        settings = {"tls": self.settings["tls"]}
        if resource.kind == "redis":
            settings.update(auth=self.settings["auth"], username=self.settings["username"])
        if resource.kind == "vault":
            settings["namespace"] = self.settings["namespace"]
        if resource.kind in ("postgres", "timescaledb"):
            settings["sslmode"] = "require"
        settings.update(options)
        return replace(resource, mapping=MAPPINGS[resource.kind], settings=MappingProxyType(settings),
                       decisions=resource.decisions + (Decision("tls", settings["tls"], "fake always encrypts"),))

    def render(self, plan):
        return {}


def build_with(project, classification, target=None):
    from generator.plan.build import build

    fake = target or FakeTarget()
    return build(project, classification, "fake", get_target=lambda name: fake)
