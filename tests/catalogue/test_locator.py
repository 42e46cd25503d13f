"""Bulk location of source records (the order in ``catalogue.geography.locator``)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from catalogue.geography.locator import LocationError, Locator


@pytest.fixture(scope="module")
def locator(scratch_engine: Engine) -> Locator:
    with scratch_engine.connect() as conn:
        return Locator(conn)


@pytest.mark.parametrize(
    ("postcode", "name", "expected"),
    [
        ("13001", "MARSEILLE CEDEX 01", "13201"),
        ("13150", "TARASCON", "13108"),
        ("13200", "ARLES", "13004"),
        ("76600", "LE HAVRE", "76351"),
        ("42000", "ST-ETIENNE", "42218"),
        ("75008", "PARIS", "75108"),
        ("69003", "Lyon", "69383"),
        ("90000", None, "90010"),  # a postcode with one commune needs no name
    ],
)
def test_postcode_and_name_find_the_commune(
    locator: Locator, postcode: str, name: str | None, expected: str
) -> None:
    assert locator.by_postcode_and_name(postcode, name).code == expected


def test_a_postcode_shared_by_communes_needs_a_matching_name(locator: Locator) -> None:
    with pytest.raises(LocationError, match="plusieurs communes"):
        locator.by_postcode_and_name("01400", "PARIS")


def test_source_coordinates_in_the_stated_commune_are_kept(locator: Locator) -> None:
    where = locator.locate(
        code_insee="90010",
        code_postal="90000",
        commune="Belfort",
        longitude=6.8449,
        latitude=47.6349,
    )
    assert where is not None
    assert (where.precision, where.commune.code) == ("source", "90010")


def test_source_coordinates_in_a_neighbouring_commune_are_kept(locator: Locator) -> None:
    # A real Dora record: stated in Arles, its point is just over the border in Tarascon.
    where = locator.locate(
        code_insee="13004",
        code_postal="13200",
        commune="Arles",
        longitude=4.662042,
        latitude=43.800196,
    )
    assert where is not None and where.precision == "source"


def test_swapped_latitude_and_longitude_are_recovered(locator: Locator) -> None:
    where = locator.locate(
        code_insee="13108", code_postal=None, commune=None, longitude=43.8002, latitude=4.6620
    )
    assert where is not None
    assert (where.precision, round(where.longitude, 3)) == ("source", 4.662)


def test_coordinates_far_from_the_stated_commune_fall_back_to_the_commune(locator: Locator) -> None:
    # Belfort's coordinates given for a Tarascon service: trust the commune, say why.
    where = locator.locate(
        code_insee="13108",
        code_postal="13150",
        commune="Tarascon",
        longitude=6.8449,
        latitude=47.6349,
    )
    assert where is not None
    assert (where.precision, where.commune.code) == ("commune", "13108")
    assert where.note and "loin de la commune" in where.note


def test_a_postcode_in_the_insee_code_field_is_understood(locator: Locator) -> None:
    where = locator.locate(
        code_insee="13150", code_postal=None, commune="Tarascon", longitude=None, latitude=None
    )
    assert where is not None and where.commune.code == "13108"


def test_a_record_without_any_place_has_no_location(locator: Locator) -> None:
    assert (
        locator.locate(
            code_insee=None, code_postal=None, commune=None, longitude=None, latitude=None
        )
        is None
    )


def test_an_unknown_place_is_rejected_with_its_reason(locator: Locator) -> None:
    with pytest.raises(LocationError, match="code postal inconnu"):
        locator.locate(
            code_insee=None,
            code_postal="00000",
            commune="Nulle-Part",
            longitude=None,
            latitude=None,
        )


def test_eligibility_postcodes_are_repaired_when_unambiguous(locator: Locator) -> None:
    zone, problems = locator.repair_zone(["13200", "13", "241300417", "france", "zz999"])
    assert zone == ["13004", "13", "241300417", "france"]
    assert any("13200" in p and "13004" in p for p in problems)
    assert any("zz999" in p for p in problems)


@pytest.mark.parametrize(
    ("postcode", "name", "expected"),
    [
        ("75002", "PARIS 02", "75102"),
        ("13001", "MARSEILLE 01", "13201"),
        ("69003", "LYON 3EME", "69383"),
        ("75008", "PARIS 02", "75108"),  # the postcode wins over a number it disagrees with
        ("69001", "Lyon 1er Arrondissement", "69381"),
    ],
)
def test_numbered_arrondissements_find_their_arrondissement(
    locator: Locator, postcode: str, name: str, expected: str
) -> None:
    assert locator.by_postcode_and_name(postcode, name).code == expected


def test_an_arrondissement_is_found_by_its_name_alone(locator: Locator) -> None:
    assert locator.by_postcode_and_name(None, "Paris 2e Arrondissement").code == "75102"


@pytest.mark.parametrize(
    ("postcode", "name", "expected"),
    [
        ("53003", "LAVAL", "53130"),
        ("59815", "LESQUIN", "59343"),
        ("13617", "AIX EN PROVENCE CEDEX 1", "13001"),
        ("75700", "PARIS CEDEX 07", "75056"),
    ],
)
def test_a_cedex_postcode_finds_the_commune_by_name_in_its_departement_and_says_so(
    locator: Locator, postcode: str, name: str, expected: str
) -> None:
    where = locator.locate(
        code_insee=None, code_postal=postcode, commune=name, longitude=None, latitude=None
    )
    assert where is not None and where.commune.code == expected
    assert where.precision == "commune"
    assert where.note and postcode in where.note and "département" in where.note


def test_a_renamed_commune_is_matched_to_the_one_whose_name_begins_its_own(
    locator: Locator,
) -> None:
    where = locator.locate(
        code_insee=None,
        code_postal="23140",
        commune="PARSAC RIMONDEIX",
        longitude=None,
        latitude=None,
    )
    assert where is not None and where.commune.code == "23149"
    assert where.note and "rapprochée de « Parsac »" in where.note


@pytest.mark.parametrize(
    ("postcode", "name", "expected"),
    [
        ("97743", "SAINT DENIS CEDEX 9", "97411"),  # La Réunion, not Saint-Barthélemy
        ("97801", "ST DENIS CEDEX 9", "97411"),
        ("97488", "SAINT DENIS CEDEX", "97411"),
        ("97700", "SAINT ANDRE CEDEX", "97409"),
        ("95716", "ROISSY CDG CEDEX", "95527"),  # found like « ROISSY EN FRANCE »
        ("95705", "ROISSY CHARLES DE GAULLE CEDEX", "95527"),
        ("95700", "ROISSY EN FRANCE", "95527"),
    ],
)
def test_cedex_postcodes_find_their_commune_by_its_name_or_its_first_words(
    locator: Locator, postcode: str, name: str, expected: str
) -> None:
    assert locator.by_postcode_and_name(postcode, name).code == expected


def test_a_commune_found_by_its_first_words_is_reported_as_a_guess(locator: Locator) -> None:
    where = locator.locate(
        code_insee=None, code_postal="95716", commune="ROISSY CDG CEDEX", longitude=None,
        latitude=None,
    )  # fmt: skip
    assert where is not None and where.commune.code == "95527"
    assert where.note and "rapprochée de « Roissy-en-France »" in where.note


def test_saint_barthelemy_postcodes_say_the_collectivity_is_not_covered(
    locator: Locator,
) -> None:
    with pytest.raises(LocationError, match="collectivités d'outre-mer"):
        locator.by_postcode_and_name("97133", "SAINT BARTHELEMY")


def test_an_unknown_overseas_postcode_says_overseas_collectivities_are_not_covered(
    locator: Locator,
) -> None:
    with pytest.raises(LocationError, match="collectivités d'outre-mer"):
        locator.by_postcode_and_name("97150", "SAINT MARTIN")


def test_a_wrong_insee_code_is_recovered_from_the_name_and_says_so(locator: Locator) -> None:
    where = locator.locate(
        code_insee="13999", code_postal=None, commune="Tarascon", longitude=None, latitude=None
    )
    assert where is not None and where.commune.code == "13108"
    assert where.note and where.note.startswith("code INSEE inconnu « 13999 »")


def test_points_located_in_one_batch_land_where_they_land_one_by_one(locator: Locator) -> None:
    points = [
        (6.8449, 47.6349),  # Belfort
        (4.662042, 43.800196),  # Tarascon, by the Arles border
        (2.3083, 48.8736),  # Paris 8e: the arrondissement, not the city
        (4.8357, 45.7640),  # Lyon 2e
        (-1.5615, 47.2067),  # Nantes
        (-4.4945, 48.3880),  # just off Brest, in the sea: the coastal tolerance
        (-30.0, 45.0),  # mid-Atlantic: nowhere
        (float("nan"), 45.0),
    ]
    locator.prefetch([])
    one_by_one = [locator.commune_at(lon, lat) for lon, lat in points]
    locator.prefetch(points)
    assert set(locator._prefetched) >= set(points[:-1])  # the batch answered, not a fallback
    batched = [locator.commune_at(lon, lat) for lon, lat in points]
    assert batched == one_by_one
    assert [c.code if c else None for c in batched[:4]] == ["90010", "13108", "75108", "69382"]
    assert batched[6] is None
