"""README and MIGRATION.md sections of the MySQL mapping (targets/k8s/mapping.py, "Docs"): its templates/."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from generator.plan.model import Plan, Resource
from generator.render.escape import Raw
from generator.targets.k8s import certs, versions as V
from generator.targets.k8s.docs_install import item, shared
from generator.targets.k8s.mappings import sqlfamily as F

HERE = Path(__file__).parent
INSTALL_KEYS = ("pxc-operator", "pxc")
# The tables pxc_strict_mode=ENFORCING refuses writes to: not InnoDB, or InnoDB without a primary key. Printed by
# MIGRATION.md step 0 (`$1` is the database).
STRICT_SQL = ("SELECT t.table_name, t.engine FROM information_schema.tables t WHERE t.table_schema = DATABASE() "
              "AND t.table_type = 'BASE TABLE' AND (t.engine <> 'InnoDB' OR NOT EXISTS (SELECT 1 FROM "
              "information_schema.table_constraints c WHERE c.table_schema = t.table_schema AND c.table_name = "
              "t.table_name AND c.constraint_type = 'PRIMARY KEY'))")


def strict_script() -> str:
    return f'{F.COMPOSE_LOGIN} exec mysql -u"$u" -N -e "{STRICT_SQL}" "$1"'


def docs(plan: Plan, resource: Resource) -> Mapping[str, Any]:
    s = resource.settings
    ctx = {**shared(plan), "x": item(resource), "r": resource, "s": s, "decisions": F.decision_rows(resource),
           "cert_file": certs.certificate_file(s["server_tls_secret"])}
    migration = F.migration_context(resource, "mysql", "MYSQL_ROOT_PASSWORD")
    return {
        "files": F.file_rows([(f"manifests/{resource.name}/perconaxtradbcluster.yaml",
                               "the MySQL cluster (`PerconaXtraDBCluster`: nodes, HAProxy, TLS, the app's database "
                               "and account, backups; FILL IN the backup bucket)")]),
        "readme": Raw(F.render_doc(HERE, "readme.md.j2", **ctx)),
        "migration": Raw(F.render_doc(HERE, "migration.md.j2", **ctx, strict_script=strict_script(), **migration)),
    }


def guide(plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
    numbers = shared(plan)["steps"]
    rs = [{"r": r, "s": r.settings} for r in resources]
    return {
        "repos": [("percona", V.PXC_REPO)],
        "pinned": [f"Percona Operator for MySQL based on Percona XtraDB Cluster {V.PXC_OPERATOR} (chart "
                   f"percona/pxc-operator {V.PXC_OPERATOR_CHART})"],
        "install": [(key, Raw(F.render_doc(HERE, f"install-{key}.md.j2", rs=rs, V=V, n=numbers[key])))
                    for key in INSTALL_KEYS],
        "apps_note": F.APPS_NOTE, "after": "",
    }


def install_keys() -> tuple[str, ...]:
    return INSTALL_KEYS
