"""Values files for upstream charts: the chart's values.schema.json, then an unknown-key check.

A generated values file names its chart on its first line: `# c2p-chart: <repo>/<chart> <version>`.
The chart's `values.schema.json` and `values.yaml` are read from a folder the caller names (upstream files,
never copied into c2p): `CHART_FOLDERS` maps known charts to their sub-folder, anything else is looked up
as `<dir>/<repo>/<chart>/` or `<dir>/<chart>/`.

The upstream schemas accept unknown keys (none uses `additionalProperties: false`), so every key path
must also exist in the chart's own `values.yaml` or in the schema's `properties`. An empty mapping, a
string or null in `values.yaml` (`annotations: {}`, `extraEnvironmentVars: {}`) is a documented
free-form map: anything below it is accepted.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from generator.validate.result import CheckResult, Finding, failed, passed, skipped
from generator.validate.tools import rel

NAME = "values schema"
HEADER = re.compile(r"^#\s*c2p-chart:\s*(\S+)\s+(\S+)\s*$")
CHART_FOLDERS = {
    "hashicorp/vault": "vault-helm",
    "valkey/valkey": "valkey-helm",
    "bitnami/redis": "bitnami-redis",
    "cnpg/cloudnative-pg": "cnpg-charts/cloudnative-pg",
    "cnpg/cluster": "cnpg-charts/cluster",
}


def chart_of(text: str) -> tuple[str, str] | None:
    """(repo/chart, version) from a values file's `# c2p-chart:` first line, else None."""
    first = text.split("\n", 1)[0]
    match = HEADER.match(first)
    return (match.group(1), match.group(2)) if match else None


def chart_folder(chart: str, schemas: Path) -> Path | None:
    candidates = [schemas / CHART_FOLDERS[chart]] if chart in CHART_FOLDERS else []
    candidates += [schemas / chart, schemas / chart.split("/")[-1]]
    for folder in candidates:
        if (folder / "values.schema.json").is_file() and (folder / "values.yaml").is_file():
            return folder
    return None


def _folder_version(folder: Path) -> str | None:
    import yaml

    chart_yaml = folder / "Chart.yaml"
    if not chart_yaml.is_file():
        return None
    meta = yaml.safe_load(chart_yaml.read_text(encoding="utf-8")) or {}
    return str(meta.get("version")) if meta.get("version") is not None else None


def check_chart_values(values_file: Path, schemas: Path | None, base: Path | None = None) -> CheckResult:
    """One values file against its chart's values.schema.json and values.yaml keys."""
    name = rel(values_file, base)
    text = values_file.read_text(encoding="utf-8")
    chart = chart_of(text)
    if chart is None:
        return failed(NAME, f"{name}: no `# c2p-chart: <repo>/<chart> <version>` first line",
                      [Finding(name, 1, "first line must name the chart: # c2p-chart: <repo>/<chart> <version>")])
    label = f"{name} ({chart[0]} {chart[1]})"
    if schemas is None:
        return skipped(NAME, f"{label}: no chart schemas given (--chart-schemas DIR)")
    folder = chart_folder(chart[0], Path(schemas))
    if folder is None:
        return skipped(NAME, f"{label}: no values.schema.json + values.yaml for {chart[0]} under {schemas}")
    have = _folder_version(folder)
    if have is not None and have != chart[1]:
        return skipped(NAME, f"{label}: {folder} holds chart version {have}, not {chart[1]}")
    findings = problems(name, text, folder, chart)
    output = "\n".join(str(f) for f in findings)
    if findings:
        return failed(NAME, f"{label}: {len(findings)} problem(s)", findings, output=output)
    return passed(NAME, label, output=f"{label}: schema {folder / 'values.schema.json'} and keys of "
                                      f"{folder / 'values.yaml'}: no problem")


def problems(where: str, text: str, folder: Path, chart: tuple[str, str]) -> list[Finding]:
    """Schema errors and unknown keys of one values text, as findings in file `where`."""
    import jsonschema
    from ruamel.yaml import YAML

    schema = json.loads((folder / "values.schema.json").read_text(encoding="utf-8"))
    reference = YAML(typ="safe").load((folder / "values.yaml").read_text(encoding="utf-8")) or {}
    doc = YAML(typ="rt").load(text)
    values = doc if doc is not None else {}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = cls(schema)
    out = []
    for err in sorted(validator.iter_errors(_plain(values)), key=lambda e: list(map(str, e.absolute_path))):
        path = list(err.absolute_path)
        dotted = ".".join(map(str, path)) or "(top level)"
        out.append(Finding(where, _line(values, path), f"{dotted}: {err.message} (values.schema.json)"))
    if isinstance(values, dict):
        for path, hint in unknown_keys(values, reference, schema):
            text_hint = f" (did you mean {hint!r}?)" if hint else ""
            out.append(Finding(where, _line(values, path),
                               f"{'.'.join(path)}: unknown key, not in {chart[0]} {chart[1]} values.yaml{text_hint}"))
    return out


def _plain(node):
    """ruamel round-trip nodes → plain dict/list for jsonschema."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _line(doc, path: list) -> int | None:
    from generator.validate.yamlpos import pointer_line

    return pointer_line(doc, "/" + "/".join(str(p) for p in path)) if path else None


def _properties(schema) -> dict:
    return schema.get("properties") or {} if isinstance(schema, dict) else {}


def _free_form_schema(schema) -> bool:
    if not isinstance(schema, dict):
        return False
    extra = schema.get("additionalProperties")
    return bool(schema.get("patternProperties")) or extra is True or isinstance(extra, dict)


def unknown_keys(values: dict, reference, schema, path: tuple[str, ...] = ()) -> list[tuple[list[str], str | None]]:
    """Key paths of `values` that neither the chart's values.yaml nor its schema knows, with a close match."""
    bad = []
    known_ref = reference if isinstance(reference, dict) else {}
    props = _properties(schema)
    for key, value in values.items():
        key = str(key)
        here = [*path, key]
        in_ref, child_schema = key in known_ref, props.get(key)
        if not in_ref and child_schema is None:
            if not _free_form_schema(schema):
                close = difflib.get_close_matches(key, [str(k) for k in [*known_ref, *props]], n=1)
                bad.append((here, close[0] if close else None))
            continue
        if not isinstance(value, dict):
            continue
        child_ref = known_ref.get(key)
        if isinstance(child_ref, dict) and child_ref:  # a documented structure: descend
            bad += unknown_keys(value, child_ref, child_schema, tuple(here))
        elif not in_ref and _properties(child_schema) and not _free_form_schema(child_schema):
            bad += unknown_keys(value, {}, child_schema, tuple(here))
        # else: an empty mapping / string / null in values.yaml is a free-form map
    return bad
