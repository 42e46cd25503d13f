"""Normalisation of commune names (pure logic)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from catalogue.geography.matching import departements_of_postcode, match_by_first_words
from catalogue.geography.names import arrondissement_of, normalise_name, official_name


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("ST ETIENNE CEDEX 2", "saint etienne"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
        ("Le Havre", "havre"),
        ("HAVRE", "havre"),
        ("L'Haÿ-les-Roses", "hay les roses"),
        ("Œuilly", "oeuilly"),
        ("  Marseille  1er   Arrondissement ", "marseille 1er arrondissement"),
        ("Les", "les"),  # a lone word is never stripped away
    ],
)
def test_names_normalise_to_the_same_form(raw: str, normalised: str) -> None:
    assert normalise_name(raw) == normalised


@pytest.mark.parametrize(
    ("nom", "tncc", "official"),
    [
        ("Havre", "2", "Le Havre"),
        ("Abergement-Clémenciat", "5", "L'Abergement-Clémenciat"),
        ("Arles", "1", "Arles"),
        ("Tarascon", "0", "Tarascon"),
    ],
)
def test_official_names_carry_their_article(nom: str, tncc: str, official: str) -> None:
    assert official_name(nom, tncc) == official


@pytest.mark.parametrize(
    ("raw", "arrondissement"),
    [
        ("PARIS 02", ("paris", 2)),
        ("Paris 2e Arrondissement", ("paris", 2)),
        ("Marseille 1er Arrondissement", ("marseille", 1)),
        ("LYON 3EME", ("lyon", 3)),
        ("Lyon 9e arr.", ("lyon", 9)),
        ("MARSEILLE CEDEX 01", None),  # a CEDEX number is no arrondissement
        ("PARIS", None),
        ("PARIS 00", None),
        ("Saint-Denis", None),
    ],
)
def test_arrondissements_are_read_whatever_their_spelling(
    raw: str, arrondissement: tuple[str, int] | None
) -> None:
    assert arrondissement_of(normalise_name(raw)) == arrondissement


@pytest.mark.parametrize(
    ("postcode", "departements"),
    [
        ("13200", ("13",)),
        ("20000", ("2A", "2B")),
        ("97100", ("971",)),  # Basse-Terre, Guadeloupe
        ("97133", ("977",)),  # Saint-Barthélemy: a Guadeloupe postcode, its own INSEE code
        ("97150", ("978",)),  # Saint-Martin, likewise
        ("97400", ("974",)),  # Saint-Denis, La Réunion
        ("97743", ("974",)),  # Saint-Denis CEDEX 9, La Réunion: not Saint-Barthélemy
        ("97824", ("974",)),  # another Réunion CEDEX
        ("97600", ("976",)),  # Mamoudzou, Mayotte
        ("98000", ()),  # Monaco
        ("1500", ()),
    ],
)
def test_a_postcode_points_to_its_departements(postcode: str, departements: tuple[str]) -> None:
    assert departements_of_postcode(postcode) == departements


@dataclass(frozen=True)
class Named:
    code: str
    nom: str
    type: str = "COM"
    parent_code: str | None = None


ROISSYS = [Named("95527", "Roissy-en-France"), Named("95000", "Goussainville")]
SAINTS = [Named("1", "Saint-Denis"), Named("2", "Saint-Ouen"), Named("3", "Stains")]


@pytest.mark.parametrize(
    ("candidates", "name", "expected"),
    [
        (ROISSYS, "ROISSY CDG CEDEX", "95527"),
        (ROISSYS, "Roissy Charles de Gaulle", "95527"),
        (ROISSYS, "ROISSY", None),  # the whole name: an exact match or nothing
        (ROISSYS, "GOUSSAINVILLE AEROPORT", "95000"),
        (SAINTS, "SAINT DENIS LA PLAINE", "1"),  # « Saint » alone tells nothing
        (SAINTS, "SAINT LEU", None),
        ([*ROISSYS, Named("77390", "Roissy-en-Brie")], "ROISSY CDG", None),  # two Roissy
    ],
)
def test_a_postal_name_meets_the_one_commune_it_begins_like(
    candidates: list[Named], name: str, expected: str | None
) -> None:
    found = match_by_first_words(candidates, name)
    assert (found.code if found else None) == expected
