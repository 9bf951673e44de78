"""What a mapping of --target aws declares beyond generator/mapping.py `Mapping`, so that the target's shared files
(versions.tf, variables.tf, outputs.tf, README.md, MIGRATION.md, the env files) never ask which mapping a resource has.

A mapping is a folder generator/targets/aws/mappings/<name>/ whose `__init__.py` exposes `MAPPING` (an `AwsMapping`),
listed once in generator/targets/aws/__init__.py `MAPPINGS`. Its templates sit beside it (render/jinja.py `beside`):
`main.tf.j2` (its resources, terraform/<service>.tf), `outputs.tf.j2` (its blocks of outputs.tf) and the README/MIGRATION sections its
`docs()` names. `base.AwsBase` implements the plumbing (render, outputs.tf, docs defaults) for a mapping.

Templates get `r`, the resource as render.resource_ctx prints it (`r.name`, `r.id` Terraform name, `r.aws` AWS name
part, `r.kind`, `r.engine`, `r.s` settings, `r.res` the plan Resource, `r.versions`), and README sections that print one
block per mapping get `rs`, that mapping's resources in plan order.

docs(plan, resource) keys (each optional; a section is a template name, `beside` the mapping):
  sections printed once per mapping, with `rs`, in MAPPINGS order, where README.md.j2 / MIGRATION.md.j2 put them
  (any template may also read the shared context: region, name_prefix, project, docs, dump_user, dump_db, …):
    "preface"     README, before "The app's environment" (printed once even if several mappings name it)
    "tls_intro"   README, the intro of "TLS" (printed once even if several mappings name it: common.POSTGRES_TLS)
    "tls"         README, its bullets of "TLS: the apps verify the database's certificate" (the heading prints when
                  any mapping has "tls"), after the distinct "tls_intro" templates (common.POSTGRES_TLS for PostgreSQL:
                  sslmode, and the apps known to ignore it)
    "roles"       README, its part of "Database roles" (also adds the apply step "Create the apps' database roles")
    "guide"       README, a section of its own after the roles (HCP Vault's auth method, Secrets Manager's changes)
    "kms"         README, a paragraph of "Encryption keys" after the shared sentence
    "operations"  README, after "Replacements that would lose data" (Upgrades, Rotating the auth token)
    "apply_first" README "Apply", one numbered step per resource, before the credentials (`r` and `step`)
    "apply_setup" README "Apply", one numbered step per mapping, after the data restore
  a section printed once per resource, with `r`:
    "migration"   MIGRATION.md, under "## <name> (<kind> → <title>)"
  text (Python strings; Markdown, printed through the Markdown escaper), per resource:
    "cost"        README "Cost-relevant choices", one line
    "exposure"    Security notes, "Network:" clause, for a mapping that is not `in_vpc` (those share one sentence)
    "tls_note"    Security notes, "TLS in transit:" clause
    "kept"        Security notes, "Against data loss:" clause
  flags:
    "restores_database"  MIGRATION.md restores a database dump into it (the apply step "restore the database(s)")
  data a mapping's own templates read (any other key), e.g. Secrets Manager's "secret_names".

Providers other than aws (hcp, timescale) are configured once per output whatever uses them: providers.tf.j2, the
provider inputs (variables.PROVIDER_VARIABLES), terraform.tfvars.example and README's credentials step, by provider
name, as versions.tf lists them.

Orders (kept as the output had them): Terraform (files, variables, outputs) and README sections follow MAPPINGS;
security-note clauses list the in-VPC mappings first, then the others, each in MAPPINGS order, except "Network:", whose
clauses after the in-VPC sentence follow the provider that hosts the service (`home`), as versions.tf lists providers;
what Terraform state holds, and the checkov skips README lists, follow common.STATE_SECRETS (`state_secret`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping as MappingType, Protocol, runtime_checkable

from generator.mapping import Mapping

if TYPE_CHECKING:
    from generator.plan.model import Plan, Resource
    from generator.targets.aws.variables import Variable


@runtime_checkable
class AwsMapping(Mapping, Protocol):
    title: str  # README heading and file description: "Amazon RDS for PostgreSQL (aws_db_instance)"
    # In var.private_subnet_ids behind a security group of its own that admits the app's: the output then needs
    # the VPC, the subnets, the app security group and var.kms_key_arn, and the README's "Network:" sentence names it.
    in_vpc: bool
    home: str  # the provider whose network holds the service: "aws", "hcp", "timescale" (security notes' order)
    providers: tuple[str, ...]  # Terraform providers it uses besides aws (keys of common.PROVIDERS)
    kms_covers: str  # what var.kms_key_arn encrypts of it ("" for nothing): README "Encryption keys"
    # (Terraform resource type, ((ForceNew argument, where its value comes from), …)) of its data-holding resource:
    # README "Replacements that would lose data"; a `kms_key_id` among them lists it under "Encryption keys" too.
    replaced_by: tuple[str, tuple[tuple[str, str], ...]] | None
    state_secret: str  # what of it Terraform state holds (docs_ops.STATE_SECRETS), "" for nothing
    env_secret: str  # what of it the apps' environment secret holds that rotates at its source, "" for nothing
    # checkov skip id → (the resource it sits on, {check: reason}); templates print checkov_skips[id][check]
    checkov_skips: MappingType[str, tuple[str, MappingType[str, str]]]
    engine_family: str  # the client protocol: "postgresql", "redis", "vault", "secretsmanager"
    # An output of its kind (plan/model.OUTPUTS) it does not provide on purpose → why; no consumer may ask for it
    # (the registry test checks that the plan's env overrides never do; env.py raises MissingOutput if one did).
    withheld: MappingType[str, str]

    def peering(self, resource: Resource) -> bool:
        """Whether it is reached over a network peering (network.tf reads the account and the app VPC)."""

    def variables(self, r: MappingType[str, Any], ctx: MappingType[str, Any]) -> list[Variable]:
        """Its per-resource inputs of variables.tf (r: the resource context)."""

    def shared_variables(self) -> list[Variable]:
        """Inputs it needs once whatever the number of its resources (e.g. ElastiCache's logs key)."""

    def tfvars(self, r: MappingType[str, Any], ctx: MappingType[str, Any]) -> list[str]:
        """Lines of terraform.tfvars.example for one resource (HCL c2p built)."""

    def docs(self, plan: Plan, resource: Resource) -> MappingType[str, Any]:
        """The keys above."""
