"""``maillage import csv FICHIER --proposer``: mappings guessed for real lists and for
lists of our own, in French and in English."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import Engine

from catalogue.settings import Settings
from importers.assistant import propose
from importers.mapping import load_mapping
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA

AGENCES = REAL_DATA / "france-travail" / "agences-2019.csv"
SIAE = REAL_DATA / "siae" / "siae-2019.csv"


def proposed(path: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """The proposal written as a file, and its [structure] section."""
    mapping = folder / f"{path.stem}.toml"
    mapping.write_text(propose(path).toml(), encoding="utf-8")
    return mapping, tomllib.loads(mapping.read_text(encoding="utf-8"))["structure"]


def test_the_france_travail_agencies_are_read_with_their_address_parts_and_coordinates(
    engine: Engine, tmp_path: Path
) -> None:
    mapping, structure = proposed(AGENCES, tmp_path)
    assert structure == {
        "id": "{REFERENCE_PE}",
        "nom": "{NOM}",
        "adresse": "{ADRESSE}",
        "complement_adresse": {
            "colonnes": ["COMPLEMENT_ADRESSE", "DC_COMPLEMENTADRSITEPHYSIQUE"],
            "separateur": ", ",
        },
        "code_postal": "{CODE_POSTAL}",
        "commune": "{COMMUNE}",
        "latitude": "{DN_LATITUDE}",
        "longitude": "{DN_LONGITUDE}",
    }
    assert load_mapping(mapping).ignored == {"CODE_SAFIR", "TYPE_SITE", "REGION", "LIBELLE_REGION"}
    report = run_import(engine, get_importer("csv"), AGENCES, mapping=mapping, dry_run=True)
    assert report.structures.crees / report.structures.lus > 0.99  # decimal commas read
    assert not [w for w in report.warnings if w["type"] == "fichier"]


def test_the_siae_list_is_read_by_siret_with_its_street_put_together(
    engine: Engine, tmp_path: Path
) -> None:
    mapping, structure = proposed(SIAE, tmp_path)
    assert structure == {
        "id": "{SIRET}",
        "nom": "{DENOMINATION_SOCIALE}",
        "siret": "{SIRET}",
        "adresse": "{NUM_RUE} {NOM_RUE}",
        "code_postal": "{CODE_POSTAL}",
        "commune": "{COMMUNE}",
    }
    report = run_import(engine, get_importer("csv"), SIAE, mapping=mapping, dry_run=True)
    assert report.structures.crees / report.structures.lus > 0.95


@pytest.mark.parametrize(
    ("content", "expected", "ignored"),
    [
        (
            "Nom de la structure;Rue;Complément;BP;Code postal;Ville;Latitude;Longitude;"
            "Téléphone;Email;Site web;SIRET;Remarque\n"
            'CCAS de Gap;5 rue Carnot;Bât. A;BP 12;05000;Gap;"44,5594";"6,0786";'
            "04 92 53 24 24;ccas@gap.example;www.ville-gap.fr;21050061200010;rien\n",
            {"id": "{SIRET}", "nom": "{Nom de la structure}", "siret": "{SIRET}",
             "adresse": "{Rue}",
             "complement_adresse": {"colonnes": ["Complément", "BP"], "separateur": ", "},
             "code_postal": "{Code postal}", "commune": "{Ville}", "latitude": "{Latitude}",
             "longitude": "{Longitude}", "telephone": "{Téléphone}", "courriel": "{Email}",
             "site_web": "{Site web}"},
            {"Remarque"},
        ),
        (
            "Name,Street,Address line 2,Zip,City,Lat,Lng,Phone,Contact,Link,Notes\n"
            "Food bank,1 Main St,,13200,Arles,43.67,4.62,0490000000,a@b.example,x.example,hi\n",
            {"id": "{Name} {Street} {Zip} {City}", "nom": "{Name}", "adresse": "{Street}",
             "complement_adresse": "{Address line 2}", "code_postal": "{Zip}",
             "commune": "{City}", "latitude": "{Lat}", "longitude": "{Lng}",
             "telephone": "{Phone}", "courriel": "{Contact}", "site_web": "{Link}"},
            {"Notes"},
        ),
    ],
)  # fmt: skip
def test_french_and_english_headers_and_telling_cells_are_recognised(
    tmp_path: Path, content: str, expected: dict[str, object], ignored: set[str]
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(content, encoding="utf-8")
    mapping, structure = proposed(path, tmp_path)
    assert structure == expected
    assert load_mapping(mapping).ignored == ignored


def test_a_column_that_only_sounds_like_a_field_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Type site;CP;Ville\nAgence;ALE;05000;Gap\nDirection;DRA;13200;Arles\n")
    proposal = propose(path)
    assert "site_web" not in proposal.fields and proposal.ignored == ["Type site"]


def test_the_cli_writes_the_proposal_where_asked_and_never_over_a_file(
    settings: Settings, tmp_path: Path
) -> None:
    from maillage.cli import main

    output = tmp_path / "agences.toml"
    args = ["import", "csv", str(AGENCES), "--proposer", "--sortie", str(output)]
    env = {"MAILLAGE_DB_URL": settings.database_url}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert load_mapping(output).source == "agences-2019"
    again = CliRunner().invoke(main, args, env=env)
    assert again.exit_code == 2 and "existe déjà" in again.stderr
