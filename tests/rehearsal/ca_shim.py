"""`python -m tests.rehearsal.ca_shim generate …`: c2p's CLI with the k8s server side's CA contract applied where the
branch that sets it is not merged yet — every TLS resource of the k8s target (CloudNativePG, redis-operator, Vault)
gets `settings["ca_file"] = tls.CA_FILE` (targets/k8s/tls.py) unless its decide already set one. Once the server side
sets it itself this changes nothing. The app side (env, CA mount) is c2p's own output either way."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import generator.targets.k8s as k8s
from generator.targets.k8s import tls

_decide = k8s._K8sTarget.decide


def _with_ca(self, resource, options):
    res = _decide(self, resource, options)
    if res.mapping in ("cnpg", "redis-operator", "vault-helm") and res.settings.get("tls") and "ca_file" not in res.settings:
        res = dataclasses.replace(res, settings=MappingProxyType({**res.settings, "ca_file": tls.CA_FILE}))
    return res


k8s._K8sTarget.decide = _with_ca

if __name__ == "__main__":
    from generator.cli import main

    main()
