"""Profiles: the time of every SQL statement an engine sends, and cProfile's tables."""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.interfaces import DBAPICursor

Statements = dict[str, list[float]]


def statement_key(statement: str) -> str:
    """A SQL statement's beginning and end, for profiles (statements built on the same
    CTE differ at the end)."""
    flat = " ".join(statement.split())
    return flat if len(flat) <= 150 else f"{flat[:90]} … {flat[-55:]}"


@contextmanager
def statement_times(engine: Engine) -> Iterator[Statements]:
    """Times of every SQL statement sent through SQLAlchemy while inside, by
    ``statement_key`` (``COPY`` rows streamed on the raw connection show up in the
    Python profile instead)."""
    timings: Statements = defaultdict(list)

    def before(conn: Connection, cursor: DBAPICursor, statement: str, *args: object) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn: Connection, cursor: DBAPICursor, statement: str, *args: object) -> None:
        started = conn.info["bench_started"].pop()
        timings[statement_key(statement)].append(time.perf_counter() - started)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield timings
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def write_statements(out: TextIO, statements: Statements, top: int) -> None:
    """The ``top`` statements by total time."""
    out.write("SQL statements by total time (s, count, statement):\n")
    for statement, times in sorted(statements.items(), key=lambda kv: -sum(kv[1]))[:top]:
        out.write(f"  {sum(times):8.2f} {len(times):6d}  {statement}\n")


def write_python(out: TextIO, profiler: cProfile.Profile, top: int) -> None:
    """The ``top`` functions by cumulative time, then by their own time."""
    for order in ("cumulative", "tottime"):
        out.write(f"\nPython, top {top} by {order}:\n")
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
