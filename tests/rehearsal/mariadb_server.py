"""A real MariaDB server for the rehearsal tier (Debian's `mariadb-server`, 10.11 on bookworm), on 127.0.0.1 in a
temporary datadir made by mariadb-install-db. The production side (`tls=True`) has a server certificate from the
test CA and `require_secure_transport=ON`, as RDS with `require_secure_transport=1` and the operators' TLS-only
servers have: every TCP login without TLS is refused. The compose side (`tls=False`) takes plain TCP logins, as the
dev container does. Administration (`sql`, `admin_args`) is root over the unix socket, which MariaDB counts as a
secure transport (https://mariadb.com/kb/en/server-system-variables/#require_secure_transport).

mariadbd refuses to run as root unless told to, so as root (these machines, CI) it runs as the `mysql` system user
that the Debian package creates (`--user=mysql`); the folders are made for that user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.rehearsal.servers import TestCA, _terminate, _wait_port, free_port

MARIADBD = Path("/usr/sbin/mariadbd")
INSTALL_DB = "mariadb-install-db"
CLIENT = "mariadb"


def _q(name: str) -> str:
    """A MariaDB identifier, backquoted."""
    return "`" + name.replace("`", "``") + "`"


def _s(value: str) -> str:
    """A MariaDB string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass
class MariaDBServer:
    root: Path
    ca: TestCA | None
    tls: bool
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def socket(self) -> Path:
        return self.root / "mariadb.sock"

    @property
    def ca_cert(self) -> Path | None:
        return self.ca.cert if self.ca and self.tls else None

    def start(self, extra: tuple[str, ...] = ()) -> "MariaDBServer":
        data, log = self.root / "data", self.root / "server.log"
        self.root.mkdir(parents=True, exist_ok=True)
        as_root = os.geteuid() == 0
        user = ["--user=mysql"] if as_root else []
        if as_root:
            shutil.chown(self.root, "mysql", "mysql")
        subprocess.run([INSTALL_DB, "--no-defaults", f"--datadir={data}", *user, "--skip-test-db",
                        "--auth-root-authentication-method=normal", "--skip-name-resolve"],
                       check=True, capture_output=True)
        args = ["--no-defaults", f"--datadir={data}", *user, f"--socket={self.socket}", f"--port={self.port}",
                f"--bind-address={self.host}", f"--pid-file={self.root / 'mariadb.pid'}", f"--log-error={log}",
                "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=16M",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-log-file-size=16M", "--max-connections=40"]
        if self.tls:
            assert self.ca is not None
            crt, key = self.ca.issue(f"mariadb-{self.port}")
            for path in (crt, key):
                os.chmod(path, 0o644)  # the mysql user reads them; a throwaway key in a throwaway folder
            args += [f"--ssl-cert={crt}", f"--ssl-key={key}", f"--ssl-ca={self.ca.cert}",
                     "--require-secure-transport=ON"]
        log.touch()
        if as_root:
            shutil.chown(log, "mysql", "mysql")
        self.proc = subprocess.Popen([str(MARIADBD), *args, *extra], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT)
        _wait_port(self.port, self.proc, "mariadbd", log, seconds=60)
        return self

    def stop(self) -> None:
        _terminate(self.proc)

    # --- administration: root over the unix socket ---------------------------------------------------------
    def admin_args(self, program: str = CLIENT) -> list[str]:
        """`mariadb`, `mariadb-dump`, … as root over the unix socket (no password: a throwaway datadir)."""
        return [program, "--no-defaults", f"--socket={self.socket}", "--user=root"]

    def sql(self, statements: str, db: str | None = None) -> list[list[str]]:
        """`statements` as root; the rows of the last result set as lists of strings (tab-separated batch output)."""
        argv = [*self.admin_args(), "--batch", "--skip-column-names", *([db] if db else [])]
        out = subprocess.run(argv, input=statements, check=True, capture_output=True, text=True, timeout=60).stdout
        return [line.split("\t") for line in out.splitlines()]

    def create_user(self, user: str, password: str, db: str | None = None, require_ssl: bool | None = None) -> None:
        """A login from any host (`user`@`%`) with ALL on `db` (created when missing); REQUIRE SSL on the TLS side
        unless told otherwise."""
        ssl = self.tls if require_ssl is None else require_ssl
        stmts = [f"CREATE USER {_s(user)}@'%' IDENTIFIED BY {_s(password)}{' REQUIRE SSL' if ssl else ''};"]
        if db:
            stmts += [f"CREATE DATABASE IF NOT EXISTS {_q(db)};", f"GRANT ALL ON {_q(db)}.* TO {_s(user)}@'%';"]
        self.sql("\n".join(stmts))

    def reset(self) -> None:
        """Back to a fresh server: every database but the system ones and every user but the built-in ones, gone."""
        system = ("information_schema", "mysql", "performance_schema", "sys")
        for (db,) in self.sql("SHOW DATABASES;"):
            if db not in system:
                self.sql(f"DROP DATABASE {_q(db)};")
        for user, host in self.sql("SELECT User, Host FROM mysql.global_priv;"):
            if user not in ("root", "mysql", "mariadb.sys", ""):
                self.sql(f"DROP USER {_s(user)}@{_s(host)};")

    # --- a client over TCP, as an app or an operator would connect -----------------------------------------
    def client_args(self, user: str, db: str | None = None, ca: Path | None = None, tls: bool | None = None,
                    program: str = CLIENT) -> list[str]:
        """`mariadb` (or `mariadb-dump`, …) over TCP as `user` (the password through MYSQL_PWD, see client_env):
        on the TLS side with --ssl-ca and --ssl-verify-server-cert (the certificate must chain to `ca`, default the
        test CA, and name the host)."""
        tls = self.tls if tls is None else tls
        argv = [program, "--no-defaults", f"--host={self.host}", f"--port={self.port}", f"--user={user}",
                "--protocol=TCP"]
        if tls:
            argv += ["--ssl", f"--ssl-ca={ca or self.ca_cert}", "--ssl-verify-server-cert"]
        else:
            argv += ["--skip-ssl"]
        return argv + ([db] if db else [])

    @staticmethod
    def client_env(password: str) -> dict[str, str]:
        return {"MYSQL_PWD": password, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent"}
