"""README and MIGRATION.md sections of the MariaDB mapping (targets/k8s/mapping.py, "Docs"): its templates/."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from generator.plan.model import Plan, Resource
from generator.render.escape import Raw
from generator.targets.k8s import certs, versions as V
from generator.targets.k8s.docs_install import item, shared
from generator.targets.k8s.mappings import sqlfamily as F
from generator.targets.k8s.mappings.mariadb.decide import TOPOLOGY_WHY

HERE = Path(__file__).parent
FILES = ("mariadb", "database", "user", "grant", "physicalbackup")
WHAT = {"mariadb": "the MariaDB server (mariadb-operator `MariaDB`: replication, TLS, storage)",
        "database": "the app's database (`Database`)", "user": "the app's account, REQUIRE SSL (`User`)",
        "grant": "its privileges on its database (`Grant`)",
        "physicalbackup": "daily physical backups to S3 (`PhysicalBackup`; FILL IN bucket and credentials)"}
INSTALL_KEYS = ("mariadb-operator", "mariadb")


def docs(plan: Plan, resource: Resource) -> Mapping[str, Any]:
    s = resource.settings
    db = resource.facts.databases[0] if resource.facts.databases else None
    ctx = {**shared(plan), "x": item(resource), "r": resource, "s": s, "topology": TOPOLOGY_WHY[0].upper() + TOPOLOGY_WHY[1:],
           "decisions": F.decision_rows(resource), "cert_file": certs.certificate_file(s["server_tls_secret"]),
           "db_source": "MARIADB_DATABASE/MARIADB_USER or their MYSQL_ names" if db else "none given: 'app'"}
    migration = F.migration_context(resource, "mariadb", "MARIADB_ROOT_PASSWORD")
    return {
        "files": F.file_rows([(f"manifests/{resource.name}/{f}.yaml", WHAT[f]) for f in FILES]),
        "readme": Raw(F.render_doc(HERE, "readme.md.j2", **ctx)),
        "migration": Raw(F.render_doc(HERE, "migration.md.j2", **ctx, **migration)),
    }


def guide(plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
    numbers = shared(plan)["steps"]
    rs = [{"r": r, "s": r.settings} for r in resources]
    return {
        "repos": [],  # the charts come from an OCI registry: no `helm repo add`
        "pinned": [f"mariadb-operator {V.MARIADB_OPERATOR} (charts mariadb-operator-crds and mariadb-operator "
                   f"{V.MARIADB_OPERATOR_CHART}, {V.MARIADB_OPERATOR_REPO})"],
        "install": [(key, Raw(F.render_doc(HERE, f"install-{key}.md.j2", rs=rs, V=V, n=numbers[key])))
                    for key in INSTALL_KEYS],
        "apps_note": F.APPS_NOTE, "after": "",
    }


def install_keys() -> tuple[str, ...]:
    return INSTALL_KEYS
