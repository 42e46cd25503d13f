"""Staging: batches copied into unlogged tables, then inserted or applied as updates
by the import's transaction in one statement each — an order of magnitude faster than
binding every value of every row (and the catalogue's triggers still fire).

Staging tables are written and committed by other connections (one ``Stager`` per
preparing process), so that the import's transaction can insert one batch while the
next ones are being prepared and copied. Services are staged with their search fields
and the typo lexicon's new words (``catalogue.search_fields``): the import's
transaction only inserts them."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import ARRAY, Column, MetaData, Table, Text, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable

from catalogue.records.duplicates import DERIVED_COLUMNS
from catalogue.records.duplicates import staging_trigger as link_fields_trigger
from catalogue.search_fields import (
    SEARCH_FIELDS,
    STRUCTURE_NAME,
    add_lexicon_words,
    require_fields,
    staging_trigger,
    supply_fields,
)

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


def copy_rows(
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
    words: str | None = None  # a table of the typo lexicon's new words, for services


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
        elif table.name == "structures":
            self.conn.exec_driver_sql(link_fields_trigger(name))
        columns = list(rows[0])
        arrays = [
            i for i, c in enumerate(columns) if c in table.c and isinstance(table.c[c].type, ARRAY)
        ]
        copy_rows(self.conn, name, columns, map(itemgetter(*columns), rows), arrays)
        words = None
        if table.name == "services":
            # Found here, not by the trigger in the import's transaction
            # (``derived_by_stagers``): this process and its backend have time to spare,
            # the import's have none. Staged too: the lexicon gets them only if the
            # import commits.
            words = f"{name}_mots"
            self.conn.exec_driver_sql(f"CREATE UNLOGGED TABLE {words} (mot text)")
            add_lexicon_words(self.conn, rows, into=words)
        self.conn.commit()
        targets = [c for c in columns if c != STRUCTURE_NAME]
        derived = (
            list(SEARCH_FIELDS)
            if named
            else list(DERIVED_COLUMNS)
            if table.name == "structures"
            else []
        )
        return Staged(name, table.name, targets + derived, words)

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


def insert_staged(conn: Connection, staged: Staged | None) -> None:
    if staged is None:
        return
    require_fields(conn, staged.target, staged.columns)
    names = ", ".join(staged.columns)
    conn.exec_driver_sql(f"INSERT INTO {staged.target} ({names}) SELECT {names} FROM {staged.name}")
    conn.exec_driver_sql(f"DROP TABLE {staged.name}")
    _add_words(conn, staged)


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
    _add_words(conn, staged)


def _add_words(conn: Connection, staged: Staged) -> None:
    if staged.words is None:
        return
    # In order: writers side by side then wait for each other's new words in one
    # direction only, and never deadlock.
    conn.exec_driver_sql(
        f"INSERT INTO lexique (mot) SELECT mot FROM {staged.words} ORDER BY mot "
        "ON CONFLICT DO NOTHING"
    )
    conn.exec_driver_sql(f"DROP TABLE {staged.words}")
