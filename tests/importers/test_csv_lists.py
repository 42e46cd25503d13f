"""``maillage import csv``: the real SIAE and France Travail lists through their mapping
files, and the publication template (data/templates/)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.db import make_engine
from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.stack import Stack
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA, settings_for

SIAE = REAL_DATA / "siae" / "siae-2019.csv"
AGENCES = REAL_DATA / "france-travail" / "agences-2019.csv"
MAPPINGS = PROJECT_ROOT / "data" / "mappings"
TEMPLATES = PROJECT_ROOT / "data" / "templates"
EXAMPLE = TEMPLATES / "exemple-publication.xlsx"


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("csv"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def rows_of(path: Path, delimiter: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


# -- SIAE: no coordinates, postcodes and commune names only --------------------------------


@pytest.fixture(scope="module")
def siae(stack: Stack, template: str) -> Iterator[tuple[Engine, ImportReport, ImportReport]]:
    """The SIAE list imported twice into a database of its own (read-only afterwards)."""
    name = "maillage_csv_siae"
    stack.postgres.drop_database(name)
    stack.postgres.ensure_database(name, template=template)
    engine = make_engine(settings_for(stack, name))
    mapping = MAPPINGS / "siae.toml"
    first = import_(engine, SIAE, mapping=mapping)
    second = import_(engine, SIAE, mapping=mapping)
    yield engine, first, second
    engine.dispose()


def test_the_siae_list_imports_one_structure_per_siret_and_one_service_per_measure(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    _, report, _ = siae
    rows = rows_of(SIAE, ";")
    assert adds_up(report)
    assert report.structures.lus == len({r["SIRET"] for r in rows})
    assert report.services.lus == len({(r["SIRET"], r["MESURE"]) for r in rows})


def test_at_least_97_percent_of_the_siae_are_located_at_their_commune(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    engine, report, _ = siae
    with engine.connect() as conn:
        located, precisions = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE location IS NOT NULL), "
                "array_agg(DISTINCT geocoding_precision) FROM structures WHERE source = 'siae'"
            )
        ).one()
    assert located == report.structures.crees
    assert located / report.structures.lus >= 0.97
    assert precisions == ["commune"]  # the file has no coordinates


def test_every_siae_left_unlocated_is_reported_with_its_reason(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    _, report, _ = siae
    structures = [r for r in report.rejections if r.kind == "structure"]
    assert len(structures) == report.structures.rejetes > 0
    assert all(r.reason.startswith("non localisé : ") for r in structures)
    assert all("code postal" in r.reason for r in structures)
    unlocated = {r.ref.split(" ")[0] for r in structures}
    services = [r for r in report.rejections if r.kind == "service"]
    assert all(r.ref.rsplit("--", 1)[0] in unlocated for r in services)


def test_arrondissements_cedex_codes_and_abbreviations_find_their_commune(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    engine, report, _ = siae
    rows = rows_of(SIAE, ";")

    def commune_of(name: str) -> tuple[str, str]:
        row = next(r for r in rows if r["COMMUNE"] == name)
        with engine.connect() as conn:
            code = conn.execute(
                text("SELECT code_commune_resolu FROM structures WHERE siret = :s"),
                {"s": row["SIRET"]},
            ).scalar_one()
        return row["CODE_POSTAL"], code

    assert commune_of("PARIS 11") == ("75011", "75111")
    assert commune_of("MARSEILLE 03") == ("13003", "13203")
    assert commune_of("LYON 08") == ("69008", "69388")
    assert commune_of("ST MAURICE DE BEYNOST") == ("01700", "01376")
    assert commune_of("LESQUIN") == ("59815", "59343")  # a CEDEX postcode
    assert any("59815" in w["message"] and "CEDEX" in w["message"] for w in report.warnings)


def test_an_siae_listed_for_several_measures_is_one_structure_offering_each_of_them(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    engine, _, _ = siae
    measures: dict[str, set[str]] = defaultdict(set)
    for row in rows_of(SIAE, ";"):
        measures[row["SIRET"]].add(row["MESURE"])
    siret, wanted = next((s, m) for s, m in measures.items() if len(m) > 1)
    with engine.connect() as conn:
        networks = conn.execute(
            text("SELECT reseaux_porteurs FROM structures WHERE siret = :s"), {"s": siret}
        ).scalar_one()
        names = conn.execute(
            text("SELECT nom FROM services WHERE structure_id = :id"), {"id": f"siae--{siret}"}
        ).scalars()
        offered = set(names)
    assert networks == sorted(m.lower() for m in wanted)
    assert len(offered) == len(wanted)


def test_reimporting_the_siae_list_creates_and_updates_nothing(
    siae: tuple[Engine, ImportReport, ImportReport],
) -> None:
    _, first, again = siae
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour) == (0, 0)
    assert (again.services.crees, again.services.mis_a_jour) == (0, 0)
    assert again.structures.inchanges == first.structures.crees


# -- France Travail: coordinates with decimal commas, a service per agency -----------------


def test_france_travail_agencies_come_with_their_service_and_their_own_coordinates(
    engine: Engine,
) -> None:
    mapping = MAPPINGS / "france-travail-agences.toml"
    report = import_(engine, AGENCES, mapping=mapping)
    rows = [r for r in rows_of(AGENCES, ",") if r["TYPE_SITE"] != "DRA"]
    assert adds_up(report)
    assert report.structures.lus == report.services.lus == len(rows)
    assert report.structures.crees == report.services.crees == len(rows)
    first = rows[0]
    with engine.connect() as conn:
        lat, lon, precision = conn.execute(
            text(
                "SELECT ST_Y(location::geometry), ST_X(location::geometry), "
                "geocoding_precision FROM structures WHERE id = :id"
            ),
            {"id": f"france-travail--{first['REFERENCE_PE']}"},
        ).one()
        by_source = conn.execute(
            text("SELECT count(*) FROM structures WHERE geocoding_precision = 'source'")
        ).scalar_one()
        service = conn.execute(
            text(
                "SELECT s.nom, s.frais, ST_Equals(s.location::geometry, t.location::geometry) "
                "FROM services s JOIN structures t ON t.uid = s.structure_uid "
                "WHERE s.id = :id"
            ),
            {"id": f"france-travail--{first['REFERENCE_PE']}--accompagnement"},
        ).one()
    assert precision == "source"
    assert (round(lat, 5), round(lon, 5)) == (
        round(float(first["DN_LATITUDE"].replace(",", ".")), 5),
        round(float(first["DN_LONGITUDE"].replace(",", ".")), 5),
    )
    assert by_source / len(rows) > 0.99
    assert service == ("Accompagnement vers l'emploi", "gratuit", True)
    again = import_(engine, AGENCES, mapping=mapping)
    assert again.structures.inchanges == again.services.inchanges == len(rows)


# -- generic mappings: their mistakes --------------------------------------------------------


def small_list(folder: Path) -> Path:
    path = folder / "liste.csv"
    path.write_text(
        "Code;Nom;CP;Ville;Type\n"
        "1;Garage solidaire du Nord;59000;LILLE;garage\n"
        "2;Auto-école sociale;59100;ROUBAIX;auto-ecole\n"
        "3;Vélo-école;59200;TOURCOING;inconnu\n",
        encoding="utf-8",
    )
    return path


MAPPING = """
source = "mobilite-nord"
[structure]
id = "mob--{Code}"
nom = "{Nom}"
code_postal = "{CP}"
commune = "{Ville}"
[service]
nom = { colonne = "Type", valeurs = { garage = "Garage solidaire", "auto-ecole" = "Permis" } }
description = "Un service de mobilité solidaire pour aller travailler."
thematiques = { colonne = "Type", valeurs = { garage = ["Entretenir et réparer son véhicule"], "auto-ecole" = ["mobilite--preparer-un-permis"] } }
"""  # noqa: E501
STRUCTURES = MAPPING.split("[service]")[0]  # its source and [structure] section


def test_a_small_list_with_a_translation_table_imports_and_reports_unmapped_values(
    engine: Engine, tmp_path: Path
) -> None:
    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    report = import_(engine, small_list(tmp_path), mapping=tmp_path / "m.toml")
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees, report.services.rejetes) == (3, 2, 1)
    (rejection,) = report.rejections
    assert rejection.ref == "ligne 4"
    assert "valeur « inconnu » de la colonne « Type » absente de la correspondance" in (
        rejection.reason
    )
    with engine.connect() as conn:
        ids = set(conn.execute(text("SELECT id FROM services")).scalars())
    assert ids == {"mob--1--garage-solidaire", "mob--2--permis"}  # ids derived from names


def test_a_list_may_date_a_closure_and_an_unreadable_date_is_dropped_with_a_warning(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "Code;Nom;CP;Ville;Ferme du;Ferme au\n"
        "1;Garage solidaire;59000;LILLE;20/12/2026;03/01/2027\n"
        "2;Auto-école sociale;59100;ROUBAIX;bientôt;\n",
        encoding="utf-8",
    )
    mapping = (
        STRUCTURES
        + """[service]
nom = "{Nom}"
description = "Un service de mobilité solidaire pour aller travailler."
thematiques = ["mobilite--preparer-un-permis"]
fermeture_debut = "{Ferme du}"
fermeture_fin = "{Ferme au}"
"""
    )
    (tmp_path / "m.toml").write_text(mapping, encoding="utf-8")
    report = import_(engine, path, mapping=tmp_path / "m.toml")
    assert report.services.crees == 2, report.as_dict()
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT nom, (fermeture_debut, fermeture_fin)::text FROM services")
        ).all()
    closures = {nom: dates for nom, dates in rows}
    assert closures == {
        "Garage solidaire": "(2026-12-20,2027-01-03)",
        "Auto-école sociale": "(,)",
    }
    assert any("« bientôt »" in w["message"] for w in report.warnings), report.warnings


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("source = \n", "TOML invalide"),
        ('source = "x"\n[structure]\nid = "{Code}"\n', "obligatoire(s) absent(s) : nom"),
        ('source = "x"\n[structure]\nid = "{Code}"\nnom = "{Nom}"\nnom_court = "x"\n',
         "champ(s) inconnu(s) du schéma data·inclusion : nom_court"),
        ('source = "x"\n[structure]\nid = "{Code}"\nnom = { col = "Nom" }\n',
         "clé(s) inconnue(s) col"),
        ('source = "x"\n[service]\nnom = "x"\n', "section [structure] absente"),
        ('source = "x"\n[structure]\nid = "{Code}"\nnom = "{NOM_COMPLET}"\n',
         "cite des colonnes absentes de liste.csv : NOM_COMPLET"),
        ('source = "x"\n[fichier]\nsep = ";"\n', "[fichier] accepte"),
        ('[structure]\nid = "{Code}"\nnom = "{Nom}"\n', "ne dit pas quelle est la source"),
    ],
)  # fmt: skip
def test_a_malformed_mapping_file_is_explained_in_french(
    engine: Engine, tmp_path: Path, mapping: str, message: str
) -> None:
    (tmp_path / "m.toml").write_text(mapping, encoding="utf-8")
    with pytest.raises(ParametreInvalide) as error:
        import_(engine, small_list(tmp_path), mapping=tmp_path / "m.toml")
    assert message in error.value.message


def test_a_missing_mapping_file_is_a_parameter_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ParametreInvalide, match="introuvable"):
        import_(engine, small_list(tmp_path), mapping=tmp_path / "absent.toml")


def test_a_garbage_file_read_with_a_mapping_is_unreadable(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "liste.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FichierIllisible):
        import_(engine, tmp_path / "liste.csv", mapping=MAPPINGS / "siae.toml")


def test_the_cli_imports_a_list_through_its_mapping(settings: Settings, tmp_path: Path) -> None:
    from maillage.cli import main

    (tmp_path / "m.toml").write_text(MAPPING, encoding="utf-8")
    args = ["import", "csv", str(small_list(tmp_path)), "--mapping", str(tmp_path / "m.toml")]
    result = CliRunner().invoke(
        main, [*args, "--json"], env={"MAILLAGE_DB_URL": settings.database_url}
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["structures"]["crees"] == 3


# -- the publication template -----------------------------------------------------------------


def test_the_template_example_imports_cleanly(engine: Engine) -> None:
    report = import_(engine, EXAMPLE, source="exemple")
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees) == (4, 6)
    assert report.rejections == [] and report.warnings == []
    with engine.connect() as conn:
        structure_id, publics, thematiques = conn.execute(
            text(
                "SELECT structure_id, publics, thematiques FROM services "
                "WHERE id = 'platanes--ecrivain-public'"
            )
        ).one()
        located = conn.execute(
            text("SELECT count(*) FROM structures WHERE location IS NOT NULL")
        ).scalar_one()
    # The structure left without an identifier got one; the service named it by its name.
    assert structure_id == "centre-social-les-platanes-13150-tarascon"
    assert publics == ["tous-publics"]
    assert thematiques == [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ]
    assert located == 4


def workbook_as_csv_pair(workbook: Path, folder: Path) -> Path:
    """The workbook's two sheets saved as French Excel would: « ; », UTF-8 with a BOM."""
    folder.mkdir()
    wb = openpyxl.load_workbook(workbook, read_only=True)
    for sheet, name in (("Structures", "structures"), ("Services", "services")):
        with (folder / f"exemple-{name}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            for row in wb[sheet].iter_rows(values_only=True):
                writer.writerow(["" if v is None else v for v in row])
    wb.close()
    return folder / "exemple-structures.csv"


def test_the_template_example_as_two_csv_files_imports_the_same_records(
    engine: Engine, tmp_path: Path
) -> None:
    from_xlsx = import_(engine, EXAMPLE, source="exemple-xlsx")
    from_csv = import_(engine, workbook_as_csv_pair(EXAMPLE, tmp_path / "csv"), source="exemple")
    assert (from_csv.structures.crees, from_csv.services.crees) == (4, 6)
    assert from_xlsx.rejections == from_csv.rejections == []
    with engine.connect() as conn:
        differing = conn.execute(
            text(
                "SELECT count(*) FROM services a JOIN services b ON a.id = b.id "
                "WHERE a.source = 'exemple' AND b.source = 'exemple-xlsx' "
                "AND (a.thematiques, a.publics, a.frais, a.zone_eligibilite, a.modes_accueil) "
                "IS DISTINCT FROM "
                "(b.thematiques, b.publics, b.frais, b.zone_eligibilite, b.modes_accueil)"
            )
        ).scalar_one()
    assert differing == 0


def test_reimporting_the_template_example_creates_and_updates_nothing(engine: Engine) -> None:
    import_(engine, EXAMPLE, source="exemple")
    again = import_(engine, EXAMPLE, source="exemple")
    assert (again.structures.inchanges, again.services.inchanges) == (4, 6)
    assert again.structures.crees + again.services.crees + again.services.mis_a_jour == 0


def filled_template(folder: Path, structures: list[list[Any]], services: list[list[Any]]) -> Path:
    """The empty template with rows typed in, by header."""
    wb = openpyxl.load_workbook(TEMPLATES / "modele-publication.xlsx")
    for sheet, rows in (("Structures", structures), ("Services", services)):
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for row in rows:
            values = dict(row)
            ws.append([values.get(h) for h in headers])
    path = folder / "rempli.xlsx"
    wb.save(path)
    return path


def test_template_mistakes_are_reported_row_by_row_and_the_rest_imported(
    engine: Engine, tmp_path: Path
) -> None:
    structure = [("Nom de la structure", "Épicerie solidaire"), ("Code postal", "13200"),
                 ("Commune", "Arles")]  # fmt: skip
    good = [("Structure (identifiant)", "Épicerie solidaire"), ("Nom du service", "Colis"),
            ("Description", "Un colis par semaine."), ("Thématiques", "Alimentation")]  # fmt: skip
    path = filled_template(
        tmp_path,
        [structure],
        [
            good,
            [*good[:3], ("Thématiques", "Mobilité"), ("Identifiant du service", "cat")],
            [
                *good[:3],
                ("Thématiques", "Alimentation"),
                ("Frais", "cher"),
                ("Publics", "Demandeurs d'emploie"),
                ("Identifiant du service", "valeurs"),
            ],
            [*good[:2], ("Thématiques", "Alimentation"), ("Identifiant du service", "vide")],
            [("Structure (identifiant)", "Autre épicerie"), *good[1:]],
        ],
    )
    report = import_(engine, path, source="epicerie")
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees, report.services.rejetes) == (1, 1, 4)
    why = {r.ref.split(" (")[0]: r.reason for r in report.rejections}
    assert "colonne « Thématiques » : « Mobilité » est une catégorie" in why["cat"]
    assert "colonne « Frais » : valeur inconnue « cher »" in why["valeurs"]
    assert "(vouliez-vous dire « Demandeurs d’emploi » ?)" in why["valeurs"]
    assert "colonne « Description » obligatoire, mais vide" in why["vide"]
    assert "structure « Autre épicerie » inconnue" in why["Autre épicerie--colis"]


def test_the_template_needs_to_know_who_publishes(engine: Engine) -> None:
    with pytest.raises(ParametreInvalide, match="--source"):
        import_(engine, EXAMPLE)


def test_a_list_that_is_not_the_template_is_unreadable_without_a_mapping(
    engine: Engine, tmp_path: Path
) -> None:
    with pytest.raises(FichierIllisible, match="« Code postal », « Commune » absente"):
        import_(engine, small_list(tmp_path), source="x")


def test_the_committed_template_files_are_what_the_build_script_makes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(TEMPLATES / "build_template.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("README.md", "modele-structures.csv", "modele-services.csv"):
        assert (tmp_path / name).read_bytes() == (TEMPLATES / name).read_bytes(), name
    for name in ("modele-publication.xlsx", "exemple-publication.xlsx"):
        built = openpyxl.load_workbook(tmp_path / name, read_only=True)
        committed = openpyxl.load_workbook(TEMPLATES / name, read_only=True)
        assert built.sheetnames == committed.sheetnames
        for sheet in built.sheetnames:
            assert list(built[sheet].values) == list(committed[sheet].values), (name, sheet)
