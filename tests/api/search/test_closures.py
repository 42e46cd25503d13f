"""A closed service leaves search while its closure lasts, and only then (both backends,
the same day given to both)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.backend import SearchBackend
from api.search.params import SearchParams
from api.search.service import build_query
from catalogue.settings import Settings
from tests.api.search.scenario import CLOSURE

MOBILITE = {"code_commune": "90010", "freins": ("mobilite",)}


def found_on(day: date, backend: SearchBackend, settings: Settings, engine: Engine) -> list[str]:
    query = build_query(engine, SearchParams(**MOBILITE), settings.search)  # type: ignore[arg-type]
    hits = backend.search(replace(query, today=day)).hits
    with engine.connect() as conn:
        ids = dict(conn.execute(text("SELECT uid::text, id FROM services")).all())
    return [ids[h.uid].removeprefix("scenario--") for h in hits]


def test_a_temporarily_closed_service_is_found_before_and_after_its_closure_only(
    backend: SearchBackend, scenario_settings: Settings, scenario_engine: Engine
) -> None:
    start, end = CLOSURE

    def found(day: date) -> bool:
        return "travaux" in found_on(day, backend, scenario_settings, scenario_engine)

    assert found(start - timedelta(days=1))
    assert not found(start) and not found(date.today()) and not found(end)
    assert found(end + timedelta(days=1))


def test_a_service_closed_for_good_is_never_found_again(
    backend: SearchBackend, scenario_settings: Settings, scenario_engine: Engine
) -> None:
    later = date.today() + timedelta(days=3650)
    assert "ferme" not in found_on(later, backend, scenario_settings, scenario_engine)
    assert "garage" in found_on(later, backend, scenario_settings, scenario_engine)
