"""Checks of generated Terraform with real tools and derived provider data (used by the aws tests).

- hcl_parse: every .tf through HashiCorp's HCL parser (hcl2json, @cdktf/hcl2json) → its JSON form.
- jsii_problems: every aws_* resource/data source against the argument lists of AWS provider 6.25 as
  published in @cdktf/provider-aws's .jsii (derived data, not the provider: arguments that exist, required
  ones set, nested blocks recursively).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import TOOLS_DIR, require_tool

META = {"count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"}
_LINK = re.compile(r"docs/(resources|data-sources)/([a-z0-9_]+)#([a-z0-9_]+)")


def write_tree(root: Path, tree: dict[str, str]) -> Path:
    for rel, text in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def hcl_parse(paths: list[Path]) -> dict[str, dict]:
    """{path: JSON of the file} parsed by hcl2json; fails the test with the parser's message otherwise."""
    tool = require_tool("hcl2json")
    proc = subprocess.run([tool, *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"HCL parser rejected: {proc.stderr}"
    out = json.loads(proc.stdout)
    return {str(paths[0]): out} if len(paths) == 1 else out


def _jsii_file() -> Path:
    path = Path(os.environ.get("C2P_PROVIDER_AWS_JSII", TOOLS_DIR / "node" / "node_modules" / "@cdktf" / "provider-aws" / ".jsii"))
    if not path.exists():
        message = f"{path} is missing (run `make tools`: npm @cdktf/provider-aws)"
        if os.environ.get("C2P_REQUIRE_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def _struct(types: dict, typ: dict) -> str | None:
    if "fqn" in typ and types.get(typ["fqn"], {}).get("kind") == "interface":
        return typ["fqn"]
    if "collection" in typ:
        return _struct(types, typ["collection"]["elementtype"])
    for t in typ.get("union", {}).get("types", []):
        found = _struct(types, t)
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def aws_schema() -> dict:
    """{"resource"|"data": {type: schema}}, schema = {arg: (required, nested schema or None)}."""
    types = json.loads(_jsii_file().read_text(encoding="utf-8"))["types"]

    def schema(fqn: str, depth: int = 0) -> dict:
        out = {}
        for prop in types[fqn].get("properties", []):
            m = _LINK.search(prop["docs"].get("summary", "") + " " + prop["docs"].get("remarks", ""))
            name = m.group(3) if m else re.sub(r"(?<!^)([A-Z])", r"_\1", prop["name"]).lower()
            nested = _struct(types, prop["type"])
            out[name] = (not prop.get("optional", False), schema(nested, depth + 1) if nested and depth < 4 else None)
        return out

    found: dict[str, dict] = {"resource": {}, "data": {}}
    for fqn, t in types.items():
        if t.get("kind") != "interface" or not fqn.endswith("Config") or fqn.count(".") != 2:
            continue
        for prop in t.get("properties", []):
            m = _LINK.search(prop["docs"].get("summary", ""))
            if m:
                section = "resource" if m.group(1) == "resources" else "data"
                found[section].setdefault("aws_" + m.group(2), schema(fqn))
                break
    return found


def _check_block(where: str, body: dict, schema: dict, problems: list[str]) -> None:
    for arg, value in body.items():
        if arg in META or arg.startswith("//"):
            continue
        if arg not in schema:
            problems.append(f"{where}: argument {arg!r} does not exist in AWS provider 6.25")
            continue
        nested = schema[arg][1]
        if nested is not None:
            for block in value if isinstance(value, list) else [value]:
                if isinstance(block, dict):
                    _check_block(f"{where}.{arg}", block, nested, problems)
    for arg, (required, _nested) in schema.items():
        if required and arg not in body:
            problems.append(f"{where}: required argument {arg!r} is not set")


def jsii_problems(parsed: dict[str, dict]) -> tuple[list[str], int]:
    """Problems found, and how many aws_* blocks were checked."""
    schema = aws_schema()
    problems: list[str] = []
    checked = 0
    for path, doc in sorted(parsed.items()):
        for section in ("resource", "data"):
            for rtype, named in (doc or {}).get(section, {}).items():
                if not rtype.startswith("aws_"):
                    continue
                for name, bodies in named.items():
                    where = f"{Path(path).name}: {section} {rtype}.{name}"
                    if rtype not in schema[section]:
                        problems.append(f"{where}: no such {section} type in AWS provider 6.25")
                        continue
                    for body in bodies:
                        checked += 1
                        _check_block(where, body, schema[section][rtype], problems)
    return problems, checked
