"""Derived provider data: every AWS resource's and data source's arguments (AWS provider 6.25).

Read from the `.jsii` type file of the npm package @cdktf/provider-aws (installed by `make tools` into
TOOLS_DIR/node, or named by $C2P_PROVIDER_AWS_JSII). It is data derived from the provider's schema, not the
provider itself: it proves argument names and required arguments, not types or values. The 130 MB file
is reduced once to TOOLS_DIR/derived/provider-aws-<version>.json.

    spec = resource("aws_db_instance")        # KeyError for an unknown type
    spec.arguments["instance_class"]          # Argument(required=True, block=None)
    spec.required                             # frozenset of required argument names
    block("aws_db_instance", "timeouts")      # a nested block's ResourceSpec ("a.b" for deeper ones)
    check_arguments("aws_db_instance", body)  # problems (str) of one block body in hcl2json's JSON form
    attribute_types("aws_db_instance")        # {"address": "string", "port": "number", ...}: every attribute a
                                              # reference can read, as a Terraform type constraint
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from generator.validate.aws_types import LINK, attributes_of
from generator.validate.tools import tools_dir

SOURCE = "derived provider data"
# Terraform meta-arguments and blocks: valid on every resource, never in a provider's schema.
META = frozenset({"count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"})
_CACHE_FORMAT = 2


class DataUnavailable(Exception):
    """The .jsii file is not installed (reason in the message)."""


@dataclass(frozen=True)
class Argument:
    required: bool
    block: str | None = None  # key of the nested block's struct, None for a plain argument


@dataclass(frozen=True)
class Problem:
    path: tuple[str, ...]  # argument path inside the block, e.g. ("timeouts", "create")
    message: str
    missing: bool = False  # a required argument that is not set (so it has no line of its own)

    def __str__(self) -> str:
        return f"{'.'.join(self.path)}: {self.message}"


@dataclass(frozen=True)
class ResourceSpec:
    type: str
    section: str  # "resource" | "data"
    arguments: MappingProxyType  # name -> Argument

    @property
    def required(self) -> frozenset[str]:
        return frozenset(name for name, arg in self.arguments.items() if arg.required)

    def nested(self, name: str) -> ResourceSpec:
        arg = self.arguments[name]
        if arg.block is None:
            raise KeyError(f"{self.type}.{name} is an argument, not a block")
        return _spec(f"{self.type}.{name}", self.section, arg.block)


def jsii_path() -> Path:
    default = tools_dir() / "node" / "node_modules" / "@cdktf" / "provider-aws" / ".jsii"
    return Path(os.environ.get("C2P_PROVIDER_AWS_JSII") or default)


def _package_versions(jsii: Path) -> tuple[str, str]:
    """(npm package version, AWS provider version) from the package.json next to the .jsii."""
    try:
        meta = json.loads((jsii.parent / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unknown", "unknown"
    return str(meta.get("version", "unknown")), str(((meta.get("cdktf") or {}).get("provider") or {}).get("version", "unknown"))


def _struct_of(types: dict, typ: dict) -> str | None:
    if "fqn" in typ and types.get(typ["fqn"], {}).get("kind") == "interface":
        return typ["fqn"]
    if "collection" in typ:
        return _struct_of(types, typ["collection"]["elementtype"])
    for t in typ.get("union", {}).get("types", []):
        if found := _struct_of(types, t):
            return found
    return None


def _reduce(types: dict) -> dict:
    """{"resource"|"data": {type: struct}, "structs": {struct: {arg: [required, struct|None]}}}."""
    structs: dict[str, dict] = {}

    def struct(fqn: str) -> str:
        if fqn not in structs:
            structs[fqn] = {}
            for prop in types[fqn].get("properties", []):
                docs = prop.get("docs", {})
                link = LINK.search(docs.get("summary", "") + " " + docs.get("remarks", ""))
                name = link.group(3) if link else re.sub(r"(?<!^)([A-Z])", r"_\1", prop["name"]).lower()
                nested = _struct_of(types, prop["type"])
                structs[fqn][name] = [not prop.get("optional", False), struct(nested) if nested else None]
        return fqn

    found: dict[str, dict] = {"resource": {}, "data": {}}
    attributes: dict[str, dict] = {"resource": {}, "data": {}}
    for fqn, t in sorted(types.items()):
        if t.get("kind") != "interface" or not fqn.endswith("Config") or fqn.count(".") != 2:
            continue
        for prop in t.get("properties", []):
            link = LINK.search(prop.get("docs", {}).get("summary", ""))
            if link:
                section = "resource" if link.group(1) == "resources" else "data"
                name = "aws_" + link.group(2)
                if name not in found[section]:
                    found[section][name] = struct(fqn)
                    attributes[section][name] = attributes_of(types, fqn.removesuffix("Config"), fqn)
                break
    return {**found, "structs": structs, "attributes": attributes}


@lru_cache(maxsize=1)
def data() -> dict:
    """The reduced data, built from the .jsii on first use and cached under TOOLS_DIR/derived/."""
    jsii = jsii_path()
    if not jsii.is_file():
        raise DataUnavailable(f"{jsii} is missing (run `make tools`: npm @cdktf/provider-aws)")
    package, provider = _package_versions(jsii)
    stat = jsii.stat()
    cache = tools_dir() / "derived" / f"provider-aws-{package}.json"
    key = [_CACHE_FORMAT, package, stat.st_size, int(stat.st_mtime)]
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached
    except (OSError, ValueError):
        pass
    reduced = {"key": key, "package": package, "provider": provider,
               **_reduce(json.loads(jsii.read_text(encoding="utf-8"))["types"])}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=cache.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(reduced, out)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache only costs time
    return reduced


def provider_version() -> str:
    return data()["provider"]


@lru_cache(maxsize=None)
def _spec(type_: str, section: str, struct: str) -> ResourceSpec:
    args = {name: Argument(bool(req), nested) for name, (req, nested) in data()["structs"][struct].items()}
    return ResourceSpec(type_, section, MappingProxyType(args))


def resource(type_: str, section: str = "resource") -> ResourceSpec:
    """A resource's (or, with section="data", a data source's) arguments; KeyError when it does not exist."""
    return _spec(type_, section, data()[section][type_])


def attribute_types(type_: str, section: str = "resource") -> dict[str, str]:
    """Every attribute a reference to this resource (or data source) can read, with its Terraform type
    constraint as derived from the provider data; KeyError for an unknown type."""
    return dict(data()["attributes"][section][type_])


def object_type(type_: str, section: str = "resource") -> str:
    """The Terraform object type of one instance of the resource: `object({arn = string, ...})`."""
    attrs = attribute_types(type_, section)
    return "object({" + ", ".join(f"{k} = {v}" for k, v in attrs.items()) + "})"


def data_source(type_: str) -> ResourceSpec:
    return resource(type_, "data")


def block(type_: str, path: str, section: str = "resource") -> ResourceSpec:
    """The nested block at dotted `path` inside a resource, e.g. block("aws_db_instance", "timeouts")."""
    spec = resource(type_, section)
    for name in path.split("."):
        spec = spec.nested(name)
    return spec


def problems(spec: ResourceSpec, body: dict, path: tuple[str, ...] = ()) -> list[Problem]:
    """Every unknown argument or block and every required argument not set, in one block body."""
    version = provider_version()
    out: list[Problem] = []
    given = set()
    for arg, value in body.items():
        if arg in META or arg.startswith("//"):
            continue
        if arg == "dynamic" and isinstance(value, dict):  # dynamic "name" { content { ... } }
            for name, blocks in value.items():
                given.add(name)
                contents = [c for b in _as_list(blocks) if isinstance(b, dict)
                            for c in _as_list(b.get("content", [])) if isinstance(c, dict)]
                out += _nested(spec, name, contents, path)
            continue
        given.add(arg)
        if arg not in spec.arguments:
            out.append(Problem((*path, arg), f"argument {arg!r} does not exist in AWS provider {version} ({SOURCE})"))
            continue
        if spec.arguments[arg].block is not None:
            out += _nested(spec, arg, [b for b in _as_list(value) if isinstance(b, dict)], path)
    for arg in sorted(spec.required - given):
        out.append(Problem((*path, arg), f"required argument {arg!r} is not set (AWS provider {version}, {SOURCE})",
                           missing=True))
    return out


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _nested(spec: ResourceSpec, name: str, bodies: list[dict], path: tuple[str, ...]) -> list:
    if name not in spec.arguments or spec.arguments[name].block is None:
        return [] if name in spec.arguments else \
            [Problem((*path, name), f"block {name!r} does not exist in AWS provider {provider_version()} ({SOURCE})")]
    inner = spec.nested(name)
    return [p for body in bodies for p in problems(inner, body, (*path, name))]


def check_arguments(type_: str, body: dict, section: str = "resource") -> list[str]:
    """Problems of one block body (hcl2json's JSON form): unknown type, unknown or missing arguments."""
    try:
        spec = resource(type_, section)
    except KeyError:
        return [f"no such {section} type {type_!r} in AWS provider {provider_version()} ({SOURCE})"]
    return [str(p) for p in problems(spec, body)]
