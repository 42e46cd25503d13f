"""The data·inclusion v1 importer on CSV files and XLSX workbooks: data·inclusion's own
validator workbook (deliberately invalid) and the real sample turned into CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.settings import Settings
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA

SAMPLE = REAL_DATA / "data-inclusion"
WORKBOOK = SAMPLE / "valideur-workbook-with-errors.xlsx"


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("data-inclusion"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def reasons(report: ImportReport) -> dict[str, str]:
    return {r.ref.split(" (")[0]: r.reason for r in report.rejections}


def corrected_workbook(folder: Path) -> Path:
    """The validator workbook with its date header restored and a structure and a service
    put right; the other service stays invalid."""
    wb = openpyxl.load_workbook(WORKBOOK)
    structures, services = wb["Structures"], wb["Services"]
    structures["C1"] = services["D1"] = "date_maj"
    structures["J4"] = "75012"  # code_postal
    structures["L4"] = "logement@actionlogement.example"  # courriel
    structures["N4"] = "https://www.actionlogement.fr"  # site_web
    services["I4"] = "logement-hebergement--louer-un-logement"  # thematiques
    services["AB4"] = "professionnels, usagers"  # mobilisable_par
    services["AE4"] = None  # nombre_semaines
    path = folder / "valideur-corrige.xlsx"
    wb.save(path)
    return path


def test_each_invalid_row_of_the_validator_workbook_is_rejected_with_its_reasons(
    engine: Engine,
) -> None:
    report = import_(engine, WORKBOOK, source="valideur")
    assert adds_up(report)
    # Description and example lines (marked __ignore__) are not records.
    assert (report.structures.lus, report.services.lus) == (1, 2)
    assert (report.structures.rejetes, report.services.rejetes) == (1, 2)
    why = reasons(report)
    structure = why["005d3060-c322-4ec5-bd70-a60f054d3b81"]
    assert "champ « date_maj » : champ obligatoire absent" in structure
    assert "champ « code_postal » : trop long" in structure and "750121" in structure
    assert "champ « courriel »" in structure
    assert "champ « site_web » : adresse web invalide" in structure
    service = why["53669028-8862-4f42-a80c-d3f269456edc"]
    assert (
        "valeur inconnue « logement-hebergement--louer-un-appartement » (vouliez-vous dire "
        "« logement-hebergement--louer-un-logement » ?)"
    ) in service
    assert "champ « mobilisable_par » : valeur inconnue « autres »" in service
    assert "champ « nombre_semaines » : nombre entier invalide" in service
    assert all(r.source == "valideur" for r in report.rejections)


def test_rejections_say_on_which_sheet_and_line_the_record_is(engine: Engine) -> None:
    report = import_(engine, WORKBOOK, source="valideur")
    assert {r.ref for r in report.rejections} == {
        "005d3060-c322-4ec5-bd70-a60f054d3b81 (feuille « Structures », ligne 4)",
        "53669028-8862-4f42-a80c-d3f269456edc (feuille « Services », ligne 4)",
        "53669028-8862-4f42-a80c-d3f269456ed2 (feuille « Services », ligne 5)",
    }


def test_valid_rows_of_a_workbook_import_while_invalid_ones_are_reported(
    engine: Engine, tmp_path: Path
) -> None:
    path = corrected_workbook(tmp_path)
    report = import_(engine, path, source="valideur")
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees, report.services.rejetes) == (1, 1, 1)
    assert "53669028-8862-4f42-a80c-d3f269456ed2" in reasons(report)
    with engine.connect() as conn:
        commune, siret = conn.execute(
            text("SELECT code_commune_resolu, siret FROM structures")
        ).one()
        service = conn.execute(
            text(
                "SELECT thematiques, publics, modes_accueil, mobilisable_par, "
                "zone_eligibilite, code_commune_resolu, volume_horaire_hebdomadaire "
                "FROM services"
            )
        ).one()
    assert (commune, siret) == ("75112", "82454114801871")  # PARIS in 75012: the 12e
    assert service == (
        ["logement-hebergement--louer-un-logement"],
        ["actifs", "familles"],
        ["a-distance", "en-presentiel"],
        ["professionnels", "usagers"],
        None,
        "59350",  # its own INSEE code, read from a number cell
        10.5,
    )


def test_reimporting_a_workbook_creates_and_updates_nothing(engine: Engine, tmp_path: Path) -> None:
    path = corrected_workbook(tmp_path)
    import_(engine, path, source="valideur")
    again = import_(engine, path, source="valideur")
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour) == (0, 0)
    assert (again.services.crees, again.services.mis_a_jour, again.services.inchanges) == (0, 0, 1)


def write_csv(path: Path, records: list[dict[str, Any]], lists: str) -> None:
    """Records as a CSV file; lists as « a, b » or as JSON arrays."""
    headers = sorted({k for r in records for k in r})

    def cell(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(value) if lists == "commas" else json.dumps(value)
        return "" if value is None else str(value)

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows([[cell(r.get(h)) for h in headers] for r in records])


def sample_as_csv(folder: Path) -> Path:
    folder.mkdir()
    for name, lists in (("structures", "commas"), ("services", "json")):
        records = json.loads((SAMPLE / f"{name}.json").read_text())
        write_csv(folder / f"{name}.csv", records, lists)
    return folder


def test_the_real_sample_as_csv_imports_whole_like_its_json(engine: Engine, tmp_path: Path) -> None:
    report = import_(engine, sample_as_csv(tmp_path / "csv") / "services.csv")
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees, report.rejections) == (10, 14, [])
    with engine.connect() as conn:
        precision, commune, freins, lat = conn.execute(
            text(
                "SELECT geocoding_precision, code_commune_resolu, freins, "
                "ST_Y(location::geometry) FROM services WHERE id = 'finess--130806755--cmp'"
            )
        ).one()
        zone = conn.execute(
            text("SELECT zone_eligibilite FROM services WHERE id LIKE 'dora--bf5f59c5%'")
        ).scalar_one()
    assert (precision, commune, freins) == ("commune", "13108", ["sante", "famille"])
    assert abs(lat - 43.806) < 0.01
    assert zone == ["13004"]  # the postcode given as a zone, repaired as from JSON


def test_reimporting_the_sample_csv_creates_and_updates_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    folder = sample_as_csv(tmp_path / "csv")
    import_(engine, folder)
    again = import_(engine, folder)
    assert (again.structures.inchanges, again.services.inchanges) == (10, 14)
    assert again.structures.crees + again.services.crees + again.services.mis_a_jour == 0


def test_one_csv_file_of_any_name_is_recognised_by_its_columns(
    engine: Engine, tmp_path: Path
) -> None:
    folder = sample_as_csv(tmp_path / "csv")
    renamed = (folder / "structures.csv").rename(tmp_path / "export-2025.csv")
    report = import_(engine, renamed)
    assert (report.structures.crees, report.services.lus) == (10, 0)


def test_a_file_without_a_source_column_needs_the_source_option(engine: Engine) -> None:
    with pytest.raises(ParametreInvalide, match="--source"):
        import_(engine, WORKBOOK)


def test_a_mapping_file_is_refused_for_the_data_inclusion_format(engine: Engine) -> None:
    with pytest.raises(ParametreInvalide, match="correspondance"):
        import_(engine, WORKBOOK, source="x", mapping=Path("data/mappings/siae.toml"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("structures.csv", b"\xff\xfe\x00garbage"),
        ("structures.csv", b"nom;commune\nLe Biclou;Lille\n"),  # not the schema's columns
        ("valideur.xlsx", WORKBOOK.read_bytes()[:20_000]),  # truncated
    ],
)
def test_an_unreadable_tabular_file_gives_one_clear_error(
    engine: Engine, tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(FichierIllisible) as error:
        import_(engine, tmp_path / name, source="x")
    assert "\n" not in error.value.message


def test_a_workbook_without_the_two_sheets_is_unreadable(engine: Engine, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Feuil1"
    wb.save(tmp_path / "autre.xlsx")
    with pytest.raises(FichierIllisible, match="ni feuille « Structures »"):
        import_(engine, tmp_path / "autre.xlsx", source="x")


def test_the_cli_imports_a_workbook_and_reports_its_rejections(settings: Settings) -> None:
    from maillage.cli import main

    result = CliRunner().invoke(
        main, ["import", "data-inclusion", str(WORKBOOK), "--source", "valideur", "--json"],
        env={"MAILLAGE_DB_URL": settings.database_url},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["services"]["rejetes"] == 2
    assert len(report["rejets"]) == 3
