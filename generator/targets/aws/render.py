"""Render stage for --target aws: Plan → terraform/*.tf, env/<svc>.env, README.md, MIGRATION.md.

Every choice is made here or in the kind modules; the templates under templates/terraform/aws/ only print.
"""

from __future__ import annotations

from typing import Any

from generator.plan.model import Plan, Resource, databases
from generator.targets.aws.common import DEFAULT_REGION, PROVIDERS, TERRAFORM_VERSION, aws_name, tf_id

TEMPLATE_OF = {"tiger-cloud": "tiger.tf.j2", "rds": "rds.tf.j2", "elasticache": "elasticache.tf.j2",
               "hcp-vault": "hcp_vault.tf.j2", "secrets-manager": "secrets_manager.tf.j2"}
FIXED = ("versions", "providers", "variables", "network", "app_env", "outputs", "efs")


def _resource_ctx(res: Resource) -> dict[str, Any]:
    return {
        "name": res.name,
        "id": tf_id(res.name),
        "aws": aws_name(res.name)[:16].strip("-"),
        "kind": res.kind,
        "mapping": res.mapping,
        "engine": res.engine,
        "s": dict(res.settings),
        "port": res.port,
        "versions": dict(res.versions),
        "res": res,
    }


def _file_name(res: Resource, taken: set[str]) -> str:
    base = tf_id(res.name)
    name = base if base not in FIXED else f"{base}_service"
    while name in taken:
        name += "_"
    taken.add(name)
    return f"terraform/{name}.tf"


def context(plan: Plan) -> dict[str, Any]:
    from generator.targets.aws import env
    from generator.targets.aws.docs_ops import checkov_skips
    from generator.targets.aws.files import file_systems, writers
    from generator.targets.aws.hcp_vault import TIERS
    from generator.targets.aws.secrets_manager import LOST, readers
    from generator.targets.aws.tiger import MILLI_CPU

    resources = [r for r in plan.resources if r.mapping in TEMPLATE_OF]
    ctx_res = [_resource_ctx(r) for r in resources]
    mappings = {r.mapping for r in resources}
    tiger_peered = any(r.mapping == "tiger-cloud" and r.settings.get("vpc_peering") for r in resources)
    peering = "hcp-vault" in mappings or tiger_peered
    efs = file_systems(plan)
    in_vpc = bool(mappings & {"rds", "elasticache"}) or bool(efs)
    providers = ["aws"]
    if mappings & {"elasticache", "rds", "tiger-cloud"}:
        providers.append("random")
    if "hcp-vault" in mappings:
        providers.append("hcp")
    if "tiger-cloud" in mappings:
        providers.append("timescale")
    apps = [{"name": a.name, "env": env.app_env(plan, a), "job": a.job, "user_keys": env.user_keys(a),
             "given": {v.name: v for v in a.env if v.name in env.user_keys(a) and v.given_in}}
            for a in sorted(plan.apps, key=lambda a: a.name)]
    return {
        "plan": plan,
        "project": plan.project,
        "region": next((d.value for d in plan.decisions if d.key == "aws.region"), DEFAULT_REGION),
        "region_reason": "set by x-c2p aws.region" if any(d.key == "aws.region" for d in plan.decisions)
        else "default; override with x-c2p aws.region or var.region",
        "name_prefix": aws_name(plan.project)[:20].strip("-") or "app",
        "resources": ctx_res,
        "efs": efs,
        "efs_writers": writers(efs),
        "by_mapping": {m: [r for r in ctx_res if r["mapping"] == m] for m in TEMPLATE_OF},
        "apps": apps,
        "user_apps": [a for a in apps if a["user_keys"]],
        "user_values": user_values(apps),
        "pg_unverified": pg_unverified(plan),
        "providers": [(p, *PROVIDERS[p]) for p in sorted(providers)],
        "terraform_version": TERRAFORM_VERSION,
        "needs": {
            "vpc": in_vpc or peering,
            "subnets": in_vpc,
            "app_sg": in_vpc or peering,
            "peering": peering,
            "kms": in_vpc or bool(apps) or "secrets-manager" in mappings,
        },
        # secrets-manager: the secret names created by default, one per app that used that Vault in compose
        "secret_names": {r.name: readers(plan, r) or [aws_name(plan.project)] for r in resources
                         if r.mapping == "secrets-manager"},
        "secrets_manager_lost": LOST,
        "allowed": {"milli_cpu": list(MILLI_CPU), "vault_tiers": list(TIERS)},
        "checkov_skips": checkov_skips(plan),
        "skipped": list(plan.skipped),
        "unsupported": [r for r in plan.resources if r.mapping not in TEMPLATE_OF],
        "generated": bool(ctx_res or apps),
        "public_services": [r.name for r in resources if r.mapping == "tiger-cloud" and not r.settings.get("vpc_peering")],
    }


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
    taken: set[str] = set()
    for r in ctx["resources"]:
        put(_file_name(r["res"], taken), TEMPLATE_OF[r["mapping"]], r=r)
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
    return {
        "files": files,
        "describe": docs.describe(plan, files),
        "mapping_title": docs.MAPPING_TITLE,
        "rows": docs.rows(plan),
        "warnings": docs.warnings(plan),
        "app_docs": docs.app_docs(plan, {a["name"]: a["env"] for a in ctx["apps"]}),
        "costs": docs.costs(plan),
        "checkov_skip_list": docs.checkov_skip_list(plan),
        "security_notes": docs_ops.security_notes(plan, ctx["needs"], ctx["efs"]),
        "replacements": docs_ops.replacements(plan, tf_id, ctx["efs"]),
        "kms_replaced": docs_ops.names([r.name for r in plan.resources if r.mapping in ("rds", "elasticache")]
                                       + [f"{f.source} (EFS)" for f in ctx["efs"]]),
        "kms_replaced_count": sum(r.mapping in ("rds", "elasticache") for r in plan.resources) + len(ctx["efs"]),
        "kms_covers": docs_ops.names(
            (["the RDS storage, Performance Insights and the RDS master secret"] if ctx["by_mapping"]["rds"] else [])
            + (["ElastiCache at rest"] if ctx["by_mapping"]["elasticache"] else [])
            + (["the EFS file systems"] if ctx["efs"] else []) + ["the Secrets Manager secrets"]),
        "timescale_on_rds": any(r.kind == "timescaledb" and r.mapping == "rds" for r in plan.resources),
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

    pg = {r.name for r in plan.resources if r.mapping in ("rds", "tiger-cloud")}
    out = []
    for app in sorted(plan.apps, key=lambda a: a.name):
        known = unverified_postgres(app.image)
        if known and any(v.override and v.override.resource in pg for v in app.env):
            out.append((app.name, *known))
    return out
