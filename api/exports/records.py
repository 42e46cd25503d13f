"""What an export holds: the published structures and services, as one query per table
whose columns are the exported fields, and its rows read a batch at a time.

What is exported is what anyone may read (``catalogue.records.visibility``): services
search could find today, structures not withdrawn. The schema's fields come as the
catalogue holds them (the source's own coordinates among them); ours follow under names
of their own (``localisation_*``).

Personal data never leaves: accounts, orientations and reports live in tables an export
does not read, and a person's name (``contact_nom_prenom``) is always empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from data_inclusion.schema.v1 import Service, Structure
from sqlalchemy import ARRAY, Date, Float, Integer, Select, Text, cast, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from catalogue.geography.territories import territory
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.visibility import (
    PERSONAL_FIELDS,
    public_columns,
    service_visible,
    structure_visible,
)

TABLES = {"structures": tuple(Structure.model_fields), "services": tuple(Service.model_fields)}
LONGITUDE, LATITUDE = "localisation_longitude", "localisation_latitude"


def _ours(table: Any) -> dict[str, ColumnElement[Any]]:
    """Our fields, after the schema's, in every format but data·inclusion's own."""
    c = table.c
    point = func.geometry(c.location)
    fields: dict[str, ColumnElement[Any]] = {"uid": cast(c.uid, Text)}
    if table is _S:
        fields |= {"structure_uid": cast(c.structure_uid, Text), "freins": c.freins}
    fields |= {
        "localisation_precision": c.geocoding_precision,
        "localisation_code_commune": c.code_commune_resolu,
    }
    if table is _S:
        fields |= {
            "fermeture_debut": c.fermeture_debut,
            "fermeture_fin": c.fermeture_fin,
            "doublon_de": cast(c.doublon_de, Text),
        }
    return fields | {LONGITUDE: func.ST_X(point), LATITUDE: func.ST_Y(point)}


def _columns(table: str) -> list[ColumnElement[Any]]:
    model = _S if table == "services" else _T
    schema = public_columns(model, TABLES[table])
    return schema + [expression.label(name) for name, expression in _ours(model).items()]


_KINDS = ((ARRAY, "list"), (Date, "date"), (Float, "float"), (Integer, "int"))


def column_kinds(table: str) -> dict[str, str]:
    """Each exported field (the schema's, then ours) and what it holds: ``text``,
    ``list`` (of text), ``date``, ``float`` or ``int``."""
    model = _S if table == "services" else _T
    kinds = {}
    for column in _columns(table):
        # The personal fields' NULL has no type: their column's.
        kind = model.c[column.name].type if column.name in PERSONAL_FIELDS else column.type
        kinds[column.name] = next((k for sql, k in _KINDS if isinstance(kind, sql)), "text")
    return kinds


@dataclass(frozen=True)
class Scope:
    """Which part of the catalogue: a territory (département, EPCI or commune code)
    and sources, all of it when empty."""

    territoire: str | None = None
    sources: tuple[str, ...] = ()


def _services(conn: Connection, scope: Scope, day: date) -> Select[Any]:
    stmt = select(*_columns("services")).where(service_visible(day))
    if scope.sources:
        stmt = stmt.where(_S.c.source.in_(scope.sources))
    if scope.territoire:
        stmt = stmt.where(_S.c.code_commune_resolu.in_(territory(conn, scope.territoire).communes))
    return stmt.order_by(_S.c.source, _S.c.id)


def _structures(conn: Connection, scope: Scope, day: date) -> Select[Any]:
    stmt = select(*_columns("structures")).where(structure_visible())
    if scope.sources:
        stmt = stmt.where(_T.c.source.in_(scope.sources))
    if scope.territoire:
        # Located there, or offering a service exported with the territory's.
        services = _services(conn, scope, day).with_only_columns(_S.c.structure_uid)
        stmt = stmt.where(
            or_(
                _T.c.code_commune_resolu.in_(territory(conn, scope.territoire).communes),
                _T.c.uid.in_(services.order_by(None)),
            )
        )
    return stmt.order_by(_T.c.source, _T.c.id)


def statement(conn: Connection, table: str, scope: Scope, day: date) -> Select[Any]:
    """The query of a table's exported rows: a column per exported field."""
    return (_services if table == "services" else _structures)(conn, scope, day)


def driver_sql(conn: Connection, stmt: Select[Any], *, literal: bool = False) -> tuple[str, Any]:
    """The statement as psycopg takes it (``literal``: its values written in, as
    ``COPY`` wants)."""
    compiled = stmt.compile(
        dialect=conn.dialect,
        compile_kwargs={"literal_binds": True} if literal else {"render_postcompile": True},
    )
    return str(compiled), None if literal else compiled.params


def batches(conn: Connection, stmt: Select[Any], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The statement's rows, ``size`` at a time, from a server-side cursor, as psycopg
    reads them (SQLAlchemy's row processing cost more than the rest of an export)."""
    sql, params = driver_sql(conn, stmt)
    with conn.connection.driver_connection.cursor(name="maillage_export") as cursor:  # type: ignore[union-attr]
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(size):
            yield rows


# Lists in one CSV cell: the values are slugs and codes, which never hold a comma.
LIST_SEPARATOR = ", "


def csv_stream(conn: Connection, stmt: Select[Any], table: str) -> Iterator[bytes]:
    """The statement's rows as PostgreSQL's own CSV (a header, then a line per row, lists
    joined in one cell), in the pieces ``COPY`` sends them."""
    kinds = column_kinds(table)
    cells = [
        func.array_to_string(column, LIST_SEPARATOR).label(column.name)
        if kinds[column.name] == "list"
        else column
        for column in stmt.subquery("r").c
    ]
    sql, _ = driver_sql(conn, select(*cells), literal=True)
    raw = conn.connection.driver_connection
    assert raw is not None  # (a checked-out connection has its driver's)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)") as copy,
    ):
        yield from (bytes(data) for data in copy)
