"""A derived copy of a Terraform root module without its AWS blocks, for `tofu validate` with the real providers
that can be built here (hcp, timescale, random): the AWS provider's binary cannot (>1 GB).

What changes in the copy, and nothing else (every other line is byte for byte the same, and every line keeps
its number, so tofu's findings point at the original file and line):

- `resource`/`data`/`ephemeral` blocks of an `aws_*` type, `provider "aws"` blocks and the `hashicorp/aws` entry
  of `required_providers` are taken out. Their arguments are checked elsewhere, against derived provider data
  (aws_args.py). Each one is replaced, on the same lines, by a `locals` block listing every reference it makes
  (`hcp_hvn.vault.cidr_block`, `var.vpc_id`, …), so that tofu still resolves and type-checks those.
- Every reference to a removed object (`aws_db_instance.main`, `data.aws_vpc.app`) becomes a variable of the
  object's type as derived from the provider data (`object({address = string, port = number, …})`, a list of
  them with `count`, a map with `for_each`), so that attribute names and types are still checked by tofu.
  A reference to an AWS object that is not declared is left as written: tofu reports it.
- `depends_on`/`replace_triggered_by` entries naming a removed object are dropped (they order, not type).

Nothing is faked: no provider, no schema is invented; the copy only lacks what cannot be loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.validate.hcl_scan import Item, Token, items, line_of, tokens, traversals

AWS_SOURCE = "hashicorp/aws"
STANDINS = "c2p_aws_standins.tf"
_NOT_ROOTS = frozenset({"each", "count", "self", "path", "terraform"})
_ORDER_ONLY = frozenset({"depends_on", "replace_triggered_by"})
_ADDRESSING = frozenset({"import", "moved", "removed"})  # blocks whose references are addresses, not values


@dataclass
class Removed:
    address: str  # "aws_db_instance.main" or "data.aws_vpc.app"
    section: str  # "resource" | "data"
    type: str
    name: str
    repeat: str | None  # "count" | "for_each" | None


@dataclass
class Derived:
    files: dict[str, str]  # file name → text of the copy
    removed: list[Removed] = field(default_factory=list)
    standins: list[str] = field(default_factory=list)  # addresses referenced from the rest, now variables
    untyped: list[str] = field(default_factory=list)  # addresses whose type the provider data does not know


def _is_aws_block(item: Item) -> bool:
    if item.kind != "block":
        return False
    if item.name in ("resource", "data", "ephemeral") and item.labels and item.labels[0].startswith("aws_"):
        return True
    return item.name == "provider" and bool(item.labels) and item.labels[0] == "aws"


def _repeat(item: Item) -> str | None:
    names = {i.name for i in items(item.body) if i.kind == "attribute"}
    return "for_each" if "for_each" in names else ("count" if "count" in names else None)


def _var_name(r: Removed) -> str:
    return f"c2p__{r.section}__{r.type}__{r.name}"


def derive(sources: dict[str, str]) -> Derived:
    """The copy of the root module whose files (name → text) are `sources`."""
    parsed = {name: (text, tokens(text)) for name, text in sorted(sources.items())}
    tops = {name: items(toks) for name, (text, toks) in parsed.items()}
    removed: dict[tuple[str, ...], Removed] = {}
    declared_types = {"var", "local", "module", "data"}
    for top in tops.values():
        nested = [i for c in top if c.kind == "block" and c.name == "check" for i in items(c.body)]
        for item in top + nested:
            if item.kind == "block" and item.name == "resource" and item.labels and not _is_aws_block(item):
                declared_types.add(item.labels[0])
            if _is_aws_block(item) and item.name != "provider" and len(item.labels) >= 2:
                section = "data" if item.name == "data" else "resource"
                key = (("data",) if section == "data" else ()) + (item.labels[0], item.labels[1])
                removed[key] = Removed(".".join(key), section, item.labels[0], item.labels[1], _repeat(item))
    derived = Derived(files={}, removed=list(removed.values()))
    used: set[tuple[str, ...]] = set()

    def target(parts: tuple[str, ...]) -> tuple[tuple[str, ...], int] | None:
        """(key of the removed object, number of parts it spans) for a traversal naming one."""
        if parts[0] == "data" and len(parts) >= 3 and tuple(parts[:3]) in removed:
            return tuple(parts[:3]), 3
        if parts[0].startswith("aws_") and tuple(parts[:2]) in removed:
            return tuple(parts[:2]), 2
        return None

    def rewritten(parts: tuple[str, ...]) -> str:
        hit = target(parts)
        if hit is None:
            return ".".join(parts)
        used.add(hit[0])
        return ".".join(("var", _var_name(removed[hit[0]])) + parts[hit[1]:])

    for name, (text, toks) in parsed.items():
        edits: list[tuple[int, int, str]] = []
        for item in tops[name]:
            if _is_aws_block(item):
                edits.append((item.start, item.end, _references_block(text, item, declared_types, rewritten, name)))
            elif item.kind == "block" and item.name == "terraform":
                edits += _drop_aws_requirement(text, item)
            elif item.kind == "block" and item.name in _ADDRESSING and any(
                    target(t.parts) or t.parts[0].startswith("aws_") for t in traversals(item.toks)):
                edits.append((item.start, item.end, "\n" * text.count("\n", item.start, item.end)))
            elif item.kind == "block" and item.name == "check":  # a scoped aws data source inside it
                edits += [(i.start, i.end, "\n" * text.count("\n", i.start, i.end)) for i in items(item.body)
                          if _is_aws_block(i)]
                edits += _order_only_edits(text, item, target)
            else:
                edits += _order_only_edits(text, item, target)
        covered = sorted((s, e) for s, e, _ in edits)
        for trav in traversals(toks):
            hit = target(trav.parts)
            if hit is None or any(s <= trav.start < e for s, e in covered):
                continue
            edits.append((trav.start, trav.ends[hit[1] - 1], rewritten(trav.parts[:hit[1]])))
        derived.files[name] = _apply(text, edits)
    derived.standins = [removed[k].address for k in sorted(used)]
    if used:
        derived.files[STANDINS] = _standins([removed[k] for k in sorted(used)], derived)
    return derived


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _references_block(text: str, item: Item, roots: set[str], rewritten, file: str) -> str:
    """A `locals` block on the removed block's lines, with each reference it made on its own line."""
    first, last = line_of(text, item.start), line_of(text, item.end)
    by_line: dict[int, list[str]] = {}
    for trav in traversals(item.toks):
        root = trav.parts[0]
        if root in _NOT_ROOTS or not (root in roots or root.startswith("aws_")):
            continue
        if root == "data" and len(trav.parts) < 3:
            continue
        by_line.setdefault(line_of(text, trav.start), []).append(rewritten(trav.parts))
    if not by_line:
        return "\n" * (last - first)
    stem = f"c2p_refs_{Path(file).stem.replace('.', '_').replace('-', '_')}_{first}"
    if first == last:
        refs = [r for line in sorted(by_line) for r in by_line[line]]
        return f"locals {{ {stem} = [{', '.join(refs)}] }}"
    lines = ["locals {"]
    for line in range(first + 1, last):
        refs = by_line.get(line, [])
        lines.append(f"  {stem}_{line} = [{', '.join(refs)}]" if refs else "")
    lines.append("}")
    return "\n".join(lines)


def _drop_aws_requirement(text: str, terraform: Item) -> list[tuple[int, int, str]]:
    """Blank the `required_providers` entry whose source is hashicorp/aws (keeping its lines)."""
    edits = []
    for block in items(terraform.body):
        if block.kind != "block" or block.name != "required_providers":
            continue
        for entry in items(block.body):
            strings = [t.text.strip('"').lower() for t in entry.toks if t.kind == "string"]
            if entry.kind == "attribute" and any(s in (AWS_SOURCE, f"registry.opentofu.org/{AWS_SOURCE}",
                                                       f"registry.terraform.io/{AWS_SOURCE}") for s in strings):
                edits.append((entry.start, entry.end, "\n" * text.count("\n", entry.start, entry.end)))
    return edits


def _order_only_edits(text: str, item: Item, target) -> list[tuple[int, int, str]]:
    """`depends_on = [...]` / `replace_triggered_by = [...]` without the removed objects, on the same lines."""
    if item.kind != "block":
        return []
    edits = []
    for inner in items(item.body):
        if inner.kind == "block":
            edits += _order_only_edits(text, inner, target)
        elif inner.name in _ORDER_ONLY and any(target(t.parts) for t in traversals(inner.toks)):
            kept = _elements(text, inner.toks, target)
            edits.append((inner.start, inner.end, f"{inner.name} = [{', '.join(kept)}]"
                          + "\n" * text.count("\n", inner.start, inner.end)))
    return edits


def _elements(text: str, toks: list[Token], target) -> list[str]:
    """The list elements (as written) of `name = [a, b]` that do not name a removed object."""
    inside = toks[3:-1] if len(toks) >= 4 and toks[2].text == "[" else []
    out, current = [], []
    for t in inside + [Token("punct", ",", 0, 0)]:
        if t.kind == "punct" and t.text == ",":
            written = text[current[0].start:current[-1].end] if current else ""
            travs = traversals(current)
            if written and not (travs and target(travs[0].parts)):
                out.append(written)
            current = []
        elif t.kind != "newline":
            current.append(t)
    return out


def _standins(objects: list[Removed], derived: Derived) -> str:
    from generator.validate import aws_schema

    out = ["# c2p validate: stand-ins for the AWS objects the rest of the configuration refers to (typed from",
           f"# derived provider data; the AWS provider itself is not loaded here). Not part of the output.", ""]
    for r in objects:
        try:
            typ = aws_schema.object_type(r.type, r.section)
        except (KeyError, aws_schema.DataUnavailable):
            typ = "any"
            derived.untyped.append(r.address)
        if r.repeat == "count":
            typ = f"list({typ})"
        elif r.repeat == "for_each":
            typ = f"map({typ})"
        out += [f'variable "{_var_name(r)}" {{', f'  description = "stands for {r.address}"', f"  type = {typ}", "}", ""]
    return "\n".join(out)
