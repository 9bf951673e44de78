"""What a k8s mapping provides beyond generator/mapping.py `Mapping`, and how its templates beside it are rendered.

A k8s mapping is a folder generator/targets/k8s/mappings/<name>/ whose `__init__.py` exposes `MAPPING` (a
`K8sMapping`), listed once in generator/targets/k8s/__init__.py `MAPPINGS`. Its decide code, its render code and its
templates (`templates/`: manifests, chart values, its README and MIGRATION sections) live in that folder; `render`
below renders them with the helm delimiters `[[ ]]`/`[% %]` and the escaping of their language (generator/render/jinja.py
`render_beside`). render.py, names.py, certs.py, netpol.py, access_decide.py, envwire.py, vso*.py, app_values.py,
docs*.py and workload/* ask the resource's mapping (`mapping_of`) and never compare `resource.mapping` with a name.

Docs. README.md and MIGRATION.md (templates/helm/docs) print what the mappings return, grouped by mapping, in `MAPPINGS`
order (`by_mapping`). Markdown comes back as `Raw` text the mapping rendered from its own `*.md.j2` templates (so every
value in it was escaped there); plain strings are escaped by the main template. `docs(plan, resource)`, once per
planned resource, returns
  "files":     Raw: its rows of README's "What was generated" table, each "| `path` | what |\n"
  "readme":    Raw: its README section, "\n## <service> → …\n…" with its settings table (include
               "helm/docs/settings.md.j2" with `decisions`)
  "migration": Raw: its MIGRATION.md section, "\n## <service> → …\n…" ("" when there is nothing to say)
`guide(plan, resources)`, once per mapping with at least one planned resource (resources in plan order), returns
  "repos":        [(helm repo name, url)] for README's `helm repo add` block
  "pinned":       [str] what it installs at which version ("CloudNativePG 1.30.0 (chart …)"), for "Pinned versions"
  "install":      [(step key, Raw)] its "Install, in order" steps, keys = `install_steps(resources)`, each text
                  "\n<n>. **…**\n…" where n = docs_install.steps(plan)[key] (every text may cite any step's number)
  "apps_note":    Raw: appended to the app chart's "Secrets only by secretKeyRef." point ("" for nothing)
  "after":        Raw: printed after all its resources' README sections ("" for nothing)
Every key is required (docs.py checks). What differs between the kinds one mapping realises (PostgreSQL/TimescaleDB)
is decided in the mapping's own docs code and templates: the main templates never test a kind or a mapping name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping as MappingType, Protocol, Sequence

from generator.mapping import Mapping

if TYPE_CHECKING:
    from generator.plan.model import Plan, Resource

DOCS_KEYS = ("files", "readme", "migration")
GUIDE_KEYS = ("repos", "pinned", "install", "apps_note", "after")


class K8sMapping(Mapping, Protocol):
    label: str  # what env/<app>.env says a value comes from: "CloudNativePG cluster"
    runner: str  # who runs the server, for "Not carried over": "CloudNativePG", "the redis-operator"
    env_note: str  # what becomes of compose's `environment` of the stateful service ("Not carried over")
    operator_namespace: str | None  # where its operator runs (its NetworkPolicy admits it); None: no operator
    access_namespaces: MappingType[str, str]  # other namespaces its NetworkPolicy admits: settings.access key → namespace
    serves_vault_api: bool  # it is a Vault (VAULT_ADDR): apps wired to it get a Vault role, VSO syncs from it
    init_sql: bool  # compose's /docker-entrypoint-initdb.d scripts are carried over (workload/initsql.py)
    peers: str  # who besides the apps reaches its pods, for the network_policy decision's reason
    cert_manager_for: str | None  # who besides the release CA needs cert-manager ("the barman-cloud plugin"), or None
    public_ca_for: str | None  # who needs the release CA's public certificate as a Secret with only ca.crt, or None

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        """Every object name it brings into the namespace (checked for collisions with the apps')."""

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        """{secret, dns, ips, usages, labels, why, what, reload} of the certificate it serves (signed by the release
        CA), or None (no TLS). `what`: "CloudNativePG cluster"; `reload`: how it picks up a renewed certificate,
        ("reloads", "CloudNativePG reloads its own (label `cnpg.io/reload`)") or ("restart", "Redis")."""

    def network_policies(self, plan: Plan, resource: Resource) -> tuple[str, list[dict[str, Any]]]:
        """(header: who may reach what, for the file's comment; the NetworkPolicies admitting exactly its consumers,
        its own pods and its operator) — settings["access"] (access_decide.py) says who the consumers are."""

    def wait_for(self, resource: Resource, job: bool = False) -> tuple[str, int]:
        """(host, port) an app's init container waits on when it depends_on this service."""

    def install_steps(self, resources: Sequence[Resource]) -> tuple[str, ...]:
        """The README install step keys it adds for these resources, in order ("cnpg", "backup", "clusters")."""

    def guide(self, plan: Plan, resources: Sequence[Resource]) -> MappingType[str, Any]:
        """Its mapping-wide parts of README.md (GUIDE_KEYS above)."""


def mapping_of(resource: Resource) -> K8sMapping | None:
    """The mapping that realised a planned resource (None for "unsupported" or an unknown name)."""
    from generator.targets.k8s import MAPPINGS

    return next((m for m in MAPPINGS if m.name == resource.mapping), None)


def by_mapping(plan: Plan) -> list[tuple[K8sMapping, list[Resource]]]:
    """The planned resources grouped by mapping, in `MAPPINGS` order (resources in plan order); mappings with none left out."""
    from generator.targets.k8s import MAPPINGS

    groups = [(m, [r for r in plan.resources if mapping_of(r) is m]) for m in MAPPINGS]
    return [(m, rs) for m, rs in groups if rs]


def render(folder: str | Path, name: str, **context: Any) -> str:
    """Render <folder>/templates/<name> (`folder`: the mapping's package, e.g. Path(__file__).parent) with the helm
    delimiters; the output language follows the name (`*.yaml.j2` YAML, `*.md.j2` Markdown), escaping as everywhere."""
    from generator.render.jinja import render_beside

    return render_beside(Path(folder) / "templates", name, **context)
