"""TimescaleDB → Tiger Cloud (timescale/timescale provider: `timescale_service`, optionally a peered Tiger Cloud VPC,
the apps' own role). decide.py holds the plan stage; main.tf.j2, outputs.tf.j2 and the README/MIGRATION sections sit
here."""

from __future__ import annotations

from typing import Any, Mapping

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.render.escape import hcl_ident, hcl_literal
from generator.targets.aws.base import AwsBase
from generator.targets.aws.common import DB_APP_SKIP, PASSWORDS_READ, POSTGRES_TLS, app_role_outputs, tf_id
from generator.targets.aws.mappings.tiger import decide as _decide
from generator.targets.aws.mappings.tiger.decide import MILLI_CPU


class Tiger(AwsBase):
    name = "tiger-cloud"
    kinds = ("timescaledb",)
    title = "Tiger Cloud (timescale_service)"
    here = __file__
    home = "timescale"
    providers = ("random", "timescale")
    # ForceNew in timescale 2.13.3 internal/provider/service_resource.go
    replaced_by = ("timescale_service", (("region_code", "var.region"),))
    state_secret = PASSWORDS_READ
    env_secret = "the apps' database role password"
    checkov_skips = DB_APP_SKIP
    engine_family = "postgresql"

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        return _decide.decide(resource, rec)

    def peering(self, resource: Resource) -> bool:
        return bool(resource.settings.get("vpc_peering"))

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        svc = f"timescale_service.{tf_id(resource.name)}"
        return {
            "host": Output(f"{svc}.hostname", f"<{svc}.hostname>"),
            "port": Output(f"{svc}.port", f"<{svc}.port>"),
            **app_role_outputs(resource),  # the apps' own role (decide.py: app_role), never tsdbadmin
            "database": Output('"tsdb"', "tsdb"),
        }

    def variables(self, r: Mapping[str, Any], ctx: Mapping[str, Any]) -> list:
        from generator.targets.aws.variables import var

        i, n, s = hcl_ident(r["id"]), r["name"], r["s"]
        out = [
            var(f"{i}_milli_cpu", "number", f"{n} (Tiger Cloud): CPU in millicores.", s["milli_cpu"],
                conditions=[(f"contains({hcl_literal(list(MILLI_CPU))}, var.{i}_milli_cpu)",
                             "Tiger Cloud sizes: " + ", ".join(map(str, MILLI_CPU)) + ".")]),
            var(f"{i}_memory_gb", "number", f"{n} (Tiger Cloud): memory in GB, milli_cpu / 250.", s["memory_gb"],
                conditions=[(f"var.{i}_memory_gb * 250 == var.{i}_milli_cpu",
                             "Tiger Cloud pairs 4 GB of memory with each vCPU: memory_gb = milli_cpu / 250.")]),
            var(f"{i}_ha_replicas", "number",
                f"{n} (Tiger Cloud): HA replicas (0 none, 1 high availability, 2 highest).", s["ha_replicas"],
                conditions=[(f"contains([0, 1, 2], var.{i}_ha_replicas)", "ha_replicas is 0, 1 or 2.")]),
            var(f"{i}_sync_replicas", "number",
                f"{n} (Tiger Cloud): synchronous replicas (1 only with 2 HA replicas).", s["sync_replicas"],
                conditions=[(f"var.{i}_sync_replicas == 0 || (var.{i}_sync_replicas == 1 && var.{i}_ha_replicas == 2)",
                             "sync_replicas = 1 needs ha_replicas = 2.")]),
        ]
        if s.get("vpc_peering"):
            out.append(var(f"{i}_vpc_cidr", "string",
                           f"{n} (Tiger Cloud): CIDR of the Tiger Cloud VPC; must not overlap the app VPC.",
                           s["vpc_cidr"], conditions=[(f"can(cidrhost(var.{i}_vpc_cidr, 0))", "Give an IPv4 CIDR block.")]))
        return out

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        s, name = resource.settings, resource.name
        cpu = s["milli_cpu"] // 1000 if s["milli_cpu"] >= 1000 else s["milli_cpu"] / 1000
        return {
            "preface": PREFACE,
            "tls_intro": POSTGRES_TLS,
            "tls": self.template("tls.md.j2"),
            "roles": self.template("roles.md.j2"),
            "migration": self.template("migration.md.j2"),
            "restores_database": True,
            "cost": f"{name}: Tiger Cloud {cpu} vCPU / {s['memory_gb']} GB; each HA replica ({s['ha_replicas']}) is "
                    "billed as another node; storage is billed per GB used.",
            "exposure": f"{name} (Tiger Cloud) is attached to a Tiger Cloud VPC peered with `var.vpc_id`"
                        if s.get("vpc_peering") else
                        f"**{name} (Tiger Cloud) has a public endpoint** (TLS and its password required); "
                        "`x-c2p.aws.vpc_peering: true` attaches it to a peered VPC instead",
            "tls_note": f"{name}: Tiger Cloud accepts TLS connections only (`sslmode={s.get('sslmode')}`)",
            "kept": f"{name}: `prevent_destroy`",
        }


MAPPING = Tiger()
PREFACE = MAPPING.template("preface.md.j2")  # also RDS's, for a TimescaleDB service forced onto it
