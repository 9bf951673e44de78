"""Real servers for the rehearsal tier: PostgreSQL 15 and Redis 7 from Debian's packages, on 127.0.0.1, in
temporary folders, with a test CA for their TLS certificates. Nothing here imitates a server: every call reaches
the real one. The fixtures in conftest.py start each server once per test run and stop it at the end, even when a
test fails.

PostgreSQL refuses to run as root, so as root (these machines, CI) its programs run as the `postgres` system user
that the Debian package creates; the folders are made for that user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS_SERVER = "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _wait_port(port: int, proc: subprocess.Popen | None, what: str, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def _terminate(proc: subprocess.Popen | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


class TestCA:
    """A throwaway certificate authority (openssl), and server certificates it signs."""

    __test__ = False  # not a test class

    def __init__(self, root: Path):
        self.root = root
        self.cert = root / "ca.crt"
        self._key = root / "ca.key"
        self._openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                      "-keyout", str(self._key), "-out", str(self.cert), "-days", "2", "-subj", "/CN=c2p rehearsal CA")

    def _openssl(self, *args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=self.root)

    def issue(self, name: str, hosts: tuple[str, ...] = ("localhost", "127.0.0.1")) -> tuple[Path, Path]:
        key, csr, crt, ext = (self.root / f"{name}.{x}" for x in ("key", "csr", "crt", "ext"))
        sans = ",".join(f"IP:{h}" if h.replace(".", "").isdigit() else f"DNS:{h}" for h in hosts)
        ext.write_text(f"subjectAltName={sans}\nextendedKeyUsage=serverAuth\n")
        self._openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                      str(key), "-out", str(csr), "-subj", f"/CN={hosts[0]}")
        self._openssl("x509", "-req", "-in", str(csr), "-CA", str(self.cert), "-CAkey", str(self._key),
                      "-CAcreateserial", "-out", str(crt), "-days", "2", "-extfile", str(ext))
        return crt, key


@dataclass
class Postgres:
    """One PostgreSQL 15 cluster: TLS-only TCP logins (`tls`, the production side) or plain ones (the compose side),
    and trust for the superuser `postgres` over the unix socket."""

    root: Path
    ca: TestCA | None
    tls: bool
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def ca_cert(self) -> Path | None:
        return self.ca.cert if self.ca else None

    def bin(self, name: str) -> str:
        return str(PG_BIN / name)

    def start(self) -> "Postgres":
        data, log = self.root / "data", self.root / "server.log"
        self.socket_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        subprocess.run(_as_postgres([self.bin("initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust",
                                     "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)
        conf = [f"listen_addresses = '{self.host}'", f"port = {self.port}",
                f"unix_socket_directories = '{self.socket_dir}'", "password_encryption = 'scram-sha-256'",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 40",
                "shared_buffers = 16MB"]
        hba = ["local all all trust"]
        if self.tls:
            assert self.ca is not None
            crt, key = self.ca.issue(f"pg-{self.port}")
            for src, dst in ((crt, "server.crt"), (key, "server.key")):
                shutil.copy(src, data / dst)
                os.chmod(data / dst, 0o600)
                if os.geteuid() == 0:
                    shutil.chown(data / dst, "postgres", "postgres")
            conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
            hba.append("hostssl all all 127.0.0.1/32 scram-sha-256")  # plain TCP: no line, so refused
        else:
            hba.append("host all all 127.0.0.1/32 scram-sha-256")
        with open(data / "postgresql.conf", "a") as fh:
            fh.write("\n# c2p rehearsal\n" + "\n".join(conf) + "\n")
        (data / "pg_hba.conf").write_text("\n".join(hba) + "\n")
        subprocess.run(_as_postgres([self.bin("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "30", "start"]),
                       check=True, capture_output=True)
        _wait_port(self.port, None, "postgres", log)
        return self

    def stop(self) -> None:
        subprocess.run(_as_postgres([self.bin("pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"]),
                       capture_output=True)

    def superuser_env(self, db: str | None = None) -> dict[str, str]:
        """PG* variables to run psql, pg_dump, pg_restore … as the superuser over the unix socket."""
        env = {"PGHOST": str(self.socket_dir), "PGPORT": str(self.port), "PGUSER": "postgres"}
        return {**env, "PGDATABASE": db} if db else env

    def env(self, user: str, password: str, db: str, sslmode: str = "verify-full") -> dict[str, str]:
        """PG* variables for a TCP login (TLS with the test CA on the production side)."""
        env = {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": user, "PGPASSWORD": password,
               "PGDATABASE": db, "PGSSLMODE": sslmode if self.tls else "disable"}
        return {**env, "PGSSLROOTCERT": str(self.ca_cert)} if self.tls and self.ca_cert else env

    def connect(self, db: str = "postgres"):
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname=db, autocommit=True)

    def run_sql(self, sql: str, db: str = "postgres") -> list[tuple]:
        """`sql` as the superuser; the rows of its last statement (empty when it returns none). Several statements
        in one string run in one implicit transaction, so CREATE/DROP DATABASE must come alone."""
        with self.connect(db) as conn, conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall() if cur.description else []

    def reset(self) -> None:
        """Back to a fresh cluster: every database but postgres and the templates, every role but postgres, gone."""
        dbs = [r[0] for r in self.run_sql("SELECT datname FROM pg_database WHERE datname NOT IN "
                                          "('postgres', 'template0', 'template1')")]
        for db in dbs:
            self.run_sql(f'DROP DATABASE "{db}" WITH (FORCE)')
        roles = [r[0] for r in self.run_sql("SELECT rolname FROM pg_roles WHERE rolname <> 'postgres' "
                                            "AND rolname NOT LIKE 'pg\\_%'")]
        for role in roles:
            self.run_sql(f'DROP OWNED BY "{role}" CASCADE')
            self.run_sql(f'DROP ROLE "{role}"')
        # the postgres database as initdb makes it (PostgreSQL 15): public owned by pg_database_owner, with its
        # comment and USAGE for all (a dump of anything else writes statements a non-owner restore rejects)
        self.run_sql("SELECT lo_unlink(oid) FROM pg_largeobject_metadata")
        self.run_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; "
                     "COMMENT ON SCHEMA public IS 'standard public schema'; GRANT USAGE ON SCHEMA public TO PUBLIC")


@dataclass
class RedisServer:
    root: Path
    ca: TestCA | None
    password: str | None
    tls: bool
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def ca_cert(self) -> Path | None:
        return self.ca.cert if self.ca and self.tls else None

    def start(self, conf_lines: tuple[str, ...] | list[str] = ()) -> "RedisServer":
        self.root.mkdir(parents=True, exist_ok=True)
        base = ["bind 127.0.0.1", "daemonize no", "protected-mode no", f"dir {self.root}", 'save ""',
                "appendonly no", f"logfile {self.root / 'redis.log'}"]
        if self.tls:
            assert self.ca is not None
            crt, key = self.ca.issue(f"redis-{self.port}")
            base += ["port 0", f"tls-port {self.port}", f"tls-cert-file {crt}", f"tls-key-file {key}",
                     f"tls-ca-cert-file {self.ca.cert}", "tls-auth-clients no"]
        else:
            base += [f"port {self.port}"]
        if self.password is not None:
            base += [f"requirepass {self.password}", f"masterauth {self.password}"]
        # the lines under test last: in redis.conf a later directive wins; the listener stays the test's
        ours = [line for line in conf_lines if line.split()[:1] not in (["port"], ["tls-port"], ["bind"], ["dir"],
                                                                          ["logfile"], ["daemonize"])]
        conf = self.root / "redis.conf"
        conf.write_text("\n".join(base + ours) + "\n")
        (self.root / "redis.log").touch()
        self.proc = subprocess.Popen([REDIS_SERVER, str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        _wait_port(self.port, self.proc, "redis-server", self.root / "redis.log")
        return self

    def stop(self) -> None:
        _terminate(self.proc)

    def cli_args(self) -> list[str]:
        """redis-cli arguments reaching this server (the password through REDISCLI_AUTH, see cli_env)."""
        args = ["redis-cli", "-h", self.host, "-p", str(self.port)]
        return args + ["--tls", "--cacert", str(self.ca_cert)] if self.tls else args

    def cli_env(self) -> dict[str, str]:
        return {"REDISCLI_AUTH": self.password} if self.password else {}

    def client(self, **kwargs):
        import redis

        extra = {"ssl": True, "ssl_ca_certs": str(self.ca_cert)} if self.tls else {}
        return redis.Redis(host=self.host, port=self.port, password=self.password, **extra, **kwargs)


def scratch_dir(prefix: str) -> Path:
    """A folder the `postgres` user can reach (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(root, 0o755)
    return root


@dataclass
class VaultServer:
    """Vault in dev mode (in-memory storage, unsealed, a known root token) with a second, TLS listener whose
    certificate comes from `ca`: the production Vault of the rehearsal, reached over TLS only by the apps."""

    root: Path
    ca: TestCA
    binary: str
    token: str = "rehearsal-root-token"
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)  # TLS
    dev_port: int = field(default_factory=free_port)  # dev mode's own plain listener, for the test's set-up only
    proc: subprocess.Popen | None = None

    @property
    def addr(self) -> str:
        return f"https://{self.host}:{self.port}"

    def start(self) -> "VaultServer":
        self.root.mkdir(parents=True, exist_ok=True)
        crt, key = self.ca.issue(f"vault-{self.port}")
        conf = self.root / "tls.hcl"
        conf.write_text(f'listener "tcp" {{\n  address = "{self.host}:{self.port}"\n  tls_cert_file = "{crt}"\n'
                        f'  tls_key_file = "{key}"\n}}\n')
        log = self.root / "vault.log"
        with open(log, "wb") as fh:
            self.proc = subprocess.Popen(
                [self.binary, "server", "-dev", f"-dev-root-token-id={self.token}",
                 f"-dev-listen-address={self.host}:{self.dev_port}", f"-config={conf}"],
                stdout=fh, stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin", "HOME": str(self.root)})
        _wait_port(self.port, self.proc, "vault", log)
        return self

    def stop(self) -> None:
        _terminate(self.proc)

    def cli(self, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        """The real `vault` client with exactly `env` (and a private HOME: no token helper, no stray trust)."""
        return subprocess.run([self.binary, *args], env={"PATH": "/usr/bin:/bin", "HOME": str(self.root), **env},
                              capture_output=True, text=True, timeout=30)
