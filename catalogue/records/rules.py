"""The rules on how a service receives people, each written once, for imports, local
editing, search (both backends), the map and the index: in Python (on a record's columns)
and, where the catalogue is read in SQL, in SQL (on the ``services`` table). Where a
service is received is settled when it is written, so that rule has no SQL form."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Text, func, literal_column, or_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.base import PGDialect

IN_PERSON = "en-presentiel"
REMOTE = "a-distance"


def received_in_person(modes: Collection[str] | None) -> bool:
    """Received in person: ``en-presentiel`` among its modes, or no mode given at all."""
    return not modes or IN_PERSON in modes


def received_in_person_sql(modes: ColumnElement[Any]) -> ColumnElement[bool]:
    """``received_in_person`` on a ``modes_accueil`` column."""
    return or_(func.coalesce(func.cardinality(modes), 0) == 0, modes.contains([IN_PERSON]))


def received_in_person_text(table: str) -> str:
    """``received_in_person`` as SQL text on ``table.modes_accueil``, for queries written
    as text (its constants inlined, as such queries choose only constant fragments)."""
    modes = literal_column(f"{table}.modes_accueil", ARRAY(Text))
    dialect = PGDialect()  # type: ignore[no-untyped-call]  # (SQLAlchemy's is untyped)
    clause = received_in_person_sql(modes).compile(
        dialect=dialect, compile_kwargs={"literal_binds": True}
    )
    return f"({clause})"


def offered_remotely(modes: Collection[str] | None) -> bool:
    """Offered at a distance: ``a-distance`` among its modes."""
    return modes is not None and REMOTE in modes


def offered_remotely_sql(modes: ColumnElement[Any]) -> ColumnElement[bool]:
    """``offered_remotely`` on a ``modes_accueil`` column."""
    return modes.contains([REMOTE])


def received_at_structure(location: object, modes: Collection[str] | None) -> bool:
    """A service received in person with no place of its own is received at its
    structure: it takes the structure's place."""
    return location is None and received_in_person(modes)
