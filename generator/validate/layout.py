"""What a generated folder holds, found by structure (works on OUT, OUT/k8s or OUT/aws alike).

- Helm charts: folders with a Chart.yaml.
- Kubernetes manifests: .yaml/.yml files under a folder named `manifests` (outside charts).
- Upstream chart values: .yaml files whose first line is `# c2p-chart: <repo>/<chart> <version>`.
- Terraform: the top-most folders holding .tf files (a module folder below one belongs to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.validate.values import chart_of

YAML = (".yaml", ".yml")


@dataclass(frozen=True)
class Layout:
    charts: tuple[Path, ...]
    manifests: tuple[Path, ...]
    values: tuple[Path, ...]
    terraform: tuple[Path, ...]

    @property
    def kubernetes(self) -> bool:
        return bool(self.charts or self.manifests or self.values)

    @property
    def empty(self) -> bool:
        return not (self.kubernetes or self.terraform)


def _files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(out).parts))


def discover(out: Path) -> Layout:
    files = _files(out)
    charts = sorted({p.parent for p in files if p.name == "Chart.yaml"})
    charts = [c for c in charts if not any(c != o and o in c.parents for o in charts)]

    def in_chart(p: Path) -> bool:
        return any(c in p.parents for c in charts)

    yamls = [p for p in files if p.suffix in YAML and not in_chart(p)]
    manifests = [p for p in yamls if "manifests" in (out.name, *p.relative_to(out).parts[:-1])]
    values = [p for p in yamls if p not in manifests and chart_of(_first_line(p)) is not None]
    tf_dirs = sorted({p.parent for p in files if p.suffix == ".tf"})
    terraform = [d for d in tf_dirs if not any(o in d.parents for o in tf_dirs)]
    return Layout(tuple(charts), tuple(manifests), tuple(values), tuple(terraform))


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline()
    except (OSError, UnicodeDecodeError):
        return ""
