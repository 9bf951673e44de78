"""The pure-Python stand-in for kubeconform -strict, used when the kubeconform binary is absent.

Same schemas, same verdict: core objects against the kubernetes-validate `-local-strict` folder that
kubeconform reads (k8s_schemas.core_location), custom resources against the local CRD folders laid out
`<group>/<kind>_<version>.json`; duplicate keys are errors (ruamel.yaml refuses them), a resource whose
schema is not found fails (kubeconform is not run with -ignore-missing-schemas either). URL schema
locations need the network, which c2p never uses at run time: they make this check skip instead.
tests/validate/test_fallback.py runs both on the same inputs and compares the verdicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from generator.validate import k8s_schemas
from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import rel
from generator.validate.yamlpos import object_line

FALLBACK = "python fallback, kubeconform not installed"


def _core_folder(kubernetes_version: str) -> Path:
    template = k8s_schemas.core_location(kubernetes_version, strict=True)
    root = template.split("{{", 1)[0]
    return Path(root) / f"v{k8s_schemas.normalize_version(kubernetes_version)}-local-strict"


def _schema_file(doc: dict, core: Path, crd_dirs: Sequence[Path]) -> Path | None:
    api, kind = str(doc.get("apiVersion", "")), str(doc.get("kind", "")).lower()
    group, _, version = api.rpartition("/")
    if "." in group and not group.endswith("k8s.io"):  # a custom resource, as kubeconform tells them apart
        return next((p for d in crd_dirs if (p := d / group / f"{kind}_{version}.json").is_file()), None)
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    path = core / f"{kind}{suffix}.json"
    return path if path.is_file() else None


@lru_cache(maxsize=256)
def _validator(path: Path):
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    def retrieve(uri: str) -> Resource:
        target = Path(uri.removeprefix("file://").split("#", 1)[0])
        return Resource.from_contents(json.loads(target.read_text(encoding="utf-8")), default_specification=DRAFT7)

    schema = {**json.loads(path.read_text(encoding="utf-8")), "$id": path.resolve().as_uri()}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, registry=Registry(retrieve=retrieve))


_DOC_SPLIT = re.compile(r"^---[ \t]*(?:#.*)?$", re.M)


def _documents(text: str, label: str) -> tuple[list, list[Finding]]:
    """The objects of a multi-document YAML text; a document that does not parse (a duplicate key, bad
    syntax) is a finding on its own object, as kubeconform reports it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    docs, findings, offset = [], [], 0
    for chunk in _DOC_SPLIT.split(text):
        try:
            docs += [d for d in YAML(typ="safe", pure=True).load_all(chunk) if d is not None]
        except YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            kind, name = _KIND.search(chunk), _NAME.search(chunk)
            what = f"{kind.group(1) if kind else '?'}/{name.group(1) if name else ''}"
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            findings.append(Finding(label, offset + mark.line + 1 if mark else None, f"{what}: YAML: {problem}"))
        offset += chunk.count("\n") + 1
    return docs, findings


_KIND = re.compile(r"^kind:\s*['\"]?([\w.-]+)", re.M)
_NAME = re.compile(r"^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*['\"]?([\w.-]+)", re.M)


def _pointer(error) -> str:
    return "/" + "/".join(str(p) for p in error.absolute_path)


def _doc_findings(doc, label: str, file: Path | None, core: Path, crd_dirs: Sequence[Path]) -> list[Finding]:
    if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
        return [Finding(label, None, "not a Kubernetes object (no apiVersion/kind)")]
    kind, name = doc["kind"], (doc.get("metadata") or {}).get("name", "")
    schema = _schema_file(doc, core, crd_dirs)
    if schema is None:
        return [Finding(label, None, f"{kind}/{name}: no schema found for {doc['apiVersion']} {kind}")]
    errors = sorted(_validator(schema).iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return []
    message = "; ".join(f"{_pointer(e)}: {e.message}" for e in errors)
    spot = next((e for e in errors if e.validator == "additionalProperties"), errors[0])
    hint = spot.message
    if spot.validator == "additionalProperties" and isinstance(spot.instance, dict):
        extra = sorted(set(spot.instance) - set(spot.schema.get("properties", {})))
        hint = f"additional properties '{extra[0]}' not allowed" if extra else hint  # yamlpos reads this form
    line = object_line(file, kind, name, _pointer(spot), hint) if file else None
    return [Finding(label, line, f"{kind}/{name}: {message}")]


def check_python(files: Sequence[Path], text: str | None, schema_locations: Sequence[str | Path],
                 kubernetes_version: str, base: Path | None, name: str, source: str) -> CheckResult:
    """kubeconform -strict's verdict without kubeconform (see the module docstring)."""
    urls = [str(loc) for loc in schema_locations if "{{" in str(loc) or "://" in str(loc)]
    if urls or not schema_locations:
        where = urls[0] if urls else "the public CRDs catalog (no --schema-location given)"
        return skipped(name, f"kubeconform is not installed, and the python fallback reads only local schema "
                             f"folders, not {where}", missing_tool="kubeconform")
    try:
        core = _core_folder(kubernetes_version)
    except k8s_schemas.SchemasUnavailable as err:
        return skipped(name, str(err), missing_tool=err.tool)
    crd_dirs = [k8s_schemas.packaged_crds(), *(Path(loc) for loc in schema_locations)]
    inputs = [(rel(f, base), Path(f), Path(f).read_text(encoding="utf-8")) for f in files] if text is None \
        else [(source, None, text)]
    findings: list[Finding] = []
    count = 0
    for label, file, body in inputs:
        docs, problems = _documents(body, label)
        findings += problems
        count += len(docs)
        for doc in docs:
            findings += _doc_findings(doc, label, file, core, crd_dirs)
    version = ".".join(k8s_schemas.normalize_version(kubernetes_version).split(".")[:2])
    what = f"{count} resource{'s' if count != 1 else ''} (core {version} + local CRD schemas; {FALLBACK})"
    if findings or not count:
        return failed(name, f"{len(findings)} problem(s) in {what}" if count else "no Kubernetes resources found",
                      findings)
    return CheckResult(name, "passed", what, missing_tool="kubeconform")
