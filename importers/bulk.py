"""Bulk writes through COPY: rows are streamed into a staging table, then inserted or
applied as updates in one statement each — an order of magnitude faster than binding
every value of every row (and the catalogue's triggers still fire).

Staging tables are unlogged tables written and committed by other connections (one
``Stager`` per preparing process), so that the import's transaction can insert one batch
while the next ones are being prepared and copied."""

from __future__ import annotations

import itertools
import os
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import AddConstraint, CreateTable, DropConstraint

from catalogue.search_fields import (
    SEARCH_FIELDS,
    add_lexicon_words,
    require_fields,
    staging_trigger,
    supply_fields,
)
from catalogue.search_fields import STRUCTURE_NAME as STRUCTURE_NAME  # (the pipeline's)

_names = itertools.count()


def _array(values: list[Any]) -> Any:
    """A list as a PostgreSQL array literal: psycopg's generic list adapter, written in
    Python, took half the time of a national import's COPY."""
    if not values:
        return "{}"
    try:
        joined = '","'.join(values)
    except TypeError:
        return values  # not all text: psycopg's adapter knows the rest
    # Quotes beyond the separators' own, or backslashes: some values need escaping.
    if joined.count('"') > 2 * (len(values) - 1) or "\\" in joined:
        joined = '","'.join(v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return '{"' + joined + '"}'


def _copy(
    conn: Connection,
    table_name: str,
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    arrays: Sequence[int] = (),
) -> None:
    """Stream ``rows`` (values in ``columns``' order, lists at the positions ``arrays``)
    into ``table_name``."""
    raw = conn.connection.driver_connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table_name} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            if arrays:
                row = list(row)
                for i in arrays:
                    if type(row[i]) is list:
                        row[i] = _array(row[i])
            copy.write_row(row)


@dataclass(frozen=True)
class Staged:
    """Rows waiting in a staging table, for the catalogue table ``target`` (small enough
    to cross a process boundary)."""

    name: str
    target: str
    columns: list[str]


# Advisory locks (this key, run id) mark the staging tables of imports that are running:
# every connection staging for a run holds it, shared.
_STAGING_LOCK = 0x4D41494C
_STAGING_NAME = re.compile(r"^import_staging_(\d+)_")


class Stager:
    """Copies batches into unlogged staging tables on its own connection, committed at
    once so that the import's transaction sees them. The stager of the importing
    process ``close``s last and drops whatever its run left (its preparing processes'
    too); the next import drops what a killed one left (its locks went with its
    connections)."""

    def __init__(self, engine: Engine, run_id: int) -> None:
        self.engine = engine
        self.run_id = run_id
        self.conn: Connection | None = None
        # Set when other processes stage for this run too (``close`` then sweeps).
        self.shared = False

    def _connect(self) -> Connection:
        conn = self.engine.connect()
        conn.execute(text("SELECT pg_advisory_lock_shared(:key, :run)"), self._lock)
        conn.commit()
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'import\\_staging\\_%'")
        ).scalars()
        for name in tables:
            match = _STAGING_NAME.match(name)
            if match is None or int(match[1]) == self.run_id:
                continue
            owner = {"key": _STAGING_LOCK, "run": int(match[1])}
            if conn.execute(text("SELECT pg_try_advisory_lock(:key, :run)"), owner).scalar():
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
                conn.execute(text("SELECT pg_advisory_unlock(:key, :run)"), owner)
        conn.commit()
        return conn

    @property
    def _lock(self) -> dict[str, int]:
        return {"key": _STAGING_LOCK, "run": self.run_id}

    def stage(self, table: Table, rows: list[dict[str, Any]]) -> Staged | None:
        """Stage ``rows`` for ``table``. Services' rows, which carry their structure's
        name (``STRUCTURE_NAME``), also get their search fields here, and their words
        go to the lexicon (``catalogue.search_fields``)."""
        if not rows:
            return None
        if self.conn is None:
            self.conn = self._connect()
        # Table and column names are ours (model metadata and run ids), never user input.
        # Several processes (forked copies of one stager) stage for one run: their
        # table names must not collide.
        name = f"import_staging_{self.run_id}_{os.getpid()}_{next(_names)}"
        # Its columns from the model, not ``LIKE`` the catalogue table: the import's
        # transaction may hold that one locked (a bulk load drops its indexes).
        fields = [Column(c.name, c.type) for c in table.c]
        named = STRUCTURE_NAME in rows[0]
        if named:
            fields.append(Column(STRUCTURE_NAME, Text))
        # The catalogue table's storage parameters too (rows kept whole: migration 0010).
        staging = Table(
            name,
            MetaData(),
            *fields,
            prefixes=["UNLOGGED"],
            postgresql_with=table.dialect_options["postgresql"]["with"],
        )
        self.conn.execute(CreateTable(staging))
        if named:
            self.conn.exec_driver_sql(staging_trigger(name))
        columns = list(rows[0])
        arrays = [
            i for i, c in enumerate(columns) if c in table.c and isinstance(table.c[c].type, ARRAY)
        ]
        _copy(self.conn, name, columns, map(itemgetter(*columns), rows), arrays)
        if table.name == "services":
            # Here, not by the trigger in the import's transaction (``derived_by_stagers``):
            # this process and its backend have time to spare, the import's have none.
            # A failed import leaves a few words behind, which match nothing: harmless.
            add_lexicon_words(self.conn, rows)
        self.conn.commit()
        targets = [c for c in columns if c != STRUCTURE_NAME]
        return Staged(name, table.name, targets + (list(SEARCH_FIELDS) if named else []))

    def release(self) -> None:
        """Give the connection back (a preparing process, when it is done)."""
        if self.conn is None:
            return
        try:
            self.conn.rollback()
            # Session locks outlive transactions, and pooled connections outlive us.
            self.conn.execute(text("SELECT pg_advisory_unlock_shared(:key, :run)"), self._lock)
            self.conn.commit()
        finally:
            self.conn.close()
            self.conn = None

    def close(self) -> None:
        """Once the import's transaction is over (it drops the tables it inserted from,
        and holds their locks until then): drop any of this run left by a failure."""
        if self.conn is None:
            if not self.shared:
                return
            self.conn = self._connect()
        try:
            self.conn.rollback()
            left = self.conn.execute(
                text("SELECT tablename FROM pg_tables WHERE tablename LIKE :run"),
                {"run": f"import\\_staging\\_{self.run_id}\\_%"},
            ).scalars()
            for name in list(left):
                self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
            self.conn.commit()
        finally:
            self.release()


def derived_by_stagers(conn: Connection) -> None:
    """The catalogue's triggers skip what ``Stager`` derives, for this transaction's
    writes: the lexicon's words, and the services' search fields. ``insert_staged`` and
    ``update_staged`` then refuse services staged without them."""
    supply_fields(conn)


# The statistics target of the provisional ANALYZE after a bulk load (PostgreSQL's
# default: 100; each unit is 300 rows sampled).
QUICK_STATISTICS = 30


def insert_staged(conn: Connection, staged: Staged | None) -> None:
    if staged is None:
        return
    require_fields(conn, staged.target, staged.columns)
    names = ", ".join(staged.columns)
    conn.exec_driver_sql(f"INSERT INTO {staged.target} ({names}) SELECT {names} FROM {staged.name}")
    conn.exec_driver_sql(f"DROP TABLE {staged.name}")


def update_staged(conn: Connection, staged: Staged | None) -> None:
    """Set every staged column of the rows whose uid matches."""
    if staged is None:
        return
    require_fields(conn, staged.target, staged.columns)
    assignments = ", ".join(f"{c} = s.{c}" for c in staged.columns if c != "uid")
    conn.exec_driver_sql(
        f"UPDATE {staged.target} t SET {assignments} FROM {staged.name} s WHERE t.uid = s.uid"
    )
    conn.exec_driver_sql(f"DROP TABLE {staged.name}")


class BulkLoad:
    """Around inserting ``rows`` rows: when that dwarfs what the table holds, its
    secondary indexes and foreign keys are dropped first and put back after — an index
    built in one pass and a key checked in one join cost several times less than
    maintaining and checking them row by row.

    The table (and, for its keys, the tables they reference, ``import_runs`` among
    them) then stays locked until the import commits: an initial load, which nothing
    reads yet."""

    def __init__(self, table: Table, rows: int, *, threshold: int) -> None:
        self.table = table
        self.rows = rows
        self.threshold = threshold  # the fewest rows worth it
        self.loading = False
        self.dropped: list[Index] = []
        self.unchecked: list[ForeignKeyConstraint] = []

    def begin(self, conn: Connection) -> None:
        if self.rows < self.threshold:
            return
        present = conn.execute(text(f"SELECT count(*) FROM {self.table.name}")).scalar_one()
        if present * 10 >= self.rows:
            return
        self.loading = True
        self.dropped = [i for i in self.table.indexes if not i.unique]
        for index in self.dropped:
            index.drop(conn)
        self.unchecked = sorted(self.table.foreign_key_constraints, key=lambda k: str(k.name))
        for key in self.unchecked:
            conn.execute(DropConstraint(key))

    def end(self, conn: Connection) -> None:
        if not self.loading:
            return
        for key in self.unchecked:
            conn.execute(AddConstraint(key))
        # The full-text GIN index of a national load builds a third faster with room to
        # sort in one pass (for this transaction only).
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        for index in self.dropped:
            index.create(conn)
        # Statistics for the planner now, not when autovacuum gets to it: searches right
        # after a national load would otherwise be planned for an empty table. Only of
        # the columns they filter, join or sort on (a third of the time), and from a
        # smaller sample (9,000 rows instead of 30,000: a quarter of the time again):
        # provisional, as a partial ANALYZE leaves the table due for autovacuum's full
        # one, with the server's statistics target, within a minute of the commit.
        columns = ", ".join(planner_columns(self.table))
        conn.exec_driver_sql(f"SET LOCAL default_statistics_target = {QUICK_STATISTICS}")
        conn.exec_driver_sql(f"ANALYZE {self.table.name} ({columns})")
        conn.exec_driver_sql("RESET default_statistics_target")


def planner_columns(table: Table) -> list[str]:
    """The columns queries filter, join or sort on: those of its keys and indexes, and
    those its model lists as ``info["filtered"]``."""
    keyed = {
        column.name
        for constraint in table.constraints
        if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint | ForeignKeyConstraint)
        for column in constraint.columns
    }
    indexed = {column.name for index in table.indexes for column in index.columns}
    return sorted(keyed | indexed | set(table.info.get("filtered", ())))


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
    _copy(
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
