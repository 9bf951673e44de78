#!/usr/bin/env python3
"""CustomResourceDefinition YAML → kubeconform JSON schemas, `<outdir>/<group>/<kind>_<version>.json`.

The conventions of the datreeio/CRDs-catalog files (the ones kubeconform users fetch), so that -strict means the same
for c2p's packaged schemas: each served version's `openAPIV3Schema`; `additionalProperties: false` added to every
nested object that declares `properties` (not the root, not where the CRD sets `additionalProperties` or
`x-kubernetes-preserve-unknown-fields`); `x-kubernetes-int-or-string` becomes `oneOf: [string, integer]` unless the
CRD already spells the choice with `anyOf` (controller-gen does), which is then kept as it is.

Usage (how schemas/crds/ was made; record the source in schemas/crds/SOURCES.md):
    git -C <operator repo> show <tag>:<path>/<crd>.yaml > /tmp/crd.yaml
    python tools/crd2jsonschema.py schemas/crds /tmp/crd.yaml …
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def convert(node, root: bool = False):
    if isinstance(node, list):
        return [convert(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: convert(v) for k, v in node.items()}
    if out.get("x-kubernetes-int-or-string") and "anyOf" not in out:
        out.pop("type", None)
        out["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    if ("properties" in out and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields") and not root):
        out["additionalProperties"] = False
    return out


def schemas(crd: dict) -> dict[str, dict]:
    """{"<group>/<kind>_<version>.json": schema} for every served version of one CRD."""
    spec = crd["spec"]
    kind = spec["names"]["kind"].lower()
    return {f"{spec['group']}/{kind}_{v['name']}.json": convert(v["schema"]["openAPIV3Schema"], root=True)
            for v in spec["versions"] if v.get("served", True)}


def main(outdir: str, files: list[str]) -> None:
    for file in files:
        for doc in yaml.safe_load_all(Path(file).read_text(encoding="utf-8")):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            for rel, schema in schemas(doc).items():
                path = Path(outdir) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
                print(path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
