"""The app chart's values.schema.json: every key typed and closed, so a typo in a user's values fails `helm lint`."""

from __future__ import annotations

from typing import Any

QUANTITY = {"type": ["string", "integer"]}
STRING, BOOL, INT = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
OBJ = {"type": "object"}
DNS_NAME = r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"


def closed(props: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        out["required"] = list(required)
    return out


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def _app() -> dict[str, Any]:
    env_ref = _list(closed({"name": STRING, "secretName": STRING, "key": STRING}, ("name", "secretName", "key")))
    composed = _list(closed({"name": STRING, "value": STRING}, ("name", "value")))
    image = closed({"repository": {"type": "string", "minLength": 1}, "tag": {"type": "string", "minLength": 1},
                    "digest": STRING, "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]}},
                   ("repository", "tag"))
    port = closed({"name": STRING, "containerPort": INT, "protocol": {"enum": ["TCP", "UDP", "SCTP"]}},
                  ("name", "containerPort"))
    mount = closed({"name": STRING, "mountPath": STRING, "subPath": STRING, "readOnly": BOOL}, ("name", "mountPath"))
    claim = closed({"name": STRING, "size": STRING, "storageClass": STRING, "accessModes": _list(STRING)},
                   ("name", "size", "accessModes"))
    resources = closed({"requests": {"type": "object", "additionalProperties": QUANTITY},
                        "limits": {"type": "object", "additionalProperties": QUANTITY}})
    pod = closed({"shareProcessNamespace": BOOL, "terminationGracePeriodSeconds": INT,
                  "nodeSelector": {"type": "object", "additionalProperties": STRING},
                  "tolerations": _list(closed({"key": STRING, "operator": {"enum": ["Exists", "Equal"]}, "value": STRING,
                                               "effect": STRING, "tolerationSeconds": INT})),
                  "hostAliases": _list(closed({"ip": STRING, "hostnames": _list(STRING)}, ("ip", "hostnames")))})
    container = closed({"workingDir": STRING, "lifecycle": OBJ})
    ingress = closed({"enabled": BOOL, "className": STRING, "host": STRING, "path": STRING, "port": INT,
                      "tlsSecret": STRING}, ("enabled", "port"))
    ingress["if"] = {"properties": {"enabled": {"const": True}}}
    ingress["then"] = {"properties": {"host": {"type": "string", "minLength": 1}}, "required": ["host"]}
    props = {
        "enabled": BOOL, "workload": {"enum": ["Deployment", "StatefulSet"]}, "image": image,
        "replicas": {"type": "integer", "minimum": 0}, "strategy": closed({"type": {"enum": ["RollingUpdate", "Recreate"]}}),
        "command": _list(STRING), "args": _list(STRING), "ports": _list(port),
        "env": {"type": "object", "additionalProperties": STRING}, "secretEnv": env_ref, "composedEnv": composed,
        "resources": resources,
        # host goes into the wait container's shell line: a DNS name only, so it is one word there
        "waitFor": _list(closed({"name": STRING, "host": {"type": "string", "pattern": DNS_NAME}, "port": INT},
                                ("name", "host", "port"))),
        "serviceAccount": closed({"automountToken": BOOL, "vaultRole": STRING}),
        "trustBundle": BOOL,  # an init container merges the system CAs and the release CA (targets/k8s/tls.py)
        "podSecurityContext": OBJ, "securityContext": OBJ,
        "readinessProbe": OBJ, "livenessProbe": OBJ, "startupProbe": OBJ,
        "backoffLimit": INT, "activeDeadlineSeconds": INT,
        "hook": {"enum": ["pre-install,pre-upgrade", "post-install,post-upgrade"]},
        "volumes": _list({"type": "object", "required": ["name"]}), "volumeMounts": _list(mount),
        "volumeClaimTemplates": _list(claim), "pod": pod, "container": container,
        "podAnnotations": {"type": "object", "additionalProperties": STRING},
        "network": closed({"publicPorts": _list(INT), "allowFrom": _list(STRING), "allowRelease": BOOL,
                           "allowReleaseAnyPort": BOOL, "egress": {"enum": ["namespace"]}}),
        "ingress": ingress,
        "checkovSkips": {"type": "object", "additionalProperties": STRING},
    }
    return closed(props, ("enabled", "image", "resources", "serviceAccount"))


def schema() -> dict[str, Any]:
    app = _app()
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": False,
        "required": ["defaults", "apps", "jobs"],
        "properties": {
            "global": closed({"imagePullSecrets": _list(OBJ)}),
            "defaults": closed({"podSecurityContext": OBJ, "securityContext": OBJ, "waitImage": STRING},
                               ("podSecurityContext", "securityContext", "waitImage")),
            "apps": {"type": "object", "additionalProperties": app},
            "jobs": {"type": "object", "additionalProperties": app},
            "configMaps": {"type": "object", "additionalProperties": closed(
                {"files": {"type": "object", "additionalProperties": STRING}, "hook": BOOL}, ("files",))},
            "persistentVolumeClaims": {"type": "object", "additionalProperties": closed(
                {"size": STRING, "storageClass": STRING, "accessModes": _list(STRING)}, ("size", "accessModes"))},
        },
    }
