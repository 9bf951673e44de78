"""Plan stage of the k8s target for app services: how each one runs, what it mounts, and what is not carried over.

    decide_apps(plan, project, classification) -> Plan

For every app: mounts (mounts.py, refs.py), security (security.py), networking (network.py), lifecycle
(lifecycle.py) and the rest (leftovers.py), each rule writing its Decision or NotCarried entry through a
Draft. Stateful services get their ledger (ledger.py). Rendering (app_values.py and the chart) only prints.
What compose set comes from the plan (App.compose / Resource.compose, generator/plan/facts.py): no rule here reads the
compose model or the disk (tests/targets/test_targets_work_from_the_plan.py).
"""

from __future__ import annotations

from dataclasses import replace

from generator.classify.model import UNKNOWN_STATEFUL, Classification
from generator.model import ComposeProject
from generator.plan.model import Plan


def decide_apps(plan: Plan, project: ComposeProject, classification: Classification) -> Plan:
    from generator.targets.k8s.workload import (ca, initsql, leftovers, ledger, lifecycle, mounts, network, reach, refs, runas,
                                                security, vaultlogin)
    from generator.targets.k8s import access_decide
    from generator.targets.k8s.common import k8s_name
    from generator.targets.k8s.workload.draft import Draft, Project

    infos = classification.services
    per_service = {n: dict(i.options.get("k8s", {})) for n, i in infos.items()}
    ctx = Project(
        name=plan.project, apps={a.name: a for a in plan.apps},
        stateful=frozenset({r.name for r in plan.resources} | {s.name for s in plan.skipped if infos[s.name].stateful}),
        options=dict(classification.target_options.get("k8s", {})), per_service=per_service,
    )
    awaited = frozenset(d.service for a in plan.apps for d in a.depends_on
                        if d.condition == "service_completed_successfully")
    drafts = []
    for app in plan.apps:
        d = Draft(app=app, project=ctx, options={**ctx.options, **per_service.get(app.name, {})})
        if infos[app.name].kind == UNKNOWN_STATEFUL:
            d.warn(f"holds data in {', '.join(infos[app.name].data_volumes)} and c2p does not know what it is: it runs "
                   "as an app of the chart with its volumes as claims, under the chart's hardened pod settings (no "
                   "operator: no replication, failover or backups — back the volumes up yourself); set x-c2p kind if it "
                   "is a database c2p maps, or skip: true")
        mounts.carry(d)
        refs.secrets(d)
        refs.configs(d)
        ca.carry(d, plan)  # the release CA's public certificate, for the clients that verify the services
        security.carry(d)
        network.carry(d)
        lifecycle.carry(d, awaited)
        leftovers.carry(d)
        vaultlogin.carry(d)  # a removed VAULT_TOKEN: the app needs its own login or an agent (TODO)
        drafts.append(d)
    reach.from_files(drafts)  # ports named in other apps' config files, then services reached on no known port
    reach.unknown(drafts)
    for d in drafts:
        runas.carry(d)  # what known images need, and the unprivileged-port sysctl (needs every port found)
    network.peers(drafts)
    items = [nc for d in drafts for nc in d.not_carried]
    resources = tuple(initsql.carry(res) for res in plan.resources)
    chart = k8s_name(plan.project)  # the app chart's name: its pods' app.kubernetes.io/part-of
    resources = tuple(access_decide.carry(res, plan.apps, chart) for res in resources)
    for res in resources:
        items += ledger.resource_items(res)
    order = {name: i for i, name in enumerate(sorted({nc.service for nc in items}))}
    items.sort(key=lambda nc: order[nc.service])
    done = {d.name: d.finish() for d in drafts}
    return replace(plan, resources=resources, apps=tuple(done.get(a.name, a) for a in plan.apps),
                   not_carried=tuple(items))
