"""Imports place records at their address with the stack's addok, loaded with a small
BAN file of real addresses (the France Travail agencies) whose coordinates we know."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.settings import GeocoderSettings
from catalogue.stack import Stack
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.geocoding_data import (
    Agency,
    metres,
    service_at_its_structure,
    structure,
)
from tests.geocoding_data import write_structures as write_dump

# Addresses the BAN file does not hold (no number): they stay at their commune.
UNKNOWN = [
    ("X1", "RUE DES VERCHERES", "69380", "LOZANNE"),
    ("X2", "Traverse Françoise Dolto", "13015", "MARSEILLE"),
    ("X3", "ALLEE HELENE BOUCHER", "33700", "MERIGNAC"),
]


@pytest.fixture
def known(ban_agencies: list[Agency]) -> list[Agency]:
    return ban_agencies


@pytest.fixture
def geocoding(engine: Engine, stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The scratch catalogue, geocoding with the stack's addok, its cache empty."""
    monkeypatch.setenv("MAILLAGE_GEOCODER_URL", stack.addok.url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM geocoding_cache"))
    yield engine


def import_(engine: Engine, folder: Path, source: str | None = None) -> ImportReport:
    geocoder = GeocoderSettings()  # (the fixture's environment: the stack's addok)
    return run_import(
        engine, get_importer("data-inclusion"), folder, source=source, geocoder=geocoder
    )


def agencies_dump(folder: Path, known: list[Agency]) -> Path:
    records = [structure(a.ref, a.adresse, a.code_postal, a.commune) for a in known]
    records += [structure(*unknown) for unknown in UNKNOWN]
    return write_dump(folder, records)


def places(engine: Engine) -> dict[str, tuple[str, float, float, float | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, geocoding_precision, ST_X(location::geometry), "
                "ST_Y(location::geometry), geocoding_score, geocoding_ban_id FROM structures"
            )
        ).all()
    return {row[0].removeprefix("france-travail--"): tuple(row[1:]) for row in rows}


def test_nine_addresses_in_ten_are_placed_within_150_m_of_the_known_point(
    geocoding: Engine, known: list[Agency], tmp_path: Path
) -> None:
    report = import_(geocoding, agencies_dump(tmp_path, known))
    assert report.structures.crees == len(known) + len(UNKNOWN)
    placed = places(geocoding)
    close = [
        a
        for a in known
        if placed[a.ref][0] == "adresse"
        and metres(a.longitude, a.latitude, placed[a.ref][1], placed[a.ref][2]) <= 150
    ]
    assert len(close) >= 0.9 * (len(known) + len(UNKNOWN)), len(close)
    assert all(placed[a.ref][3] is not None and placed[a.ref][3] >= 0.75 for a in close)
    assert all(placed[a.ref][4] for a in close)  # the BAN id matched
    counts = report.geocoding
    assert counts["precision_adresse"] == sum(p[0] == "adresse" for p in placed.values())
    assert sum(v for k, v in counts.items() if k.startswith("precision_")) == len(placed)


def test_every_address_not_placed_at_its_number_says_why(
    geocoding: Engine, known: list[Agency], tmp_path: Path
) -> None:
    report = import_(geocoding, agencies_dump(tmp_path, known))
    placed = places(geocoding)
    elsewhere = {ref for ref, place in placed.items() if place[0] != "adresse"}
    assert {ref for ref, *_ in UNKNOWN} <= elsewhere
    assert all(placed[ref][0] in ("rue", "commune") for ref in elsewhere)
    explained = {
        w["id"].removeprefix("france-travail--")
        for w in report.warnings
        if "non géocodée" in w["message"] or "placée sur sa voie" in w["message"]
    }
    assert elsewhere <= explained
    assert report.geocoding["adresses_refusees"] >= len(UNKNOWN)


def test_a_service_without_a_place_of_its_own_is_at_its_structures_address(
    geocoding: Engine, known: list[Agency], tmp_path: Path
) -> None:
    agency = known[0]
    records = [structure(agency.ref, agency.adresse, agency.code_postal, agency.commune)]
    report = import_(
        geocoding, write_dump(tmp_path, records, [service_at_its_structure(agency.ref)])
    )
    assert report.rejections == [], report.rejections
    with geocoding.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT geocoding_precision, geocoding_ban_id, geocoding_label, "
                "ST_AsText(location) FROM structures UNION ALL "
                "SELECT geocoding_precision, geocoding_ban_id, geocoding_label, "
                "ST_AsText(location) FROM services"
            )
        ).all()
    assert len(rows) == 2 and rows[0] == rows[1]
    assert rows[0][0] == "adresse" and rows[0][1] and rows[0][2]


def test_a_second_import_asks_the_geocoder_nothing(
    geocoding: Engine, known: list[Agency], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAILLAGE_GEOCODER_REQUEST_ROWS", "37")  # several requests a batch
    dump = agencies_dump(tmp_path, known)
    first = import_(geocoding, dump)
    asked = first.geocoding["adresses_interrogees"]
    assert first.geocoding["precision_adresse"] >= 0.9 * len(known)
    assert 0.9 * len(known) < asked <= len(known) + len(UNKNOWN)  # agencies share addresses
    again = import_(geocoding, dump)
    assert again.geocoding["adresses_interrogees"] == 0
    # The same addresses from another source: answered by the cache alone, alike.
    other = import_(geocoding, dump, source="autre-source")
    assert other.geocoding["adresses_interrogees"] == 0
    assert other.geocoding["adresses_en_cache"] == asked
    assert other.geocoding["precision_adresse"] == first.geocoding["precision_adresse"]


def test_without_a_geocoder_addresses_stay_at_their_commune(
    engine: Engine, known: list[Agency], tmp_path: Path
) -> None:
    report = import_(engine, agencies_dump(tmp_path, known))
    assert {p[0] for p in places(engine).values()} == {"commune"}
    assert "adresses_interrogees" not in report.geocoding
