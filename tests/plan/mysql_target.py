"""A stand-in mapping of MySQL/MariaDB that provides plan/envmap.py's settings contract (tls, ca_file, ssl_mode,
optionally trust_bundle), for plan and rehearsal tests of the consumer templates."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from tests.plan.fake_target import FakeTarget


class MySqlTarget(FakeTarget):
    adopts_unknown_stateful = True  # WordPress, Ghost, Nextcloud hold files: run them as apps, as k8s does
    kinds = FakeTarget.kinds + ("mysql", "mariadb")

    def __init__(self, ca: str | None = "/etc/c2p/ca/ca.crt", ssl_mode: str = "VERIFY_IDENTITY", tls: bool = True,
                 bundle: str | None = None, **kw):
        super().__init__(**kw)
        self.ca, self.ssl_mode, self.mysql_tls, self.bundle = ca, ssl_mode, tls, bundle

    def decide(self, resource, options):
        if resource.kind in ("mysql", "mariadb"):
            s = {"tls": self.mysql_tls, "ca_file": self.ca, "ssl_mode": self.ssl_mode}
            if self.bundle:
                s["trust_bundle"] = self.bundle
            return replace(resource, mapping=f"fake-{resource.kind}", settings=MappingProxyType(s))
        return super().decide(resource, options)
