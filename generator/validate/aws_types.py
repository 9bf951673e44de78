"""Attribute types of the AWS provider's resources, derived from @cdktf/provider-aws's .jsii (aws_schema.py reads it):
every getter of a resource's cdktf class is an attribute a reference can read; its jsii type gives the Terraform
type constraint that `tofu_partial` declares for a stand-in of the resource."""

from __future__ import annotations

import re

LINK = re.compile(r"docs/(resources|data-sources)/([a-z0-9_]+)#([a-z0-9_]+)")

# Getter types (cdktf's classes) → Terraform type constraints. cdktf types a computed boolean as a bare
# IResolvable; it does not tell a list from a set, nor a one-element list block from an object (OutputReference):
# those become list(...) and `any` (references into them are then checked only by name).
_CDKTF = {"cdktf.IResolvable": "bool", "cdktf.StringMap": "map(string)", "cdktf.NumberMap": "map(number)",
          "cdktf.BooleanMap": "map(bool)", "cdktf.AnyMap": "map(any)", "cdktf.StringMapList": "list(map(string))",
          "cdktf.NumberMapList": "list(map(number))", "cdktf.BooleanMapList": "list(map(bool))",
          "cdktf.AnyMapList": "list(map(any))", "cdktf.StringListList": "list(list(string))",
          "cdktf.NumberListList": "list(list(number))", "cdktf.BooleanList": "list(bool)"}
_PRIMITIVE = {"string": "string", "number": "number", "boolean": "bool", "any": "any", "json": "any", "date": "string"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _hcl_type(types: dict, typ: dict, seen: frozenset[str]) -> str:
    if "primitive" in typ:
        return _PRIMITIVE.get(typ["primitive"], "any")
    if "collection" in typ:
        inner = _hcl_type(types, typ["collection"]["elementtype"], seen)
        return f"{'map' if typ['collection']['kind'] == 'map' else 'list'}({inner})"
    if "union" in typ:
        kinds = [t for t in typ["union"]["types"] if t.get("fqn") != "cdktf.IResolvable"]
        return _hcl_type(types, kinds[0], seen) if len(kinds) == 1 else "any"
    fqn = typ.get("fqn", "")
    if fqn in _CDKTF:
        return _CDKTF[fqn]
    cls = types.get(fqn, {})
    if fqn in seen or cls.get("kind") != "class":
        return "any"
    base = cls.get("base", "")
    element = next((m.get("returns", {}).get("type", {}) for m in cls.get("methods", []) if m["name"] == "get"), {})
    if base in ("cdktf.ComplexList", "cdktf.ComplexMap") and element.get("fqn") in types:
        inner = _object_type(types, element["fqn"], None, seen | {fqn})
        return f"{'map' if base == 'cdktf.ComplexMap' else 'list'}({inner})"
    return "any"  # an OutputReference: a one-element list block or an object, cdktf does not say which


def attributes_of(types: dict, class_fqn: str, config_fqn: str | None, seen: frozenset[str] = frozenset()) -> dict:
    """{attribute: type constraint} of every getter of a cdktf class (arguments and computed attributes alike);
    names from the config struct's documentation links where it has them (cdktf renames a few)."""
    names = {}
    for prop in types.get(config_fqn or "", {}).get("properties", []):
        link = LINK.search(prop.get("docs", {}).get("summary", ""))
        if link:
            names[prop["name"]] = link.group(3)
    props = [p for p in types.get(class_fqn, {}).get("properties", []) if not p.get("static")]
    own = {p["name"] for p in props}
    out = {}
    for prop in props:
        name = prop["name"]
        if name == "internalValue" or (name.endswith("Input") and name[:-5] in own):
            continue
        out[names.get(name, _snake(name))] = _hcl_type(types, prop["type"], seen | {class_fqn})
    return dict(sorted(out.items()))


def _object_type(types: dict, class_fqn: str, config_fqn: str | None, seen: frozenset[str]) -> str:
    attrs = attributes_of(types, class_fqn, config_fqn, seen)
    return "object({" + ", ".join(f"{k} = {v}" for k, v in attrs.items()) + "})" if attrs else "any"
