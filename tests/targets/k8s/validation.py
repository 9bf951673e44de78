"""Real-validator checks of a generated k8s tree, shared by the k8s tests (until generator.validate offers them).

kubeconform needs standalone core schemas: kubernetes-validate ships Kubernetes' schemas with `$ref`s into a
shared _definitions.json; `core_schemas()` inlines those as `$defs` once per session into a temp folder.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.conftest import require_tool, shared_path


def core_schemas(dest: Path, version: str = "v1.33.0") -> Path:
    import kubernetes_validate

    src = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema" / f"{version}-local-strict"
    defs = json.loads((src / "_definitions.json").read_text())
    defs = defs.get("$defs") or defs.get("definitions")

    def fix(o):
        if isinstance(o, dict):
            return {k: (v.replace("/api/_definitions.json#", "#") if k == "$ref" and isinstance(v, str) else fix(v)) for k, v in o.items()}
        if isinstance(o, list):
            return [fix(x) for x in o]
        return o

    defs = fix(defs)
    dest.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.json"):
        if f.name.startswith("_"):
            continue
        schema = fix(json.loads(f.read_text()))
        schema["$defs"] = defs
        (dest / f.name).write_text(json.dumps(schema))
    return dest


def write_tree(tree: dict[str, str], root: Path) -> Path:
    for rel, text in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def kubeconform(paths: list[str], core: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    crds = shared_path("schemas", "generated-from-crds")
    args = [
        require_tool("kubeconform"), "-strict", "-summary",
        "-schema-location", f"{core}/{{{{.ResourceKind}}}}{{{{.KindSuffix}}}}.json",
        "-schema-location", f"{crds}/{{{{.Group}}}}/{{{{.ResourceKind}}}}_{{{{.ResourceAPIVersion}}}}.json",
    ] + (paths or ["-"])
    return subprocess.run(args, input=stdin, capture_output=True, text=True, check=False)


def helm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([require_tool("helm"), *args], cwd=cwd, capture_output=True, text=True, check=False)


CHARTS = {"hashicorp/vault": "vault-helm", "valkey/valkey": "valkey-helm"}


def unknown_keys(values: dict, reference: dict, path: str = "") -> list[str]:
    bad = []
    for key, value in values.items():
        p = f"{path}.{key}" if path else key
        if not isinstance(reference, dict) or key not in reference:
            bad.append(p)
        elif isinstance(value, dict) and isinstance(reference[key], dict) and reference[key]:
            bad += unknown_keys(value, reference[key], p)
    return bad


def values_problems(text: str) -> list[str]:
    """Schema errors and unknown keys of one values/<release>.values.yaml against its chart's schema + values.yaml."""
    import jsonschema

    first = text.splitlines()[0]
    assert first.startswith("# c2p-chart: "), first
    chart = first.split()[2]
    folder = shared_path("schemas", CHARTS[chart])
    schema = json.loads((folder / "values.schema.json").read_text())
    reference = yaml.safe_load((folder / "values.yaml").read_text())
    values = yaml.safe_load(text)
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)(schema)
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(values)]
    return errors + [f"unknown key {k}" for k in unknown_keys(values, reference)]


def tree_problems(root: Path) -> list[str]:
    """Every validator on one generated OUT/k8s tree; [] when all pass. Tools missing → skip/fail via require_tool."""
    from generator.validate import check_helm_lint, check_helm_template, check_kubernetes

    for tool in ("kubeconform", "helm", "checkov"):
        require_tool(tool)
    crds = [shared_path("schemas", "generated-from-crds")]
    problems: list[str] = []
    manifests = sorted((root / "manifests").glob("**/*.yaml"))
    if manifests:
        r = check_kubernetes(manifests, schema_locations=crds, base=root)
        if r.status != "passed":
            problems.append(str(r))
    for chart in sorted((root / "charts").glob("*")):
        for r in (check_helm_lint(chart, base=root), check_helm_template(chart, schema_locations=crds, base=root)):
            if r.status != "passed":
                problems.append(str(r))
    for f in sorted((root / "values").glob("*.values.yaml")):
        problems += [f"{f.name}: {p}" for p in values_problems(f.read_text())]
    problems += checkov_failures(root)
    return problems


def checkov_failures(root: Path) -> list[str]:
    out = subprocess.run(
        [require_tool("checkov"), "-d", str(root), "--framework", "kubernetes", "helm", "--quiet", "--compact",
         "--skip-download", "-o", "json"],
        capture_output=True, text=True, check=False,
    )
    data = json.loads(out.stdout or "[]")
    reports = data if isinstance(data, list) else [data]
    return [
        f"{c['check_id']} {c['file_path']}:{c['file_line_range']}"
        for r in reports for c in r.get("results", {}).get("failed_checks", [])
    ]
