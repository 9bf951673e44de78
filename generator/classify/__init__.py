"""classify: ComposeProject → Classification (a kind per service, its evidence, facts and consumers).

    classify(project, config_file=None) -> Classification

Kinds live in generator/classify/kinds (one module each, one list); recognition in recognise.py;
consumers in consumers.py; user overrides (x-c2p, c2p.yaml) in overrides.py; views in view.py.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from generator.classify.model import APP, UNKNOWN_STATEFUL, Classification, Evidence, ServiceInfo, Use
from generator.model import ComposeProject

__all__ = ["classify", "Classification", "ServiceInfo", "Evidence", "Use", "APP", "UNKNOWN_STATEFUL"]


def classify(project: ComposeProject, config_file: str | None = None) -> Classification:
    from generator.classify.consumers import find_uses, stateful_names
    from generator.classify.kinds.base import Context
    from generator.classify.overrides import load_overrides
    from generator.classify.secrets import project_secrets
    from generator.classify.service import awaited, classify_service, is_job
    from generator.classify.sqldatabases import complete_databases

    overrides = load_overrides(project, config_file)
    secrets = project_secrets(project)
    ctx = Context(working_dir=project.working_dir, locations=project.locations)
    first = {
        name: classify_service(svc, overrides.service(name), ctx, secrets)
        for name, svc in sorted(project.services.items())
    }
    kinds = {name: info.kind for name, info in first.items()}
    dev_vaults = frozenset(n for n, i in first.items() if i.facts.get("dev_mode"))
    targets = stateful_names(project, kinds)
    waited = awaited(project)
    services = {}
    for name, info in first.items():
        svc = project.services[name]
        uses = find_uses(project, svc, kinds, dev_vaults, targets)
        job = bool(overrides.service(name).get("job", is_job(svc, project, waited))) if info.kind == APP else info.job
        services[name] = replace(info, consumes=uses, job=job,
                                 depends_on=tuple(sorted(d.service for d in svc.depends_on)))
    services = complete_databases(services)  # a MySQL server that creates no database: the ones its apps name
    warnings = sorted({w for i in services.values() for w in i.warnings})
    return Classification(
        project=project.name,
        services=MappingProxyType(services),
        target_options=overrides.targets,
        warnings=tuple(warnings),
        sources=overrides.sources,
    )
