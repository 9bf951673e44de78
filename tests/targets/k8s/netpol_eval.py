"""A small evaluator of Kubernetes NetworkPolicy ingress, as the API documents it
(kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected by no policy admits everything; a
selected pod admits a connection when some rule of some selecting policy matches the peer (podSelector alone: same
namespace as the policy; namespaceSelector alone: any pod of the matching namespaces; both: both) and the port
(no `ports`: every port). Namespaces carry their `kubernetes.io/metadata.name` label."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class Pod:
    labels: dict[str, str]
    namespace: str = "app"
    extra: dict[str, str] = field(default_factory=dict)


def _selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return True
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or ():
        value = labels.get(e["key"])
        op = e["operator"]
        if op == "In" and value not in e["values"]:
            return False
        if op == "NotIn" and value in e["values"]:
            return False
        if op == "Exists" and e["key"] not in labels:
            return False
        if op == "DoesNotExist" and e["key"] in labels:
            return False
    return True


def _peer(peer: dict[str, Any], source: Pod, policy_ns: str) -> bool:
    pod_sel, ns_sel = peer.get("podSelector"), peer.get("namespaceSelector")
    if "ipBlock" in peer:
        return False
    if ns_sel is None:
        return source.namespace == policy_ns and _selects(pod_sel, source.labels)
    return _selects(ns_sel, {"kubernetes.io/metadata.name": source.namespace}) and _selects(pod_sel, source.labels)


def admits(policies: list[dict[str, Any]], target: Pod, source: Pod, port: int) -> bool:
    selecting = [p for p in policies if p["kind"] == "NetworkPolicy"
                 and "Ingress" in p["spec"].get("policyTypes", ["Ingress"])
                 and _selects(p["spec"]["podSelector"], target.labels)]
    if not selecting:
        return True
    for p in selecting:
        for rule in p["spec"].get("ingress") or ():
            peers = rule.get("from")
            ports = rule.get("ports")
            if ports and not any(pp.get("port") == port for pp in ports):
                continue
            if not peers or any(_peer(peer, source, target.namespace) for peer in peers):
                return True
    return False


def load(text: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(text) if d]


def helm_template(helm: str, chart_dir: str, release: str) -> list[dict[str, Any]]:
    out = subprocess.run([helm, "template", release, chart_dir, "-n", "app"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return load(out)


def pod_labels(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, str]:
    obj = next(o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)
    return dict(obj["spec"]["template"]["metadata"]["labels"])
