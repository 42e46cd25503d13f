"""Build the publication template from its data: the columns (data/mappings/modele/
colonnes.csv) and the reference lists of the data·inclusion v1 schema.

    .venv/bin/python data/templates/build_template.py [FOLDER]

writes into FOLDER (default: this file's folder) modele-publication.xlsx,
modele-structures.csv, modele-services.csv, exemple-publication.xlsx and README.md.
Re-run it when colonnes.csv, the example below or the schema package changes.
"""

from __future__ import annotations

import csv
import enum
import sys
from collections.abc import Sequence
from pathlib import Path

from contenu import EXAMPLE, LISEZ_MOI, README_END, README_START
from data_inclusion.schema.v1 import (
    Categorie,
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from importers.contract import RecordKind
from importers.modele import SHEETS, Column, columns_of

HERE = Path(__file__).resolve().parent
REFERENCES: dict[str, tuple[str, type[enum.Enum]]] = {
    "Thematique": ("Thématiques", Thematique),
    "Public": ("Publics", Public),
    "TypeService": ("Types de service", TypeService),
    "Frais": ("Frais", Frais),
    "ModeAccueil": ("Modes d'accueil", ModeAccueil),
    "ModeMobilisation": ("Modes de mobilisation", ModeMobilisation),
    "PersonneMobilisatrice": ("Mobilisable par", PersonneMobilisatrice),
    "ReseauPorteur": ("Réseaux porteurs", ReseauPorteur),
}
KINDS: tuple[RecordKind, ...] = ("structure", "service")
_REQUIRED = PatternFill("solid", fgColor="FFE8A0")
_HEADER = PatternFill("solid", fgColor="DDE5F5")


def label(member: enum.Enum) -> str:
    return str(getattr(member, "label", None) or member.value)


def category_label(thematique: enum.Enum) -> str:
    return label(Categorie(str(thematique.value).split("--")[0]))


def reference_of(column: Column) -> tuple[str, type[enum.Enum]] | None:
    _, _, name = column.format.partition(":")
    return REFERENCES.get(name)


def _sheet(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(14, min(48, len(header) + 4))
        ws.cell(1, index).font = Font(bold=True)
        ws.cell(1, index).fill = _HEADER
    ws.freeze_panes = "A2"


def _data_sheet(wb: Workbook, kind: RecordKind, rows: Sequence[dict[str, str]]) -> None:
    cols = columns_of(kind)
    ws = wb.create_sheet(SHEETS[kind])
    _sheet(ws, [c.header for c in cols], [[r.get(c.header, "") for c in cols] for r in rows])
    for index, column in enumerate(cols, start=1):
        cell = ws.cell(1, index)
        mark = "Obligatoire. " if column.required else ""
        cell.comment = Comment(f"{mark}{column.description}", "Maillage", width=300, height=120)
        if column.required:
            cell.fill = _REQUIRED
        reference = reference_of(column)
        if reference is None:
            continue
        title, members = reference
        letter = get_column_letter(index)
        many = column.format.startswith("liste")
        # Lists accept "a; b": the drop-down helps with one value and never blocks typing.
        validation = DataValidation(
            type="list",
            formula1=f"='{title}'!$A$2:$A${len(members) + 1}",
            allow_blank=True,
            showErrorMessage=not many,
            errorStyle="warning",
            error="Valeur absente de la liste : vérifiez l'orthographe.",
        )
        validation.add(f"{letter}2:{letter}1000")
        ws.add_data_validation(validation)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _reference_sheets(wb: Workbook) -> None:
    for title, members in REFERENCES.values():
        ws = wb.create_sheet(title)
        if members is Thematique:
            rows = [[label(m), category_label(m), m.value] for m in members]
            _sheet(ws, ["Libellé", "Catégorie", "Code"], rows)
        else:
            _sheet(ws, ["Libellé", "Code"], [[label(m), m.value] for m in members])


def workbook(rows: dict[RecordKind, list[dict[str, str]]]) -> Workbook:
    wb = Workbook()
    intro = wb.active
    intro.title = "Lisez-moi"
    intro.column_dimensions["A"].width = 110
    for line in LISEZ_MOI:
        intro.append([line])
        intro.cell(intro.max_row, 1).alignment = Alignment(wrap_text=True)
    intro.cell(1, 1).font = Font(bold=True, size=14)
    for kind in KINDS:
        _data_sheet(wb, kind, rows.get(kind, []))
    _reference_sheets(wb)
    wb.properties.creator = "Maillage"
    return wb


def write_csv(path: Path, kind: RecordKind) -> None:
    # « ; » and a BOM: what French Excel expects, so accents survive a double click.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerow([c.header for c in columns_of(kind)])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def readme() -> str:
    parts = [README_START.strip(), ""]
    for kind in KINDS:
        parts += [
            f"## Feuille « {SHEETS[kind]} »",
            "",
            "| Colonne | Obligatoire | Format | Ce qu'il faut y mettre | Exemple "
            "| Champ data·inclusion |",
            "|---|---|---|---|---|---|",
        ]
        for c in columns_of(kind):
            fmt, _, _ = c.format.partition(":")
            reference = reference_of(c)
            if reference:
                what = "une ou plusieurs valeurs" if fmt == "liste" else "une valeur"
                fmt = f"{what} de « {reference[0]} »"
            elif fmt == "liste":
                fmt = "liste de codes"
            required = "**oui**" if c.required else "non"
            parts.append(
                f"| {c.header} | {required} | {fmt} | {_cell(c.description)} "
                f"| {_cell(c.example)} | `{c.field}` |"
            )
        parts.append("")
    parts += ["## Valeurs possibles", ""]
    for title, members in REFERENCES.values():
        parts += [f"### {title}", ""]
        if members is Thematique:
            parts += ["| Catégorie | Thématique | Code |", "|---|---|---|"]
            parts += [f"| {category_label(m)} | {label(m)} | `{m.value}` |" for m in members]
        else:
            parts += ["| Libellé | Code |", "|---|---|"]
            parts += [f"| {label(m)} | `{m.value}` |" for m in members]
        parts.append("")
    parts.append(README_END.strip())
    return "\n".join(parts) + "\n"


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        folder / "modele-publication.xlsx",
        folder / "exemple-publication.xlsx",
        folder / "modele-structures.csv",
        folder / "modele-services.csv",
        folder / "README.md",
    ]
    workbook({}).save(written[0])
    workbook(EXAMPLE).save(written[1])
    write_csv(written[2], "structure")
    write_csv(written[3], "service")
    written[4].write_text(readme(), encoding="utf-8")
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
