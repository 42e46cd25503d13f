"""How names, addresses and identifiers are compared when structures are linked."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.records.duplicates import contradict, identifiers, sign_of


def _sql(engine: Engine, expression: str, value: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT {expression}"), {"v": value}).scalar_one()


@pytest.mark.parametrize(
    ("nom", "distinctive"),
    [
        # A final s is dropped, plural or not: the same on both sides of a comparison.
        ("ASSOC JARDIN DE COCAGNE NANTAIS", "nantai"),
        ("Jardins de Cocagne Nantais", "nantai"),
        ("France Travail GAP", "gap"),
        ("France Travail DT 04-05", "dt 04 05"),
        ("Pôle emploi Gap", "gap"),
        ("Centre communal d'action sociale de Briançon", "briancon"),
        ("SCIC JARDINS DU GIROU", "jardin girou"),
        ("LES JARDINS DE L'AMITIE", "jardin amitie"),
    ],
)
def test_a_name_is_compared_without_its_network_legal_form_or_grammar(
    engine: Engine, nom: str, distinctive: str
) -> None:
    assert _sql(engine, "maillage_distinctive(maillage_words(:v))", nom) == distinctive


@pytest.mark.parametrize(
    ("nom", "network"),
    [
        ("Pôle emploi Gap", "france travail"),
        ("FRANCE TRAVAIL DT 04-05", "france travail"),
        ("CCAS de Gap", "ccas"),
        ("Centre communal d'action sociale de Gap", "ccas"),
        ("Mission locale pour l'emploi des jeunes du Gapençais", "mission locale"),
        ("Épicerie sociale Les Glacis", None),
    ],
)
def test_a_name_tells_its_network(engine: Engine, nom: str, network: str | None) -> None:
    assert _sql(engine, "maillage_network(maillage_words(:v))", nom) == network


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2 530 Route DE PEGOMAS", "2530 route de Pégomas"),
        ("470 Chemin DE LA GARENNE", "470 chemin de la Garenne"),
        ("152, rue Jean Jaurès", "152 Rue JEAN JAURES"),
        ("12 bd Victor Hugo", "12 boulevard Victor-Hugo"),
    ],
)
def test_one_address_written_two_ways_has_one_key(engine: Engine, a: str, b: str) -> None:
    key = "maillage_address_key(maillage_words(:v))"
    assert _sql(engine, key, a) == _sql(engine, key, b) is not None


def test_identifiers_are_kept_as_scheme_and_value_once_each() -> None:
    kept, problems = identifiers(["SAFIR: 00310", "safir:00310", "finess:750000000", "n°12"])
    assert kept == ["finess:750000000", "safir:00310"]
    assert problems == ["identifiant « n°12 » illisible (attendu schema:valeur)"]


def test_two_sirens_or_two_sites_of_one_scheme_are_never_the_same() -> None:
    assert contradict(sign_of("41071771400035", None), sign_of("41071772100019", None))
    assert not contradict(sign_of("41071771400035", None), sign_of("41071771400043", None))
    assert contradict(sign_of(None, ["safir:00310"]), sign_of(None, ["safir:01004"]))
    assert not contradict(sign_of(None, ["safir:00310"]), sign_of(None, ["rna:W1"]))
    assert not contradict(sign_of("41071771400035", None), sign_of(None, ["safir:1"]))
