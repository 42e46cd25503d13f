"""The import benchmark's floor: the dump's records ``COPY``-ed into bare tables.

Read from the same files as the import and flattened to the same fields, into tables
without index, trigger or constraint (``bench_raw_*``), committed.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg

from bench.databases import settle
from bench.stack_settings import libpq_url
from catalogue.settings import Settings
from importers.json_arrays import iter_array

RAW_TABLES = {"structures": "bench_raw_structures", "services": "bench_raw_services"}

Record = dict[str, Any]  # one record of the dump, as JSON has it
TYPING_BATCH = 20_000


def read_dump(data: Path, kind: str) -> Iterator[Record]:
    """The records of ``<data>/<kind>.json`` (``structures`` or ``services``), read as
    the import reads them: a block of the array at a time."""
    return iter_array(data / f"{kind}.json")


def _column_types(records: list[Record]) -> dict[str, str]:
    """Every field of the records, typed by its first non-null value."""
    types: dict[str, str] = {}
    for record in records:
        for key, value in record.items():
            if types.get(key, "unknown") != "unknown":
                continue
            if value is None:
                types.setdefault(key, "unknown")
            elif isinstance(value, list):
                types[key] = "text[]"
            elif isinstance(value, bool):
                types[key] = "boolean"
            elif isinstance(value, int | float):
                types[key] = "double precision"
            else:
                types[key] = "text"
    return {key: ("text" if kind == "unknown" else kind) for key, kind in types.items()}


def raw_copy(settings: Settings, data: Path) -> dict[str, Any]:
    """Read both files, flatten the records to their fields and ``COPY`` them into bare
    tables (no index, no constraint, no trigger), committed: the floor of any import."""
    dsn = libpq_url(settings)
    settle(settings)
    started = time.perf_counter()
    rows = 0
    with psycopg.connect(dsn) as conn:
        for kind, table in RAW_TABLES.items():
            records = read_dump(data, kind)
            # Columns typed from a first batch (the dump's records all have the same
            # fields): the file itself is never held whole, as the import does not.
            first = list(itertools.islice(records, TYPING_BATCH))
            types = _column_types(first)
            columns = list(types)
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute(
                f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in types.items())})"
            )
            with (
                conn.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for record in itertools.chain(first, records):
                    if not record.keys() <= types.keys():
                        raise ValueError(
                            f"{kind} : champs absents du premier lot {record.keys() - types.keys()}"
                        )
                    copy.write_row([record.get(c) for c in columns])
                    rows += 1
        conn.commit()
    seconds = time.perf_counter() - started
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in RAW_TABLES.values():
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    return {"seconds": round(seconds, 3), "rows": rows, "rows_per_s": round(rows / seconds)}
