"""The two plain formats: data·inclusion v1 dumps (JSON arrays, each record validated by
the schema's own models) and CSV for spreadsheets, both streamed from PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, Text, func, literal_column, select
from sqlalchemy.engine import Connection

from api.exports.records import TABLES, batches, csv_stream
from catalogue.records.kinds import RecordKind
from catalogue.records.validation import explain, validate_json

_KINDS: dict[str, RecordKind] = {"structures": "structure", "services": "service"}


def write_data_inclusion(
    conn: Connection, stmt: Select[Any], table: str, path: Path, size: int
) -> list[str]:
    """A JSON array of the table's records, as PostgreSQL writes them (the schema's
    fields only, in its order); those the schema's model refuses are left out, and said
    (``source:id`` and the model's reason)."""
    kind = _KINDS[table]
    rows = stmt.with_only_columns(*(stmt.selected_columns[name] for name in TABLES[table]))
    as_json = select(func.row_to_json(literal_column("r")).cast(Text)).select_from(
        rows.subquery("r")
    )
    refused: list[str] = []
    first = True
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for batch in batches(conn, as_json, size):
            for (record,) in batch:
                try:
                    validate_json(kind, record)
                except ValidationError as error:
                    refused.append(_refusal(record, error))
                    continue
                out.write("\n" if first else ",\n")
                out.write(record)
                first = False
        out.write("\n]\n")
    return refused


def _refusal(record: str, error: ValidationError) -> str:
    data = json.loads(record)
    return f"{data.get('source')}:{data.get('id')} : {explain(error)}"


def write_csv(conn: Connection, stmt: Select[Any], table: str, path: Path, size: int) -> list[str]:
    """The schema's fields then ours: PostgreSQL's own CSV."""
    with path.open("wb") as out:
        for data in csv_stream(conn, stmt, table):
            out.write(data)
    return []
