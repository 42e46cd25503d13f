"""Bulk writes through COPY: what is streamed is what the database holds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from importers.bulk import _copy

tricky = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('",\\{} \t\nNULabc')),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=8,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.lists(tricky, max_size=4)), min_size=1, max_size=5))
def test_lists_of_text_come_back_as_they_were_copied(
    scratch_engine: Engine, lists: list[list[str] | None]
) -> None:
    with scratch_engine.connect() as conn:
        conn.exec_driver_sql("CREATE TEMP TABLE copied (n int, words text[], numbers int[])")
        rows = [(n, words, [n, n + 1]) for n, words in enumerate(lists)]
        _copy(conn, "copied", ["n", "words", "numbers"], rows, arrays=(1, 2))
        back = conn.execute(text("SELECT words, numbers FROM copied ORDER BY n")).all()
        conn.rollback()
    assert [tuple(row) for row in back] == [(words, numbers) for _, words, numbers in rows]
