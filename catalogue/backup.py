"""Backing the catalogue up and restoring it: PostgreSQL's own ``pg_dump`` (custom
format: compressed, restorable table by table) and ``pg_restore``, of the server's
version. The search index is not saved: it is rebuilt from the catalogue after a restore
(``maillage index rebuild``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from catalogue.db import make_engine
from catalogue.errors import DonneesInvalides, FichierIllisible
from catalogue.settings import Settings
from catalogue.stack import PostgresCluster, pg_bindir


def _libpq_url(settings: Settings) -> str:
    return settings.database_url.replace("postgresql+psycopg://", "postgresql://")


def back_up(settings: Settings, path: Path) -> int:
    """Write the whole database (catalogue, accounts, history) to ``path``; its size."""
    partial = path.with_name(f".{path.name}.partiel")
    done = subprocess.run(
        [str(pg_bindir() / "pg_dump"), "--format=custom", "--no-owner",
         f"--file={partial}", f"--dbname={_libpq_url(settings)}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise DonneesInvalides(f"la sauvegarde a échoué : {done.stderr.strip()[:500]}")
    partial.replace(path)
    return path.stat().st_size


def restore(settings: Settings, path: Path) -> None:
    """Restore ``path`` into the settings' database, which must hold nothing yet (it is
    created first when it is a database of the local stack that does not exist)."""
    if not path.is_file():
        raise FichierIllisible(f"{path.name} : fichier introuvable.")
    url = make_url(settings.database_url)
    if url.port == settings.stack.pg_port and url.host in ("127.0.0.1", "localhost"):
        PostgresCluster(settings.stack).ensure_database(url.database or "", template=None)
    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            if inspect(conn).has_table("alembic_version"):
                raise DonneesInvalides(
                    f"la base « {url.database} » n'est pas vide : restaurez dans une base neuve."
                )
    finally:
        engine.dispose()
    done = subprocess.run(
        [str(pg_bindir() / "pg_restore"), "--no-owner", "--no-comments", "--exit-on-error",
         f"--dbname={_libpq_url(settings)}", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise DonneesInvalides(f"la restauration a échoué : {done.stderr.strip()[:500]}")
