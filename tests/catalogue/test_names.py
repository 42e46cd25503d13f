"""Normalisation of commune names (pure logic)."""

from __future__ import annotations

import pytest

from catalogue.geography.names import normalise_name, official_name


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
