"""Redis and Valkey → the OT-CONTAINER-KIT redis-operator: a RedisReplication watched by a RedisSentinel
(redis_decide.py decides, redis.py and templates/ render, docs.py writes its README and MIGRATION.md sections)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from generator.mapping import Output
from generator.plan.model import Plan, Resource
from generator.plan.recorder import Recorder
from generator.targets.k8s import netpol
from generator.targets.k8s.certs import DOMAIN, forms
from generator.targets.k8s.mappings.redis_operator import redis
from generator.targets.k8s.mappings.redis_operator.redis_decide import PORT, SENTINEL_PORT

OPERATOR_NAMESPACE = "ot-operators"  # where the README installs the operator


class RedisOperatorMapping:
    name = "redis-operator"
    kinds = ("redis",)
    title = "OT-CONTAINER-KIT redis-operator (RedisReplication + RedisSentinel)"
    label = "redis-operator RedisReplication"
    runner = "the redis-operator"
    env_note = ("read by c2p for auth and persistence; the password is generated into a Secret; other settings "
                "are not copied (add them to the Redis ConfigMap)")
    operator_namespace = OPERATOR_NAMESPACE
    access_namespaces: Mapping[str, str] = {}
    peers = f"the replication and Sentinel pods among themselves and the operator in namespace {OPERATOR_NAMESPACE}"
    cert_manager_for = None
    public_ca_for = None
    serves_vault_api = False
    init_sql = False

    def decide(self, resource: Resource, rec: Recorder) -> Resource:
        from generator.targets.k8s.mappings.redis_operator.redis_decide import decide_redis

        return decide_redis(resource, rec)

    def outputs(self, resource: Resource, job: bool = False) -> Mapping[str, Output]:
        """The password is generated hex (README), so it needs no URL encoding inside REDIS_URL."""
        st, ps = resource.settings, resource.settings["password_secret"]
        return {
            "host": Output(value=redis.host(resource)),
            "port": Output(value=str(st["port"])),
            "username": Output(value=st.get("username") or ""),
            "password": Output(secret=(ps["name"], ps["key"])),
        }

    def render(self, plan: Plan, resource: Resource) -> dict[str, str]:
        return redis.render(plan, resource)

    def object_names(self, resource: Resource) -> tuple[str, ...]:
        return redis.generated_names(resource.settings["name"])

    def server_certificate(self, resource: Resource, ns: str) -> dict[str, Any] | None:
        st = resource.settings
        if not st.get("ca_file"):
            return None
        n = st["name"]
        dns = [x for s in (st["host"], f"{n}-replica", f"{n}-sentinel") for x in forms(s, ns)]
        dns += [f"*.{n}-headless.{ns}.svc.{DOMAIN}", f"*.{n}-sentinel-headless.{ns}.svc.{DOMAIN}"]
        return {"secret": st["tls_secret"], "dns": dns, "ips": [],
                # replicas and Sentinels present the same certificate as TLS clients (tls-replication)
                "usages": ["server auth", "client auth"], "labels": {},
                "why": f"Redis {n}: the primary's Service apps connect to, the replicas', the Sentinels' and the pods'",
                "what": "Redis", "reload": ("restart", "Redis")}

    def network_policies(self, plan: Plan, resource: Resource) -> tuple[str, list[dict[str, Any]]]:
        access, name = resource.settings["access"], resource.settings["name"]
        op = access.get("operator_namespace")
        # the operator labels replication pods app=<name>,role=replication and Sentinel pods app=<name>-sentinel,role=sentinel
        own = {"app": name, "role": "replication"}
        sentinel = {"app": f"{name}-sentinel", "role": "sentinel"}
        head = (f"the Redis pods of {name}: 6379 from the app services that use it ({', '.join(access['consumers']) or 'none'}), "
                "from the Redis and\n# Sentinel pods and from namespace "
                f"{op} (the operator); the Sentinels: 26379 from the same apps,\n# from each other and from the operator.")
        return head, [
            netpol.policy(plan, f"{name}-access", own, netpol.apps(access, PORT) + [
                netpol.pods(own, PORT), netpol.pods(sentinel, PORT), netpol.namespace(op, PORT)]),
            netpol.policy(plan, f"{name}-sentinel-access", sentinel, netpol.apps(access, SENTINEL_PORT) + [
                netpol.pods(sentinel, SENTINEL_PORT), netpol.namespace(op, SENTINEL_PORT)]),
        ]

    def wait_for(self, resource: Resource, job: bool = False) -> tuple[str, int]:
        return redis.host(resource), PORT

    def install_steps(self, resources: Sequence[Resource]) -> tuple[str, ...]:
        return ("redis",)

    def docs(self, plan: Plan, resource: Resource) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.redis_operator import docs

        return docs.docs(plan, resource)

    def guide(self, plan: Plan, resources: Sequence[Resource]) -> Mapping[str, Any]:
        from generator.targets.k8s.mappings.redis_operator import docs

        return docs.guide(plan, resources)


MAPPING = RedisOperatorMapping()
