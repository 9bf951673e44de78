"""Hand-made compose projects for unit tests (no loader needed)."""

from __future__ import annotations

from types import MappingProxyType

from generator.model import Build, ComposeProject, Dependency, Healthcheck, Mount, NetworkAttachment, Port, Service


def svc(name: str, image: str | None = None, *, command=None, entrypoint=None, env=None, ports=(), volumes=(),
        health=None, depends=(), build=None, profiles=(), container_name=None, aliases=(), links=(), restart=None,
        raw=None) -> Service:
    mounts = []
    for v in volumes:
        source, _, target = v.partition(":")
        ro = target.endswith(":ro")
        target = target.removesuffix(":ro")
        kind = "bind" if source.startswith((".", "/")) else "volume"
        mounts.append(Mount(type=kind, source=source or None, target=target, read_only=ro))
    return Service(
        name=name,
        image=image,
        build=Build(context=build[0], dockerfile=build[1] if len(build) > 1 else None) if build else None,
        command=tuple(command.split()) if isinstance(command, str) else (tuple(command) if command else None),
        entrypoint=tuple(entrypoint) if entrypoint else None,
        environment=MappingProxyType(dict(env or {})),
        ports=tuple(Port(target=p) for p in ports),
        volumes=tuple(mounts),
        healthcheck=Healthcheck(test=tuple(health)) if health else None,
        depends_on=tuple(Dependency(d) for d in depends),
        profiles=tuple(profiles),
        container_name=container_name,
        networks=MappingProxyType({"default": NetworkAttachment(aliases=tuple(aliases))} if aliases else {}),
        links=tuple(links),
        restart=restart,
        raw=MappingProxyType(dict(raw or {})),
    )


def project(*services: Service, name: str = "demo", working_dir: str = "/nonexistent/demo", extensions=None,
            files=None) -> ComposeProject:
    return ComposeProject(
        name=name,
        working_dir=working_dir,
        files=tuple(files or (f"{working_dir}/compose.yaml",)),
        services=MappingProxyType({s.name: s for s in sorted(services, key=lambda s: s.name)}),
        extensions=MappingProxyType(dict(extensions or {})),
    )


def server2() -> ComposeProject:
    url = "postgres://server2:devpassword@timescaledb:5432/server2?sslmode=disable"
    app_env = {"DATABASE_URL": url, "REDIS_URL": "redis://redis:6379/0", "VAULT_ADDR": "http://vault:8200",
               "VAULT_TOKEN": "dev-root-token", "LOG_LEVEL": "info"}
    return project(
        svc("server2", "ghcr.io/example/server2:latest", env={**app_env, "HTTP_PORT": "8080"}, ports=(8080,),
            depends=("timescaledb", "redis", "vault"), health=("CMD", "wget", "-qO-", "http://localhost:8080/healthz"),
            restart="unless-stopped"),
        svc("worker", "ghcr.io/example/server2:latest", command=["server2", "worker"], env=app_env,
            depends=("timescaledb", "redis", "vault"), restart="unless-stopped"),
        svc("migrate", "ghcr.io/example/server2:latest", command="server2 migrate up", env={"DATABASE_URL": url},
            depends=("timescaledb",), profiles=("tools",)),
        svc("timescaledb", "timescale/timescaledb:2.17.2-pg16",
            env={"POSTGRES_USER": "server2", "POSTGRES_PASSWORD": "devpassword", "POSTGRES_DB": "server2"},
            ports=(5432,), volumes=("timescale-data:/var/lib/postgresql/data", "./db/init:/docker-entrypoint-initdb.d:ro"),
            health=("CMD-SHELL", "pg_isready -U server2 -d server2")),
        svc("vault", "hashicorp/vault:1.18", command="server -dev -dev-listen-address=0.0.0.0:8200",
            env={"VAULT_DEV_ROOT_TOKEN_ID": "dev-root-token", "VAULT_ADDR": "http://127.0.0.1:8200"},
            ports=(8200,), volumes=("vault-data:/vault/file",), health=("CMD", "vault", "status")),
        svc("redis", "redis:7.4-alpine", command=["redis-server", "--appendonly", "yes", "--maxmemory-policy", "allkeys-lru"],
            ports=(6379,), volumes=("redis-data:/data",)),
        name="server2",
    )
