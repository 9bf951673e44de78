"""What a generated folder holds, found by structure (works on OUT, OUT/k8s or OUT/aws alike).

- Helm charts: folders with a Chart.yaml.
- Kubernetes manifests: .yaml/.yml files under a folder named `manifests` (outside charts).
- Upstream chart values: .yaml files whose first line is `# c2p-chart: <repo>/<chart> <version>`.
- Terraform: the top-most folders holding .tf files (a module folder below one belongs to it).

Discovery never follows a link out of the folder and never opens anything but a regular file. Entries the
tools could block on or escape through — FIFOs, sockets, devices, links whose target leaves the folder (the
tools scan whole folders: helm, checkov -d, tofu -recursive) — are listed in `Layout.unsafe`, and the runner
reports them instead of running any tool.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.load.reader import within
from generator.validate.values import chart_of

YAML = (".yaml", ".yml")


@dataclass(frozen=True)
class Layout:
    charts: tuple[Path, ...]
    manifests: tuple[Path, ...]
    values: tuple[Path, ...]
    terraform: tuple[Path, ...]
    unsafe: tuple[tuple[Path, str], ...] = ()  # (entry, why) that no tool may be pointed at

    @property
    def kubernetes(self) -> bool:
        return bool(self.charts or self.manifests or self.values)

    @property
    def empty(self) -> bool:
        return not (self.kubernetes or self.terraform)


def _scan(out: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(regular files, not under a dot-folder; unsafe entries) below `out`, walked without following links."""
    real_out = os.path.realpath(out)
    files, unsafe = [], []
    for folder, dirs, names in os.walk(out, followlinks=False):
        dirs.sort()
        here = Path(folder)
        for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            p = here / name
            try:
                mode = os.lstat(p).st_mode
                if stat.S_ISLNK(mode):
                    if not within(p, real_out):
                        unsafe.append((p, "a link to outside the folder"))
                        continue
                    mode = os.stat(p).st_mode
            except OSError:
                unsafe.append((p, "a broken link or unreadable entry"))
                continue
            if stat.S_ISDIR(mode):
                continue  # a link to a folder inside: the tools may read it, discovery does not descend
            if not stat.S_ISREG(mode):
                unsafe.append((p, "not a regular file (a FIFO, socket or device)"))
            elif not any(part.startswith(".") for part in p.relative_to(out).parts):
                files.append(p)
    return sorted(files), unsafe


def discover(out: Path) -> Layout:
    files, unsafe = _scan(out)
    charts = sorted({p.parent for p in files if p.name == "Chart.yaml"})
    charts = [c for c in charts if not any(c != o and o in c.parents for o in charts)]

    def in_chart(p: Path) -> bool:
        return any(c in p.parents for c in charts)

    yamls = [p for p in files if p.suffix in YAML and not in_chart(p)]
    manifests = [p for p in yamls if "manifests" in (out.name, *p.relative_to(out).parts[:-1])]
    values = [p for p in yamls if p not in manifests and chart_of(_first_line(p)) is not None]
    tf_dirs = sorted({p.parent for p in files if p.suffix == ".tf"})
    terraform = [d for d in tf_dirs if not any(o in d.parents for o in tf_dirs)]
    return Layout(tuple(charts), tuple(manifests), tuple(values), tuple(terraform), tuple(unsafe))


def _first_line(path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline()
    except (OSError, UnicodeDecodeError):
        return ""
