"""The rules on how a service receives people: their Python and SQL forms agree, on
PostgreSQL itself."""

from __future__ import annotations

import pytest
from sqlalchemy import Text, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine

from catalogue.records.rules import (
    offered_remotely,
    offered_remotely_sql,
    received_at_structure,
    received_in_person,
    received_in_person_sql,
    received_in_person_text,
)

MODES = [
    None,
    [],
    ["en-presentiel"],
    ["a-distance"],
    ["a-distance", "en-presentiel"],
    ["en-presentiel", "a-distance"],
]


@pytest.mark.parametrize(
    ("modes", "in_person", "remote"),
    [
        (None, True, False),
        ([], True, False),
        (["en-presentiel"], True, False),
        (["a-distance"], False, True),
        (["a-distance", "en-presentiel"], True, True),
    ],
)
def test_no_mode_at_all_means_received_in_person(
    modes: list[str] | None, in_person: bool, remote: bool
) -> None:
    assert received_in_person(modes) is in_person
    assert offered_remotely(modes) is remote


def test_a_service_with_no_place_received_in_person_is_received_at_its_structure() -> None:
    assert received_at_structure(None, None)
    assert received_at_structure(None, ["a-distance", "en-presentiel"])
    assert not received_at_structure(None, ["a-distance"])
    assert not received_at_structure("POINT(5.4 43.5)", ["en-presentiel"])


@pytest.mark.parametrize("modes", MODES)
def test_the_sql_forms_say_what_the_python_forms_say(
    sample_engine: Engine, modes: list[str] | None
) -> None:
    column = bindparam("modes", modes, type_=ARRAY(Text))
    as_text = received_in_person_text("s")
    with sample_engine.connect() as conn:
        in_person, remote = conn.execute(
            select(received_in_person_sql(column), offered_remotely_sql(column))
        ).one()
        from_text = conn.execute(
            text(f"SELECT {as_text} FROM (SELECT CAST(:modes AS text[]) AS modes_accueil) s"),
            {"modes": modes},
        ).scalar_one()
    assert in_person is from_text is received_in_person(modes)
    assert bool(remote) is offered_remotely(modes)
