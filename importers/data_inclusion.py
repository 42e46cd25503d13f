"""data·inclusion v1: the national open-data dump (Dora, France Travail, Carif-Oref, …),
as JSON, CSV or XLSX.

PATH is one of:
- a directory holding ``structures.json`` and ``services.json`` (or ``structures.csv``
  and ``services.csv``), or one of these files (its sibling is read too when present);
- an XLSX workbook with sheets « Structures » and « Services », like data·inclusion's
  validator workbook (rows marked in its ``__ignore__`` column — descriptions,
  examples — are skipped).

Columns are the schema's field names; list cells hold ``a, b`` or a JSON array. Records
are already in our vocabulary; the pipeline validates them with the schema's own models.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from catalogue.errors import FichierIllisible, ParametreInvalide
from importers import tabular
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.json_arrays import iter_array
from importers.reading import existing, refuse_mapping
from importers.registry import register
from importers.values import convert, field_types, rejection_reason

_FILES: dict[RecordKind, str] = {"structure": "structures", "service": "services"}
_SHEETS: dict[RecordKind, str] = {"structure": "Structures", "service": "Services"}
_IGNORE = "__ignore__"
_FALSE = {"false", "0", "non", "faux", "no"}


def _files(path: Path, suffix: str) -> dict[RecordKind, Path]:
    folder = path if path.is_dir() else path.parent
    found = {kind: folder / f"{stem}{suffix}" for kind, stem in _FILES.items()}
    return {kind: file for kind, file in found.items() if file.is_file()}


def _json_records(files: dict[RecordKind, Path], source: str | None) -> ReadResult:
    """Each file read as a stream of its array's elements."""
    for file in files.values():
        with file.open("rb") as head:
            # The common mistakes fail before anything is written (the rest of a broken
            # file fails the import's transaction, which then writes nothing).
            if not head.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                raise FichierIllisible(f"{file.name} doit contenir une liste d'objets JSON.")
    rejections: list[Rejection] = []

    def records(kind: RecordKind) -> Iterator[SourceRecord]:
        if kind not in files:
            return
        for position, item in enumerate(iter_array(files[kind]), start=1):
            if not isinstance(item, dict):
                rejections.append(Rejection(kind, f"élément {position}", "n'est pas un objet JSON"))
                continue
            if source is not None:
                item = {**item, "source": source}
            ref = str(item.get("id") or f"élément {position}")
            yield SourceRecord(kind, ref, item)

    return ReadResult(records("structure"), records("service"), rejections)


def _tables(path: Path) -> dict[RecordKind, tabular.Table]:
    if path.is_file() and tabular.is_workbook(path):
        sheets = tabular.read_workbook(path, list(_SHEETS.values()))
        tables = {kind: sheets[name] for kind, name in _SHEETS.items() if name in sheets}
        if not tables:
            found = ", ".join(tabular.sheet_names(path))
            raise FichierIllisible(
                f"{path.name} n'a ni feuille « Structures » ni feuille « Services » "
                f"(feuilles : {found})."
            )
        return tables
    files = _files(path, ".csv")
    if path.is_file() and path.stem not in _FILES.values():
        # Any name will do for one CSV file: its columns say what it holds.
        table = tabular.read_csv(path)
        kind: RecordKind = "service" if "structure_id" in _columns(table) else "structure"
        return {kind: table}
    return {kind: tabular.read_csv(file) for kind, file in files.items()}


def _columns(table: tabular.Table) -> dict[str, str]:
    """Header as written → schema field, for the headers that are field names."""
    fields = set(field_types("structure")) | set(field_types("service"))
    return {h: h.strip().lower() for h in table.headers if h.strip().lower() in fields}


def _ignored(row: tabular.Row) -> bool:
    flag = row.get(_IGNORE)
    return flag is not None and tabular.key(flag) not in _FALSE


def _tabular_records(tables: dict[RecordKind, tabular.Table], source: str | None) -> ReadResult:
    """Each table's rows read as a stream (their columns checked first)."""
    columns: dict[RecordKind, dict[str, str]] = {}
    for kind, table in tables.items():
        columns[kind] = {h: f for h, f in _columns(table).items() if f in field_types(kind)}
        if "id" not in columns[kind].values():
            raise FichierIllisible(
                f"{table.name} : pas de colonne « id » — est-ce bien un fichier data·inclusion "
                f"v1 ? (colonnes : {', '.join(h for h in table.headers if h)})"
            )
        if source is None and "source" not in columns[kind].values():
            raise ParametreInvalide(
                f"{table.name} n'a pas de colonne « source » : indiquez la source avec "
                "--source NOM."
            )
    rejections: list[Rejection] = []

    def records(kind: RecordKind) -> Iterator[SourceRecord]:
        if kind not in tables:
            return
        table = tables[kind]
        for row in table.rows:
            if _ignored(row):
                continue
            cells = {field: row.get(header) for header, field in columns[kind].items()}
            where = f"{table.name}, ligne {row.line}"
            ref = f"{cells['id']} ({where})" if cells.get("id") else where
            if row.problems:
                rejections.append(Rejection(kind, ref, " ; ".join(row.problems), source))
                continue
            data, problems = convert(kind, cells, strict=True)
            if source is not None:
                data["source"] = source
            if problems:
                reason = rejection_reason(kind, data, problems)
                rejections.append(Rejection(kind, ref, reason, data.get("source")))
                continue
            yield SourceRecord(kind, ref, data)

    return ReadResult(records("structure"), records("service"), rejections)


@register
class DataInclusionImporter:
    kind: ClassVar[str] = "data-inclusion"
    description: ClassVar[str] = (
        "data·inclusion v1 : structures + services en JSON ou CSV, ou classeur XLSX "
        "(feuilles Structures et Services)"
    )

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        refuse_mapping(self.kind, options, "ses colonnes sont celles du schéma")
        existing(path)
        if path.is_file() and path.suffix.lower() == ".json":
            if path.stem not in _FILES.values():
                raise FichierIllisible(
                    f"{path} : attendu structures.json ou services.json (ou un dossier "
                    "qui les contient)."
                )
            return _json_records(_files(path, ".json"), options.source)
        if path.is_dir() and (files := _files(path, ".json")):
            return _json_records(files, options.source)
        if path.is_file() or _files(path, ".csv"):
            return _tabular_records(_tables(path), options.source)
        raise FichierIllisible(
            f"{path} ne contient ni structures.json / services.json, ni structures.csv "
            "/ services.csv."
        )
