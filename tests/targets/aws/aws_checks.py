"""Checks of generated Terraform for the aws tests, through the package checks (`generator.validate`).

- hcl_parse: every .tf through HashiCorp's HCL parser (hcl2json) → its JSON form.
- jsii_problems: every aws_* resource/data source against derived provider data (AWS provider 6.25 from
  @cdktf/provider-aws's .jsii, `generator.validate.aws_schema`): arguments that exist, required ones set,
  nested blocks recursively.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import require_file, require_tool


def write_tree(root: Path, tree: dict[str, str]) -> Path:
    for rel, text in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def hcl_parse(paths: list[Path]) -> dict[str, dict]:
    """{path: JSON of the file} parsed by hcl2json; fails the test with the parser's message otherwise."""
    from generator.validate import parse_hcl

    require_tool("hcl2json")
    parsed, errors, _output = parse_hcl(paths)
    assert not errors, f"HCL parser rejected: {errors}"
    return {str(path): doc for path, doc in parsed.items()}


def jsii_problems(parsed: dict[str, dict]) -> tuple[list[str], int]:
    """Problems found (file:line resource: message), and how many aws_* blocks were checked."""
    from generator.validate import aws_schema
    from generator.validate.aws_args import block_problems

    require_file(aws_schema.jsii_path(), "@cdktf/provider-aws (derived AWS provider data)")
    findings, checked = block_problems({Path(path): doc for path, doc in parsed.items()})
    return [str(f) for f in findings], checked
