"""Render stage for --target aws: Plan → terraform/*.tf, env/<svc>.env, README.md, MIGRATION.md.

Every choice is made here or in the mappings (mappings/<name>/, what they declare: mapping.py); the templates under
templates/terraform/aws/ and beside the mappings only print.
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Resource, databases
from generator.targets.aws.common import DEFAULT_REGION, PROVIDERS, TERRAFORM_VERSION, aws_name, tf_id

FIXED = ("versions", "providers", "variables", "network", "app_env", "outputs", "efs")


def resource_ctx(res: Resource) -> dict[str, Any]:
    """What a template prints of one mapped resource (`r`)."""
    return {
        "name": res.name,
        "id": tf_id(res.name),
        "aws": aws_name(res.name)[:16].strip("-"),
        "kind": res.kind,
        "engine": res.engine,
        "s": dict(res.settings),
        "port": res.port,
        "versions": dict(res.versions),
        "res": res,
    }


def mapped(plan: Plan) -> list[tuple[Resource, Any]]:
    """(resource, its AwsMapping) of every resource the target realises, in plan order."""
    from generator.targets.aws import BY_NAME

    return [(r, BY_NAME[r.mapping]) for r in plan.resources if BY_NAME.get(r.mapping)]


def tf_files(plan: Plan) -> dict[str, str]:
    """service → terraform/<file>.tf: its Terraform name, unless a fixed file has it, never two alike."""
    taken: set[str] = set()
    out = {}
    for res, _m in mapped(plan):
        name = tf_id(res.name) if tf_id(res.name) not in FIXED else f"{tf_id(res.name)}_service"
        while name in taken:
            name += "_"
        taken.add(name)
        out[res.name] = f"terraform/{name}.tf"
    return out


def context(plan: Plan) -> dict[str, Any]:
    from generator.targets.aws import MAPPINGS, env
    from generator.targets.aws.docs_ops import checkov_skips
    from generator.targets.aws.files import file_systems, writers

    pairs = mapped(plan)
    ctx_res = {res.name: resource_ctx(res) for res, _m in pairs}
    groups = [(m, [ctx_res[res.name] for res, m2 in pairs if m2 is m]) for m in MAPPINGS]
    present = [m for m, rs in groups if rs]
    peering = any(m.peering(res) for res, m in pairs)
    efs = file_systems(plan)
    in_vpc = any(m.in_vpc for m in present) or bool(efs)
    providers = sorted({"aws", *(p for m in present for p in m.providers)})
    apps = [{"name": a.name, "env": env.app_env(plan, a), "job": a.job, "user_keys": env.user_keys(a),
             "given": {v.name: v for v in a.env if v.name in env.user_keys(a) and v.given_in}}
            for a in sorted(plan.apps, key=lambda a: a.name)]
    base = {
        "plan": plan,
        "project": plan.project,
        "region": next((d.value for d in plan.decisions if d.key == "aws.region"), DEFAULT_REGION),
        "region_reason": "set by x-c2p aws.region" if any(d.key == "aws.region" for d in plan.decisions)
        else "default; override with x-c2p aws.region or var.region",
        "name_prefix": aws_name(plan.project)[:20].strip("-") or "app",
        "resources": list(ctx_res.values()),
        "mapped": [(m, rs) for m, rs in groups if rs],
        "docs": {res.name: m.docs(plan, res) for res, m in pairs},
        "efs": efs,
        "efs_writers": writers(efs),
        "apps": apps,
        "user_apps": [a for a in apps if a["user_keys"]],
        "user_values": user_values(apps),
        "pg_unverified": pg_unverified(plan),
        "providers": [(p, *PROVIDERS[p]) for p in providers],
        "provider_names": providers,
        "terraform_version": TERRAFORM_VERSION,
        "needs": {
            "vpc": in_vpc or peering,
            "subnets": in_vpc,
            "app_sg": in_vpc or peering,
            "peering": peering,
            "kms": in_vpc or bool(apps) or any(m.uses_kms for m in present),
        },
        "checkov_skips": checkov_skips(plan),
        "skipped": list(plan.skipped),
        "unsupported": [r for r in plan.resources if r.name not in ctx_res],
        "generated": bool(ctx_res or apps),
    }
    base["tfvars_lines"] = [line for m, rs in base["mapped"] for r in rs for line in m.tfvars(r, base)]
    return base


def terraform(plan: Plan, ctx: dict[str, Any]) -> dict[str, str]:
    """terraform/*.tf and terraform.tfvars.example."""
    from generator.render.jinja import render_template
    from generator.targets.aws.hclfmt import format_hcl
    from generator.targets.aws.variables import variables

    tf: dict[str, str] = {}

    def put(path: str, template: str, **extra: Any) -> None:
        tf[path] = format_hcl(render_template(f"terraform/aws/{template}", **ctx, **extra))

    put("terraform/versions.tf", "versions.tf.j2")
    put("terraform/providers.tf", "providers.tf.j2")
    put("terraform/variables.tf", "variables.tf.j2", variables=variables(ctx))
    if ctx["needs"]["peering"]:
        put("terraform/network.tf", "network.tf.j2")
    for res, m in mapped(plan):
        tf.update(m.render(plan, res))
    if ctx["apps"]:
        put("terraform/app_env.tf", "app_env.tf.j2")
    if ctx["efs"]:
        put("terraform/efs.tf", "efs.tf.j2")
    put("terraform/outputs.tf", "outputs.tf.j2")
    put("terraform/terraform.tfvars.example", "terraform.tfvars.example.j2")
    return tf


def render(plan: Plan) -> dict[str, str]:
    from generator.render.envfiles import env_files
    from generator.render.jinja import render_template
    from generator.targets.aws import env

    ctx = context(plan)
    # Nothing mapped and no app to configure: no Terraform at all (an empty configuration would look like a
    # result); README.md says what was left out and why, and `c2p generate` exits 1 for a documents-only tree.
    tree = terraform(plan, ctx) if ctx["generated"] else {}
    tree.update(env_files(plan, env.explainer(plan)))
    files = sorted(list(tree) + ["MIGRATION.md", "README.md"])
    tree["README.md"] = render_template("terraform/aws/README.md.j2", **ctx, **_doc_ctx(plan, ctx, files))
    tree["MIGRATION.md"] = render_template("terraform/aws/MIGRATION.md.j2", **ctx, **_doc_ctx(plan, ctx, files))
    return tree


def _doc_ctx(plan: Plan, ctx: dict[str, Any], files: list[str]) -> dict[str, Any]:
    from generator.targets.aws import docs, docs_ops

    first_db = {r.name: (databases(r)[0] if databases(r) else None) for r in plan.resources}
    kms_replaced = [res.name for res, m in mapped(plan) if m.replaced_by and any(
        arg == "kms_key_id" for arg, _where in m.replaced_by[1])] + [f"{f.source} (EFS)" for f in ctx["efs"]]
    return {
        "files": files,
        "describe": docs.describe(plan, files),
        "titles": {res.name: m.title for res, m in mapped(plan)},
        "sections": docs.sections(ctx),
        "rows": docs.rows(plan),
        "warnings": docs.warnings(plan),
        "app_docs": docs.app_docs(plan, {a["name"]: a["env"] for a in ctx["apps"]}),
        "costs": docs.costs(plan, ctx["docs"]),
        "checkov_skip_list": docs.checkov_skip_list(plan),
        "security_notes": docs_ops.security_notes(plan, ctx["needs"], ctx["efs"]),
        "replacements": docs_ops.replacements(plan, tf_id, ctx["efs"]),
        "kms_replaced": docs_ops.names(kms_replaced),
        "kms_replaced_count": len(kms_replaced),
        "kms_covers": docs_ops.names([m.kms_covers for m, _rs in ctx["mapped"] if m.kms_covers]
                                     + (["the EFS file systems"] if ctx["efs"] else []) + ["the Secrets Manager secrets"]),
        "dump_user": {n: (db.source_owner if db and db.source_owner else "postgres") for n, db in first_db.items()},
        "dump_db": {n: (db.source_name if db else "postgres") for n, db in first_db.items()},
    }


def user_values(apps: list[dict]) -> list[tuple[str, tuple[str, ...], str, bool]]:
    """(variable, the services that have it, where compose set it or "" when compose left it empty, whether they
    share one value), one line per variable and origin for README "Values you supply" (targets/aws/given.py)."""
    rows: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for a in apps:
        for k in a["user_keys"]:
            v = a["given"].get(k)
            rows.setdefault((k, v.given_in if v else "", v.shared if v else ()), []).append(a["name"])
    return [(k, tuple(who), where, len(shared) > 1 and tuple(who) == shared)
            for (k, where, shared), who in sorted(rows.items())]


def pg_unverified(plan: Plan) -> list[tuple[str, str, str]]:
    """(service, app, source) for each app reaching an RDS/Tiger Cloud PostgreSQL that is known to encrypt without
    verifying the certificate (plan/clients.py UNVERIFIED_POSTGRES)."""
    from generator.plan.clients import unverified_postgres

    pg = {res.name for res, m in mapped(plan) if m.engine_family == "postgresql"}
    out = []
    for app in sorted(plan.apps, key=lambda a: a.name):
        known = unverified_postgres(app.image)
        if known and any(v.override and v.override.resource in pg for v in app.env):
            out.append((app.name, *known))
    return out
