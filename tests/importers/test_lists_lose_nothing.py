"""``maillage import csv``: lists lose nothing without a word — dry runs, short rows,
columns nothing reads, homonyms, constants wrong for every row, repaired values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import ParametreInvalide
from catalogue.settings import Settings
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("csv"), path, **options)


def maillage(settings: Settings, *args: str) -> Result:
    from maillage.cli import main

    return CliRunner().invoke(main, list(args), env={"MAILLAGE_DB_URL": settings.database_url})


def counted(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(text("SELECT count(*) FROM structures")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM services")).scalar_one(),
            conn.execute(text("SELECT count(*) FROM import_runs")).scalar_one(),
        )


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


GARAGES = """Code;Nom;CP;Ville;Type
1;Garage solidaire du Nord;59000;LILLE;garage
2;Garage solidaire de Roubaix;59100;ROUBAIX;garage
"""

MAPPING = """source = "mobilite-nord"
[fichier]
ignorer = ["Type"]
[structure]
id = "mob--{Code}"
nom = "{Nom}"
code_postal = "{CP}"
commune = "{Ville}"
"""

SERVICE = """[service]
nom = "Réparation solidaire"
description = "Réparer sa voiture à petit prix pour aller travailler."
"""


# -- --essai -------------------------------------------------------------------------------


def test_a_trial_import_prints_the_report_and_writes_nothing(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    listed = write(tmp_path / "liste.csv", GARAGES)
    mapping = write(tmp_path / "m.toml", MAPPING)
    before = counted(engine)
    result = maillage(settings, "import", "csv", str(listed), "--mapping", str(mapping), "--essai")
    assert result.exit_code == 0, result.output
    assert "créés       2" in result.stdout
    assert "rien n'a été écrit" in result.stdout
    assert counted(engine) == before
    as_json = maillage(
        settings, "import", "csv", str(listed), "--mapping", str(mapping), "--essai", "--json"
    )
    report = json.loads(as_json.stdout)
    assert (report["essai"], report["structures"]["crees"]) == (True, 2)
    assert counted(engine) == before


# -- short and long rows ---------------------------------------------------------------------


def test_rows_shorter_or_longer_than_the_header_are_rejected_with_their_line(
    engine: Engine, tmp_path: Path
) -> None:
    listed = write(
        tmp_path / "liste.csv",
        GARAGES + "3;Garage de Tourcoing;59200;TOURCOING\n4;Garage;59000;LILLE;garage;en trop\n",
    )
    report = import_(engine, listed, mapping=write(tmp_path / "m.toml", MAPPING))
    assert report.structures.crees == 2
    why = {r.ref: r.reason for r in report.rejections}
    assert "ligne trop courte : 4 valeur(s) pour 5 colonnes" in why["mob--3 (ligne 4)"]
    assert "ligne trop longue" in why["mob--4 (ligne 5)"]


# -- columns nothing reads ------------------------------------------------------------------


def test_a_column_neither_mapped_nor_ignored_is_reported(engine: Engine, tmp_path: Path) -> None:
    listed = write(tmp_path / "liste.csv", GARAGES)
    quiet = import_(engine, listed, mapping=write(tmp_path / "m.toml", MAPPING), dry_run=True)
    assert quiet.warnings == []
    unsaid = MAPPING.replace('ignorer = ["Type"]\n', "")
    report = import_(engine, listed, mapping=write(tmp_path / "n.toml", unsaid), dry_run=True)
    (warning,) = report.warnings
    assert warning["type"] == "fichier"
    assert "ni reprise(s) ni ignorée(s) par n.toml : « Type »" in warning["message"]


def test_without_a_mapping_columns_the_template_does_not_know_are_reported(
    engine: Engine, tmp_path: Path
) -> None:
    listed = write(
        tmp_path / "structures.csv",
        "Nom de la structure;Code postal;Commune;Rue;Email;BP\n"
        "CCAS de Gap;05000;Gap;5 rue Carnot;ccas@gap.example;BP 12\n",
    )
    report = import_(engine, listed, source="gap", dry_run=True)
    assert report.structures.crees == 1
    (warning,) = report.warnings
    assert "colonne(s) inconnue(s) du modèle" in warning["message"]
    assert "« Rue », « Email », « BP »" in warning["message"]


# -- identifiers built from the place ----------------------------------------------------------


def test_homonyms_of_two_communes_get_two_identifiers(engine: Engine, tmp_path: Path) -> None:
    listed = write(
        tmp_path / "structures.csv",
        "Nom de la structure;Code postal;Commune\nCCAS;93200;Saint-Denis\nCCAS;97400;Saint-Denis\n",
    )
    report = import_(engine, listed, source="ccas")
    assert (report.structures.crees, report.rejections) == (2, [])
    with engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM structures")).scalars())
    assert ids == {"ccas-93200-saint-denis", "ccas-97400-saint-denis"}


def test_homonyms_of_one_place_are_both_kept_and_reported(engine: Engine, tmp_path: Path) -> None:
    listed = write(
        tmp_path / "structures.csv",
        "Nom de la structure;Adresse;Code postal;Commune\n"
        "Épicerie solidaire;1 rue Haute;13200;Arles\n"
        "Épicerie solidaire;9 rue Basse;13200;Arles\n",
    )
    report = import_(engine, listed, source="epiceries")
    assert (report.structures.crees, report.rejections) == (2, [])
    (warning,) = report.warnings
    assert warning["id"].startswith("epicerie-solidaire-13200-arles-2 ")
    assert "déjà construit pour structures.csv, ligne 2" in warning["message"]


# -- a mapping wrong for every row ------------------------------------------------------------


def test_a_constant_wrong_for_every_service_stops_the_import_before_any_write(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    listed = write(tmp_path / "liste.csv", GARAGES)
    wrong = MAPPING + SERVICE + 'thematiques = ["reparer-sa-voiture"]\n'
    mapping = write(tmp_path / "m.toml", wrong)
    result = maillage(settings, "import", "csv", str(listed), "--mapping", str(mapping))
    assert result.exit_code != 0
    assert "[service] thematiques : champ « thematiques » : valeur inconnue" in result.stderr
    assert "rien n'a été importé" in result.stderr
    assert counted(engine)[:2] == (0, 0)


def test_a_translation_wrong_for_every_row_stops_the_import(engine: Engine, tmp_path: Path) -> None:
    listed = write(tmp_path / "liste.csv", GARAGES)
    wrong = MAPPING.replace('ignorer = ["Type"]\n', "") + SERVICE.replace(
        "[service]\n",
        '[service]\nthematiques = { colonne = "Type", valeurs = { auto = ["mobilite"] } }\n',
    )
    with pytest.raises(ParametreInvalide, match="les 2 lignes sont toutes rejetées comme services"):
        import_(engine, listed, mapping=write(tmp_path / "m.toml", wrong))
    assert counted(engine)[:2] == (0, 0)


def test_a_frein_as_a_constant_stands_for_its_thematiques(engine: Engine, tmp_path: Path) -> None:
    listed = write(tmp_path / "liste.csv", GARAGES)
    mapping = MAPPING + SERVICE + 'thematiques = ["Garde d\'enfants", "mobilite"]\n'
    report = import_(engine, listed, mapping=write(tmp_path / "m.toml", mapping))
    assert (report.services.crees, report.rejections) == (2, [])
    with engine.connect() as conn:
        themes = conn.execute(text("SELECT DISTINCT thematiques FROM services")).scalar_one()
    assert "famille--garde-denfants" in themes
    assert "mobilite--entretenir-reparer-son-vehicule" in themes
    assert all(t == "famille--garde-denfants" or t.startswith("mobilite--") for t in themes)


# -- values repaired or left out ---------------------------------------------------------------


def test_a_link_without_scheme_is_repaired_and_a_wrong_siret_left_out_with_a_warning(
    engine: Engine, tmp_path: Path
) -> None:
    listed = write(
        tmp_path / "structures.csv",
        "Nom de la structure;Code postal;Commune;Site web;SIRET\n"
        "CCAS de Gap;05000;Gap;www.ville-gap.fr;21050061200010\n"
        "CCAS d'Arles;13200;Arles;https://www.ville-arles.fr;12345678901234\n",
    )
    report = import_(engine, listed, source="ccas")
    assert (report.structures.crees, report.rejections) == (2, [])
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT nom, site_web FROM structures")).all())
        sirets = dict(conn.execute(text("SELECT nom, siret FROM structures")).all())
    assert rows["CCAS de Gap"] == "https://www.ville-gap.fr/"
    assert sirets["CCAS d'Arles"] is None
    messages = sorted(w["message"] for w in report.warnings)
    assert messages == [
        "SIRET « 12345678901234 » invalide (clé de contrôle fausse) : ignoré",
        "champ « site_web » : « www.ville-gap.fr » sans https:// : complété",
    ]
