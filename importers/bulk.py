"""Bulk writes through COPY: rows are streamed into a temporary table, then inserted or
applied as updates in one statement each — an order of magnitude faster than binding
every value of every row (and the catalogue's triggers still fire, row by row)."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection

_names = itertools.count()


def _stage(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> tuple[str, list[str]]:
    columns = list(rows[0])
    staging = f"staging_{table.name}_{next(_names)}"
    # Table and column names are ours (model metadata), never user input.
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {staging} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {staging} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[c] for c in columns])
    return staging, columns


# Loading this many rows into a table that holds far fewer: building its secondary
# indexes afterwards is several times cheaper than maintaining them row by row.
BULK_LOAD_ROWS = 20_000


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    staging, columns = _stage(conn, table, rows)
    names = ", ".join(columns)
    insert = f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging}"
    present = conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar_one()
    if len(rows) >= BULK_LOAD_ROWS and present * 10 < len(rows):
        # An initial load: the table is locked for the transaction anyway.
        secondary = [i for i in table.indexes if not i.unique]
        for index in secondary:
            index.drop(conn)
        conn.exec_driver_sql(insert)
        for index in secondary:
            index.create(conn)
    else:
        conn.exec_driver_sql(insert)
    conn.exec_driver_sql(f"DROP TABLE {staging}")


def update_rows(
    conn: Connection, table: Table, rows: list[dict[str, Any]], key: str = "uid"
) -> None:
    """Set every given column of the rows whose ``key`` matches."""
    if not rows:
        return
    staging, columns = _stage(conn, table, rows)
    assignments = ", ".join(f"{c} = s.{c}" for c in columns if c != key)
    conn.exec_driver_sql(
        f"UPDATE {table.name} t SET {assignments} FROM {staging} s WHERE t.{key} = s.{key}"
    )
    conn.exec_driver_sql(f"DROP TABLE {staging}")


def upsert_sightings(
    conn: Connection, uids: list[uuid.UUID], run_id: int, seen_at: datetime
) -> None:
    """Record that this run's source listed these records."""
    if not uids:
        return
    conn.exec_driver_sql("CREATE TEMP TABLE staging_sightings (uid uuid) ON COMMIT DROP")
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy("COPY staging_sightings (uid) FROM STDIN") as copy:
        for uid in uids:
            copy.write_row((uid,))
    conn.execute(
        text(
            "INSERT INTO sightings (uid, import_run_id, seen_at) "
            "SELECT uid, :run, :seen FROM staging_sightings "
            "ON CONFLICT (uid) DO UPDATE SET import_run_id = EXCLUDED.import_run_id, "
            "seen_at = EXCLUDED.seen_at"
        ),
        {"run": run_id, "seen": seen_at},
    )
    conn.exec_driver_sql("DROP TABLE staging_sightings")
