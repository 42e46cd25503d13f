"""Sightings: which records a run's file listed, and the comparison of a file's
fingerprints with the catalogue's, in the database."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Table
from sqlalchemy.engine import Connection

from importers.pipeline.staging import copy_rows


def _sightings_upsert(uids: str) -> str:
    """SQL marking the records that ``uids`` selects as seen by run ``%(run)s`` at
    ``%(seen)s``."""
    return (
        "INSERT INTO sightings (uid, import_run_id, seen_at) "
        f"SELECT uid, %(run)s, %(seen)s FROM ({uids}) sighted "
        "ON CONFLICT (uid) DO UPDATE SET import_run_id = EXCLUDED.import_run_id, "
        "seen_at = EXCLUDED.seen_at"
    )


def upsert_sightings(
    conn: Connection, uids: list[uuid.UUID], run_id: int, seen_at: datetime
) -> None:
    """Record that this run's source listed these records (without changing them)."""
    if uids:
        conn.exec_driver_sql(
            _sightings_upsert("SELECT unnest(%(uids)s::uuid[]) AS uid"),
            {"run": run_id, "seen": seen_at, "uids": uids},
        )


def sight_unchanged(
    conn: Connection,
    table: Table,
    fingerprints: list[tuple[str, str, str]],
    run_id: int,
    seen_at: datetime,
) -> tuple[int, list[tuple[int, uuid.UUID | None]]]:
    """Compare (source, id, content hash) triples with the catalogue, in the database.

    Records already there with the same hash are sighted by this run; returns how many,
    and (position in ``fingerprints``, uid if the record is known) for the others, which
    are to be written. A national dump is compared in one join instead of being fetched
    row by row into Python.
    """
    if not fingerprints:
        return 0, []
    conn.exec_driver_sql(
        "CREATE TEMP TABLE import_fingerprints (n int, source text, id text, hash text) "
        "ON COMMIT DROP"
    )
    copy_rows(
        conn,
        "import_fingerprints",
        ["n", "source", "id", "hash"],
        ((position, *fingerprint) for position, fingerprint in enumerate(fingerprints)),
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        # One join: the unchanged sighted, the others returned.
        cursor.execute(
            f"""
            WITH matched AS MATERIALIZED (
                SELECT f.n, t.uid, coalesce(t.content_hash = f.hash AND NOT t.archived, false)
                       AS same
                  FROM import_fingerprints f
                  LEFT JOIN {table.name} t ON t.source = f.source AND t.id = f.id
            ), sighted AS ({_sightings_upsert("SELECT uid FROM matched WHERE same")})
            SELECT n, uid FROM matched WHERE NOT same
            """,
            {"run": run_id, "seen": seen_at},
        )
        changed: list[tuple[int, uuid.UUID | None]] = cursor.fetchall()
    conn.exec_driver_sql("DROP TABLE import_fingerprints")
    return len(fingerprints) - len(changed), changed
