"""The project-local stack: a PostgreSQL/PostGIS cluster and a Meilisearch instance, each
in its own directory under ``var/`` and on its own loopback port.

PostgreSQL refuses to run as root, so when we are root the cluster runs as the
``postgres`` system user (created by Debian's package). Everything here is idempotent:
``up`` on a running stack does nothing, ``down`` on a stopped one neither.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import psycopg
from psycopg import sql

from catalogue.daemons import Daemon, StackError
from catalogue.geocoding.daemons import Addok, Redis
from catalogue.settings import StackSettings

PG_EXTENSIONS = ("postgis", "unaccent", "pg_trgm", "fuzzystrmatch")


def pg_bindir() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if not candidates:
        raise StackError("PostgreSQL est introuvable : lancez « make install ».")
    return candidates[0].parent


@dataclass
class PostgresCluster:
    settings: StackSettings
    durable: bool = True

    @property
    def os_user(self) -> str | None:
        """The user the server runs as: ``postgres`` when we are root, else ourselves."""
        return "postgres" if os.geteuid() == 0 else None

    @property
    def root(self) -> Path:
        preferred = self.settings.var_dir / "pg"
        if self.os_user is None or self._reachable_by_os_user(preferred.parent):
            return preferred
        # The checkout is somewhere the postgres user cannot enter (e.g. under /root):
        # keep the cluster in a per-checkout directory it can own.
        key = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
        return Path("/var/tmp") / f"maillage-pg-{key}"  # noqa: S108 (owned by postgres, 0700)

    def _reachable_by_os_user(self, path: Path) -> bool:
        # We create and chown the cluster's directories; postgres only has to traverse.
        path.mkdir(parents=True, exist_ok=True)
        probe = subprocess.run(
            ["runuser", "-u", "postgres", "--", "test", "-x", str(path.resolve())],
            check=False,
            capture_output=True,
        )
        return probe.returncode == 0

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_file(self) -> Path:
        return self.root / "postgres.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(pg_bindir() / args[0]), *args[1:]]
        if self.os_user:
            command = ["runuser", "-u", self.os_user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def _prepare_dirs(self) -> None:
        for path in (self.root, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
            if self.os_user:
                shutil.chown(path, self.os_user, self.os_user)

    def is_running(self) -> bool:
        if not (self.data_dir / "PG_VERSION").exists():
            return False
        return self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False).returncode == 0

    def start(self) -> None:
        self._prepare_dirs()
        if not (self.data_dir / "PG_VERSION").exists():
            result = self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                self.settings.pg_user,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                check=False,
            )
            if result.returncode != 0:
                raise StackError(f"initdb a échoué : {result.stderr.strip()}")
            self._write_config()
        if self.is_running():
            return
        options = f"-p {self.settings.pg_port} -k {self.socket_dir}"
        result = self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            check=False,
        )
        if result.returncode != 0:
            tail = (
                self.log_file.read_text(errors="replace")[-2000:] if self.log_file.exists() else ""
            )
            raise StackError(f"PostgreSQL n'a pas démarré : {result.stderr.strip()}\n{tail}")

    def _write_config(self) -> None:
        lines = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.settings.pg_port}",
            "max_connections = 50",
            "shared_buffers = '256MB'",
            "work_mem = '32MB'",
            "maintenance_work_mem = '256MB'",
        ]
        if not self.durable:
            # Throwaway test clusters: speed over crash safety.
            lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        conf = self.data_dir / "postgresql.auto.conf"
        with conf.open("a") as fh:
            fh.write("\n".join(lines) + "\n")

    def stop(self) -> None:
        if self.is_running():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def admin_dsn(self, database: str = "postgres") -> str:
        s = self.settings
        return f"host=127.0.0.1 port={s.pg_port} user={s.pg_user} dbname={database}"

    def ensure_database(self, name: str, *, template: str | None = None) -> bool:
        """Create ``name`` (with our extensions, or as a copy of ``template``) unless it
        exists; True if created."""
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists:
                return False
            if template is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            else:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(template)
                    )
                )
        if template is None:
            with psycopg.connect(self.admin_dsn(name), autocommit=True) as conn:
                for extension in PG_EXTENSIONS:
                    conn.execute(
                        sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(
                            sql.Identifier(extension)
                        )
                    )
        return True

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass
class Meilisearch(Daemon):
    settings: StackSettings
    name: ClassVar[str] = "Meilisearch"

    @property
    def root(self) -> Path:
        return self.settings.var_dir / "meili"

    @property
    def key_file(self) -> Path:
        return self.root / "master.key"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.meili_port}"

    def master_key(self) -> str:
        """The local instance's key, generated once and kept beside its data."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.key_file.exists():
            self.key_file.write_text(secrets.token_urlsafe(24))
            self.key_file.chmod(0o600)
        return self.key_file.read_text().strip()

    def is_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:  # noqa: S310
                return bool(response.status == 200)
        except OSError:
            return False

    def start(self) -> None:
        if self.is_running() and self.is_healthy():
            return
        binary = self.settings.resolved_meili_bin
        if not binary.is_file():
            raise StackError(
                f"Meilisearch est introuvable ({binary}) : lancez « make install » "
                "ou indiquez un binaire avec MEILI_BIN."
            )
        if not os.access(binary, os.X_OK):
            binary.chmod(0o755)  # npm tarballs do not keep the executable bit
        self.launch(
            [
                str(binary),
                "--db-path",
                str(self.root / "data.ms"),
                "--dump-dir",
                str(self.root / "dumps"),
                "--http-addr",
                f"127.0.0.1:{self.settings.meili_port}",
                # Attached: a generated key may start with « - » (token_urlsafe), which
                # Meilisearch would otherwise take for an option and refuse to start.
                f"--master-key={self.master_key()}",
                "--env",
                "development",
                "--no-analytics",
                "--log-level",
                "WARN",
            ]
        )


@dataclass
class Stack:
    """PostgreSQL + Meilisearch (+ Redis and addok, the address geocoder, unless the
    settings say no), started and stopped together."""

    settings: StackSettings
    durable: bool = True

    def __post_init__(self) -> None:
        self.postgres = PostgresCluster(self.settings, durable=self.durable)
        self.meilisearch = Meilisearch(self.settings)
        self.redis = Redis(self.settings, durable=self.durable)
        self.addok = Addok(self.settings)

    def up(self) -> None:
        self.postgres.start()
        self.postgres.ensure_database(self.settings.pg_database)
        self.meilisearch.start()
        if self.settings.geocoder:
            self.redis.start()
            self.addok.start()

    def down(self) -> None:
        self.addok.stop()
        self.redis.stop()
        self.meilisearch.stop()
        self.postgres.stop()

    def status(self) -> dict[str, dict[str, object]]:
        return {
            "postgresql": {
                "en_marche": self.postgres.is_running(),
                "port": self.settings.pg_port,
                "donnees": str(self.postgres.data_dir),
            },
            "meilisearch": {
                "en_marche": self.meilisearch.is_running(),
                "sain": self.meilisearch.is_healthy(),
                "port": self.settings.meili_port,
                "donnees": str(self.meilisearch.root),
            },
            **self.addok.status(self.redis),
        }
