"""The observatory's figures on constructed cases: offers placed at known great-circle
distances of Tarascon's reference point, one not eligible there, one offered remotely."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.observatory.animation import animation
from api.observatory.indicators import observe
from catalogue.db import make_engine
from catalogue.geography.territories import territory
from catalogue.stack import Stack
from catalogue.vocabulary import freins
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.conftest import clone_database

TARASCON = "13108"
TODAY = date.today().isoformat()
EARTH_M = 6_371_008.7714  # PostGIS's sphere


def north_of(lat: float, lon: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` due north on the great circle of the meridian."""
    return lat + math.degrees(metres / EARTH_M), lon


def theme(frein: str) -> str:
    return sorted(freins()[frein].thematiques)[0]


@pytest.fixture(scope="module")
def engine(
    stack: Stack, template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    settings = clone_database(stack, template, "maillage_observatoire")
    engine = make_engine(settings)
    with engine.connect() as conn:
        lat, lon = conn.execute(
            text("SELECT ST_Y(point), ST_X(point) FROM communes WHERE code = :c"), {"c": TARASCON}
        ).one()
    offers = [
        # (id, frein, metres north, modes, zone)
        ("a-9900", "mobilite", 9_900, ["en-presentiel"], None),
        ("b-10100", "sante", 10_100, ["en-presentiel"], None),
        ("c-paris-seulement", "numerique", 1_000, ["en-presentiel"], ["75"]),
        ("d-a-distance", "logement", 0, ["a-distance"], None),
        ("e-sur-place", "francais", 300, ["en-presentiel"], None),
    ]
    structures, services = [], []
    for ident, frein, metres, modes, zone in offers:
        here = north_of(lat, lon, metres)
        structures.append(
            {"source": "obs", "id": f"s-{ident}", "nom": f"Structure {ident}",
             "date_maj": TODAY, "latitude": here[0], "longitude": here[1]}
        )  # fmt: skip
        services.append(
            {"source": "obs", "id": ident, "structure_id": f"s-{ident}", "nom": f"Offre {ident}",
             "description": "Une offre construite pour le test.", "date_maj": TODAY,
             "thematiques": [theme(frein)], "modes_accueil": modes, "zone_eligibilite": zone,
             "latitude": here[0], "longitude": here[1]}
        )  # fmt: skip
    folder: Path = tmp_path_factory.mktemp("observatoire")
    (folder / "structures.json").write_text(json.dumps(structures))
    (folder / "services.json").write_text(json.dumps(services))
    report = run_import(engine, get_importer("data-inclusion"), folder)
    assert report.services.crees == len(offers), report.as_dict()
    yield engine
    engine.dispose()


def test_an_offer_at_9_9_km_is_within_10_km_and_one_at_10_1_km_is_not(engine: Engine) -> None:
    with engine.connect() as conn:
        seen = observe(conn, territory(conn, TARASCON), date.today())
    people = seen.population
    beyond = {f.frein: {b.km: b.personnes for b in f.au_dela} for f in seen.freins}
    assert beyond["mobilite"][10] == 0 and beyond["mobilite"][5] == people
    assert beyond["sante"][10] == people and beyond["sante"][20] == 0
    (place,) = seen.places
    assert place.nearest_m["mobilite"] == pytest.approx(9_900, abs=1)


def test_an_offer_whose_eligibility_leaves_the_commune_out_does_not_count(engine: Engine) -> None:
    with engine.connect() as conn:
        seen = observe(conn, territory(conn, TARASCON), date.today())
    numerique = next(f for f in seen.freins if f.frein == "numerique")
    assert numerique.au_dela[0].personnes == seen.population  # beyond 5 km: everyone
    assert seen.places[0].nearest_m["numerique"] is None


def test_remote_offers_are_counted_apart_and_bring_no_one_closer(engine: Engine) -> None:
    with engine.connect() as conn:
        seen = observe(conn, territory(conn, "13"), date.today())
    logement = next(f for f in seen.freins if f.frein == "logement")
    assert (logement.sur_place, logement.a_distance) == (0, 1)
    assert all(b.personnes == seen.population for b in logement.au_dela)
    francais = next(f for f in seen.freins if f.frein == "francais")
    assert (francais.sur_place, francais.a_distance) == (1, 0)
    assert francais.pour_10000 == round(10_000 / seen.population, 2)
    # Located in the territory, but for Parisians only.
    numerique = next(f for f in seen.freins if f.frein == "numerique")
    assert numerique.sur_place == 0


def test_a_departements_population_is_the_sum_of_its_communes(engine: Engine) -> None:
    with engine.connect() as conn:
        seen = observe(conn, territory(conn, "13"), date.today())
        communes = conn.scalar(
            text(
                "SELECT sum(population) FROM communes "
                "WHERE departement_code = '13' AND type = 'COM'"
            )
        )
    assert seen.population == communes == sum(p.population for p in seen.places)
    # Marseille counted by arrondissement, not as one place.
    codes = {p.code for p in seen.places}
    assert "13055" not in codes and {"13201", "13216"} <= codes


def test_the_offers_to_check_and_the_sources_last_import(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE services SET date_maj = date '2020-01-01' WHERE id = 'e-sur-place'")
        )
    with engine.connect() as conn:
        seen = animation(conn, territory(conn, "13"), date.today())
    located = seen.services
    assert seen.a_verifier == 1 and located >= 1
    assert seen.structures_a_verifier == [("Structure e-sur-place", 1)]
    (source,) = seen.sources
    assert source.source == "obs" and source.comptes["services"]["crees"] == 5
    assert source.importe_le is not None and source.total_rejets == 0
    assert seen.grappes_a_revoir == 0
