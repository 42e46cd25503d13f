"""The publication template (data/templates/): associations, CCAS and PLIE publish their
structures and services in bulk with French column headers.

Which header makes which data·inclusion v1 field is data: data/mappings/modele/colonnes.csv
(it also drives the template and its README). PATH is the XLSX workbook (sheets
« Structures » and « Services »), or a CSV file (its columns say which of the two it is;
its sibling with « services » ↔ « structures » in the name is read too), or a folder of
such CSV files. Friendly values are accepted (labels or slugs, « Gratuit », dates in
JJ/MM/AAAA, decimal commas); identifiers may be left empty (derived from the SIRET or
the names), and a service may name its structure by identifier, SIRET or name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.settings import PROJECT_ROOT
from importers import tabular
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.identifiers import BuiltIds
from importers.repairs import repair
from importers.values import convert, rejection_reason

COLUMNS_CSV = PROJECT_ROOT / "data" / "mappings" / "modele" / "colonnes.csv"
SHEETS: dict[RecordKind, str] = {"structure": "Structures", "service": "Services"}
_MARKS = re.compile(r"\b(obligatoire|facultatif)\b|\*")


@dataclass(frozen=True)
class Column:
    sheet: str
    header: str
    field: str
    required: bool
    format: str
    description: str
    example: str


@cache
def columns() -> tuple[Column, ...]:
    """The template's columns, in order."""
    with COLUMNS_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Column(
                r["feuille"],
                r["en_tete"],
                r["champ"],
                r["obligatoire"] == "oui",
                r["format"],
                r["description"],
                r["exemple"],
            )
            for r in csv.DictReader(fh)
        )


def columns_of(kind: RecordKind) -> list[Column]:
    return [c for c in columns() if c.sheet == SHEETS[kind]]


def _header_key(header: str) -> str:
    return tabular.key(_MARKS.sub(" ", header.lower()))


def _fields(kind: RecordKind, table: tabular.Table) -> dict[str, Column]:
    """Header as written → its column; the schema's own field names are understood too."""
    known: dict[str, Column] = {}
    for column in columns_of(kind):
        known.setdefault(_header_key(column.header), column)
        known.setdefault(_header_key(column.field), column)
    return {h: known[_header_key(h)] for h in table.headers if _header_key(h) in known}


def _kind_of(table: tabular.Table) -> RecordKind:
    service_only = {"structure_id"}
    found = {c.field for c in _fields("service", table).values()}
    return "service" if found & service_only else "structure"


def _tables(path: Path) -> dict[RecordKind, tabular.Table]:
    if path.is_file() and tabular.is_workbook(path):
        sheets = tabular.read_workbook(path, list(SHEETS.values()))
        found = {kind: sheets[name] for kind, name in SHEETS.items() if name in sheets}
        if not found:
            raise FichierIllisible(
                f"{path.name} n'a ni feuille « Structures » ni feuille « Services » "
                f"(feuilles : {', '.join(tabular.sheet_names(path))}) : partez du modèle "
                "data/templates/modele-publication.xlsx."
            )
        return found
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
    else:
        swapped = {"structures": "services", "services": "structures"}
        sibling = re.sub(r"structures|services", lambda m: swapped[m.group(0)], path.name, count=1)
        files = [path] + [f for f in [path.with_name(sibling)] if f != path and f.is_file()]
    tables: dict[RecordKind, tabular.Table] = {}
    for file in files:
        table = tabular.read_csv(file)
        kind = _kind_of(table)
        if kind in tables:
            raise FichierIllisible(
                f"{tables[kind].name} et {table.name} décrivent tous deux des {kind}s : "
                "indiquez un seul fichier de chaque sorte."
            )
        tables[kind] = table
    if not tables:
        raise FichierIllisible(f"{path} ne contient aucun fichier CSV.")
    return tables


def _check_headers(kind: RecordKind, table: tabular.Table, fields: dict[str, Column]) -> None:
    present = {c.field for c in fields.values()}
    missing = [c.header for c in columns_of(kind) if c.required and c.field not in present]
    if missing:
        raise FichierIllisible(
            f"{table.name} : colonne(s) {', '.join(f'« {m} »' for m in missing)} absente(s) "
            "— partez du modèle data/templates/modele-publication.xlsx (ou "
            f"modele-{SHEETS[kind].lower()}.csv)."
        )


class _Structures:
    """The file's structures, so that services can name theirs by id, SIRET or name."""

    def __init__(self) -> None:
        self.by_reference: dict[str, str | None] = {}

    def add(self, ident: str, siret: str | None, nom: str | None) -> None:
        for reference in (ident, siret, nom):
            if reference:
                found = tabular.key(reference)
                # A name shared by two structures designates neither.
                known = self.by_reference.get(found, ident)
                self.by_reference[found] = ident if known == ident else None

    def resolve(self, reference: str) -> str:
        digits = re.sub(r"\D", "", reference)
        siret = digits if len(digits) == 14 else None  # "123 456 789 00012"
        found = self.by_reference.get(tabular.key(reference))
        return found or (siret and self.by_reference.get(siret)) or reference


def read(path: Path, options: ReadOptions) -> ReadResult:
    source = options.source
    if not source:
        raise ParametreInvalide(
            "Indiquez qui publie ce fichier avec --source NOM (par exemple --source "
            "ccas-arles) : c'est ce qui permet de le mettre à jour à la prochaine publication."
        )
    tables = _tables(path)
    structures = _Structures()
    records: list[SourceRecord] = []
    rejections: list[Rejection] = []
    warnings: list[str] = []
    built = BuiltIds()
    for kind in ("structure", "service"):
        table = tables.get(kind)
        if table is None:
            continue
        fields = _fields(kind, table)
        _check_headers(kind, table, fields)
        unknown = [h for h in table.headers if h and h not in fields]
        if unknown:
            warnings.append(
                f"{table.name} : colonne(s) inconnue(s) du modèle, non importée(s) : "
                f"{', '.join(f'« {h} »' for h in unknown)} (renommez-les comme dans le modèle, "
                "ou importez la liste avec --mapping : maillage import csv FICHIER --proposer)"
            )
        saved_on = table.saved_on or date.today()
        names = {c.field: f"colonne « {c.header} »" for c in columns_of(kind)}
        for row in table.rows:
            cells = {c.field: row.get(h) for h, c in fields.items()}
            problems = list(row.problems)
            problems += [
                f"colonne « {c.header} » obligatoire, mais vide"
                for c in columns_of(kind)
                if c.required and c.field in cells and not cells[c.field]
            ]
            repaired = repair(cells)
            where = f"{table.name}, ligne {row.line}"
            _complete(kind, cells, structures, built, where)
            cells["date_maj"] = cells.get("date_maj") or saved_on.isoformat()
            data, more = convert(kind, cells, strict=True, names=names)
            data["source"] = source
            ref = f"{data['id']} ({where})" if data.get("id") else where
            if problems or more:
                reason = rejection_reason(kind, data, [*problems, *more])
                rejections.append(Rejection(kind, ref, reason, source))
                continue
            records.append(SourceRecord(kind, ref, data, [*repaired, *built.notes.pop(where, [])]))
    return ReadResult.of(records, rejections, warnings)


def _complete(
    kind: RecordKind,
    cells: dict[str, str | None],
    structures: _Structures,
    built: BuiltIds,
    where: str,
) -> None:
    """Identifiers the publisher left empty, and services' structures by any name."""
    if kind == "structure":
        siret = re.sub(r"\D", "", cells.get("siret") or "") or None
        if not cells.get("id"):
            # Enough of the place for homonyms (two « CCAS » of two Saint-Denis) to differ;
            # not the street, which a correction would change (homonyms of one commune
            # are told apart by ``built``, and reported).
            parts = ("nom", "code_postal", "commune")
            place = " ".join(filter(None, (cells.get(p) for p in parts)))
            if siret or place:
                cells["id"] = siret or built.unique(kind, tabular.slug(place), where)
        if cells.get("id"):
            structures.add(str(cells["id"]), siret, cells.get("nom"))
        return
    if cells.get("structure_id"):
        cells["structure_id"] = structures.resolve(str(cells["structure_id"]))
    if not cells.get("id") and cells.get("structure_id") and cells.get("nom"):
        derived = f"{cells['structure_id']}--{tabular.slug(str(cells['nom']))}"
        cells["id"] = built.unique(kind, derived, where)
