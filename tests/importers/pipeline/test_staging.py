"""Bulk writes through COPY: what is streamed is what the database holds, and in an
import's transaction services are written with the search fields they were staged with."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.models import SERVICES
from catalogue.search_fields import STRUCTURE_NAME, FieldsNotSupplied
from importers.pipeline.staging import (
    Staged,
    Stager,
    copy_rows,
    derived_by_stagers,
    insert_staged,
    update_staged,
)

tricky = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('",\\{} \t\nNULabc')),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=8,
)


# No deadline: each example is a round trip to PostgreSQL, slower now and then on a busy
# machine (a timing, not a result).
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.one_of(st.none(), st.lists(tricky, max_size=4)), min_size=1, max_size=5))
def test_lists_of_text_come_back_as_they_were_copied(
    scratch_engine: Engine, lists: list[list[str] | None]
) -> None:
    with scratch_engine.connect() as conn:
        conn.exec_driver_sql("CREATE TEMP TABLE copied (n int, words text[], numbers int[])")
        rows = [(n, words, [n, n + 1]) for n, words in enumerate(lists)]
        copy_rows(conn, "copied", ["n", "words", "numbers"], rows, arrays=(1, 2))
        back = conn.execute(text("SELECT words, numbers FROM copied ORDER BY n")).all()
        conn.rollback()
    assert [tuple(row) for row in back] == [(words, numbers) for _, words, numbers in rows]


STRUCTURE = uuid.UUID("00000000-0000-4000-8000-000000000001")
SERVICE = {
    "uid": uuid.UUID("00000000-0000-4000-8000-000000000002"),
    "source": "essai",
    "id": "atelier",
    "structure_uid": STRUCTURE,
    "structure_id": "relais",
    "nom": "Atelier vélo",
    "description": "Réparation de bicyclettes",
    "date_maj": "2026-11-01",
}


@pytest.fixture
def stager(engine: Engine) -> Iterator[Stager]:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO structures (uid, source, id, nom, date_maj) "
                "VALUES (:uid, 'essai', 'relais', 'Relais mobilité', '2026-11-01')"
            ),
            {"uid": STRUCTURE},
        )
    stager = Stager(engine, run_id=1)
    yield stager
    stager.close()


def vector_of_the_service(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT search_vector FROM services WHERE uid = :uid"), SERVICE
            ).scalar_one()
        )


WRITES: dict[str, Callable[[Any, Staged | None], None]] = {
    "inserted": insert_staged,
    "updated": update_staged,
}


@pytest.mark.parametrize("write", WRITES)
def test_services_staged_without_their_fields_are_refused_where_the_import_supplies_them(
    engine: Engine, stager: Stager, write: str
) -> None:
    if write == "updated":
        with engine.begin() as conn:
            insert_staged(conn, stager.stage(SERVICES, [{**SERVICE, STRUCTURE_NAME: "Relais"}]))
    renamed = {**SERVICE, "nom": "Atelier de réparation"}
    with engine.connect() as conn:
        derived_by_stagers(conn)
        with pytest.raises(FieldsNotSupplied):
            WRITES[write](conn, stager.stage(SERVICES, [renamed]))
        conn.rollback()
    # Outside an import, the catalogue's trigger derives them.
    with engine.begin() as conn:
        WRITES[write](conn, stager.stage(SERVICES, [renamed]))
    assert "'repar':3A" in vector_of_the_service(engine)


def test_services_staged_with_their_structures_name_get_their_fields(
    engine: Engine, stager: Stager
) -> None:
    with engine.begin() as conn:
        derived_by_stagers(conn)
        insert_staged(conn, stager.stage(SERVICES, [{**SERVICE, STRUCTURE_NAME: "Garage"}]))
    # The staged name, not the catalogue's (which the trigger would have looked up).
    vector = vector_of_the_service(engine)
    assert "'garag':3B" in vector
    assert "mobilit" not in vector
