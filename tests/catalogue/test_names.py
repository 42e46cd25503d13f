"""Normalisation of commune names (pure logic)."""

from __future__ import annotations

import pytest

from catalogue.geography.matching import departements_of_postcode
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
    [("13200", ("13",)), ("20000", ("2A", "2B")), ("97150", ("971",)), ("1500", ())],
)
def test_a_postcode_points_to_its_departements(postcode: str, departements: tuple[str]) -> None:
    assert departements_of_postcode(postcode) == departements
