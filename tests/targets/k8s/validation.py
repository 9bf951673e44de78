"""Every real validator on a generated k8s tree, through the package checks (`generator.validate`): the same
checks `c2p validate` runs, with the local CRD and chart schemas from ../shared/schemas."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import require_tool, shared_path


def write_tree(tree: dict[str, str], root: Path) -> Path:
    for rel, text in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def crds() -> list[Path]:
    return [shared_path("schemas", "generated-from-crds")]


def tree_problems(root: Path) -> list[str]:
    """Every validator on one generated OUT/k8s tree; [] when all pass. Tools missing → skip/fail via require_tool."""
    from generator.validate import collect

    for tool in ("kubeconform", "helm", "checkov"):
        require_tool(tool)
    results = collect(root, schema_locations=crds(), chart_schemas=shared_path("schemas"))
    ran = {r.name for r in results if r.status != "skipped"}
    assert "checkov" in ran, [str(r) for r in results]
    if (root / "manifests").is_dir():
        assert "kubeconform -strict" in ran
    # skipped is acceptable only for what a k8s tree does not have (Terraform)
    return [str(r) for r in results if r.status == "failed" or (r.status == "skipped" and r.name != "tofu")]
