"""Reading CSV files and XLSX sheets, and turning their cells into v1 values."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from catalogue.errors import FichierIllisible, ParametreInvalide
from importers import tabular
from importers.values import convert
from tests.conftest import REAL_DATA

WORKBOOK = REAL_DATA / "data-inclusion" / "valideur-workbook-with-errors.xlsx"
AGENCES = REAL_DATA / "france-travail" / "agences-2019.csv"
SIAE = REAL_DATA / "siae" / "siae-2019.csv"


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_the_france_travail_file_is_read_with_commas_and_null_cells() -> None:
    rows = list(tabular.read_csv(AGENCES, nulls=["NULL"]).rows)
    assert len(rows) == 959
    first = rows[0]
    assert first.line == 2
    assert first.get("DN_LATITUDE") == "48,909987"  # the quoted comma stays in its cell
    assert first.get("COMPLEMENT_ADRESSE") is None  # literal NULL
    assert first.get("DC_COMPLEMENTADRSITEPHYSIQUE") == "RESIDENCE LE BROADWAY"


def test_the_siae_file_is_read_with_semicolons_despite_its_bom_and_crlf() -> None:
    table = tabular.read_csv(SIAE)
    assert table.headers[0] == "MESURE"  # no BOM left in the first header
    rows = list(table.rows)
    assert len(rows) == 3932
    assert rows[0].get("CODE_POSTAL") == "01500"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")],
)
def test_the_encoding_is_found_without_being_told(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    text = "Nom;Commune\nÉpicerie solidaire;Saint-Étienne\n"
    path = write(tmp_path / "liste.csv", bom + text.encode(encoding))
    table = tabular.read_csv(path)
    assert next(table.rows).values == {"Nom": "Épicerie solidaire", "Commune": "Saint-Étienne"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_found_from_the_header_line(tmp_path: Path, delimiter: str) -> None:
    path = write(tmp_path / "l.csv", f'a{delimiter}b\n"1,5"{delimiter}x\n'.encode())
    assert next(tabular.read_csv(path).rows).values == {"a": "1,5", "b": "x"}


def test_empty_lines_are_skipped_and_lines_keep_their_number_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", b'a;b\n\n1;"deux\nlignes"\n;\n3;x\n')
    rows = list(tabular.read_csv(path).rows)
    assert [(r.line, r.get("a")) for r in rows] == [(3, "1"), (6, "3")]
    assert rows[0].get("b") == "deux\nlignes"


def test_a_repeated_column_with_two_different_values_is_a_problem_of_that_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "l.csv", b"a;b;a\n1;x;1\n1;y;2\n")
    first, second = tabular.read_csv(path).rows
    assert first.problems == []
    assert "colonne « a » en double" in second.problems[0]


def test_values_beyond_the_last_column_are_a_problem_of_that_line(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", b"a;b\n1;2;3\n")
    assert "au-delà de la dernière colonne" in next(tabular.read_csv(path).rows).problems[0]


def test_a_csv_line_with_fewer_cells_than_the_header_is_a_problem_of_that_line(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "l.csv", b"a;b;c\n1;2;3\n4;5\n6;;\n")
    full, short, empty_cells = tabular.read_csv(path).rows
    assert full.problems == [] and empty_cells.problems == []
    assert (short.line, short.problems) == (3, [short.problems[0]])
    assert "ligne trop courte : 2 valeur(s) pour 3 colonnes" in short.problems[0]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02\x03garbage\xff\xfe binary",
        b"\xff\xfe\x00garbag",  # a UTF-16 mark, then an odd number of bytes
        b'a;b\n1;"never closed\n',  # truncated inside a quoted value
        b"",
    ],
)
def test_an_unreadable_csv_file_gives_one_clear_error(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(FichierIllisible) as error:
        list(tabular.read_csv(write(tmp_path / "l.csv", content)).rows)  # read as a stream
    assert "\n" not in error.value.message


def test_an_unknown_encoding_asked_for_is_a_parameter_error(tmp_path: Path) -> None:
    with pytest.raises(ParametreInvalide, match="Encodage inconnu"):
        tabular.read_csv(write(tmp_path / "l.csv", b"a\n1\n"), encoding="klingon")


def test_workbook_sheets_are_found_by_name_whatever_the_case(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Lisez-moi"
    ws = wb.create_sheet("SERVICES")
    ws.append(["code_postal", "siret", "date", "latitude", "vide"])
    ws.append([1500, 60487647500499.0, datetime(2025, 3, 4), 48.5, "NULL"])
    wb.save(tmp_path / "c.xlsx")
    tables = tabular.read_workbook(tmp_path / "c.xlsx", ["Services", "Structures"])
    assert list(tables) == ["Services"]
    assert next(tables["Services"].rows).values == {
        "code_postal": "1500",
        "siret": "60487647500499",
        "date": "2025-03-04",
        "latitude": "48.5",
        "vide": None,
    }


def test_the_validator_workbook_numbers_read_as_a_person_typed_them() -> None:
    tables = tabular.read_workbook(WORKBOOK, ["Structures"])
    rows = list(tables["Structures"].rows)
    example = next(r for r in rows if r.get("nom") == "Le Biclou")
    assert (example.get("siret"), example.get("code_postal")) == ("60487647500499", "59260")
    assert rows[0].line == 2  # the description line under the header


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_workbook_gives_one_clear_error(tmp_path: Path, cut: float) -> None:
    data = WORKBOOK.read_bytes()
    path = write(tmp_path / "tronque.xlsx", data[: int(len(data) * cut)])
    assert tabular.is_workbook(path)
    with pytest.raises(FichierIllisible, match="tronqué ou abîmé"):
        tabular.read_workbook(path, ["Structures"])


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("a, b", ["a", "b"]),
        ('["a", "b"]', ["a", "b"]),
        ("{a,b}", ["a", "b"]),
        ("a; b, c", ["a", "b, c"]),  # with semicolons, commas belong to the values
        ("a\nb", ["a", "b"]),
        ("", []),
    ],
)
def test_list_cells_are_split_whatever_their_notation(cell: str, items: list[str]) -> None:
    assert tabular.split_list(cell) == items


def test_friendly_values_become_slugs_dates_and_numbers() -> None:
    data, problems = convert(
        "service",
        {
            "thematiques": "Utiliser des services de mobilité douce, partagée ou collective, "
            "mobilite--preparer-un-permis",
            "publics": "Demandeurs d'emploi; JEUNES",
            "frais": "Gratuit",
            "modes_accueil": "sur place",
            "date_maj": "03/02/2025",
            "latitude": "43,67",
            "code_postal": "1500",
            "zone_eligibilite": "France",
            "nombre_semaines": "3.0",
        },
        strict=True,
    )
    assert problems == []
    assert data == {
        "thematiques": [
            "mobilite--mobilite-douce-partagee-collective",
            "mobilite--preparer-un-permis",
        ],
        "publics": ["demandeurs-emploi", "jeunes"],
        "frais": "gratuit",
        "modes_accueil": ["en-presentiel"],
        "date_maj": "2025-02-03",
        "latitude": "43.67",
        "code_postal": "01500",
        "zone_eligibilite": ["france"],
        "nombre_semaines": "3",
    }


def test_an_unknown_value_is_explained_with_the_closest_one() -> None:
    _, problems = convert(
        "service",
        {"thematiques": "Mobilité; Entretenir et reparer son vehicul", "frais": "cher"},
        strict=True,
        names={"frais": "colonne « Frais »"},
    )
    assert problems == [
        "champ « thematiques » : « Mobilité » est une catégorie : choisissez une ou plusieurs "
        "de ses thématiques",
        "champ « thematiques » : valeur inconnue « Entretenir et reparer son vehicul » "
        "(vouliez-vous dire « Entretenir et réparer son véhicule » ?)",
        "colonne « Frais » : valeur inconnue « cher » (attendu : gratuit, payant)",
    ]


def test_without_strictness_unknown_values_are_left_for_the_schema_to_report() -> None:
    data, problems = convert("service", {"mobilisable_par": "usagers, autres"}, strict=False)
    assert (data, problems) == ({"mobilisable_par": ["usagers", "autres"]}, [])
