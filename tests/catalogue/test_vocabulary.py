"""Barrier types (freins) over data·inclusion thématiques."""

from __future__ import annotations

import pytest
from data_inclusion.schema.v1 import Categorie, Thematique

from catalogue.vocabulary import expand_thematiques, freins, freins_of


def test_the_ten_barrier_types_of_the_design_notes_are_defined() -> None:
    assert list(freins()) == [
        "mobilite", "garde-enfants", "logement", "sante", "numerique", "francais",
        "argent", "demarches", "equipement-alimentation", "famille",
    ]  # fmt: skip


def test_every_frein_covers_existing_thematiques_only() -> None:
    known = {t.value for t in Thematique}
    for frein in freins().values():
        assert frein.thematiques, frein.slug
        assert frein.thematiques <= known


def test_famille_excludes_childcare_which_is_its_own_frein() -> None:
    assert "famille--garde-denfants" not in freins()["famille"].thematiques
    assert freins()["garde-enfants"].thematiques == {"famille--garde-denfants"}
    assert freins_of(["famille--garde-denfants"]) == ["garde-enfants"]
    assert freins_of(["famille--soutien-aidants"]) == ["famille"]


def test_a_category_means_all_its_sub_thematiques() -> None:
    expanded = expand_thematiques([Categorie.MOBILITE.value])
    assert expanded == {t.value for t in Thematique if t.value.startswith("mobilite--")}


def test_an_unknown_thematique_is_refused() -> None:
    with pytest.raises(ValueError, match="inconnue"):
        expand_thematiques(["cuisine"])
