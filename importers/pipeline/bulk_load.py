"""Loads that dwarf their table: its secondary indexes and foreign keys dropped first
and put back after."""

from __future__ import annotations

from sqlalchemy import (
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint, DropConstraint

# The statistics target of the provisional ANALYZE after a bulk load (PostgreSQL's
# default: 100; each unit is 300 rows sampled).
QUICK_STATISTICS = 30


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
