"""Reading tables — CSV files and XLSX sheets — as rows of text cells.

Shared by the tabular importers (data·inclusion CSV/XLSX, the publication template,
mapped CSV lists): encoding and delimiter sniffing, sheets found by name, empty and
``NULL`` cells as None, numbers and dates as the text a person would have typed.
What the cells *mean* is the importers' business.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.geography.names import strip_accents

NULLS = frozenset({"", "null", "\\n"})
DELIMITERS = (";", ",", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZIP = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CSV_ERRORS = {
    "unexpected end of data": "guillemet ouvert jamais refermé (fichier tronqué ?)",
    "newline inside string": "retour à la ligne inattendu dans une valeur",
}


@dataclass
class Row:
    """One line of a table: its cells by header, and what was wrong with the line itself."""

    line: int
    values: dict[str, str | None]
    problems: list[str] = field(default_factory=list)

    def get(self, header: str) -> str | None:
        return self.values.get(header)


@dataclass
class Table:
    """A table's header, and its rows as a stream: read from the file as they are
    asked for, once (a national list never sits whole in memory)."""

    name: str  # for messages: "services.csv", "feuille « Services »"
    headers: list[str]
    rows: Iterator[Row]
    saved_on: date | None = None  # when the file says it was last saved


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """How headers, sheet names and reference values are compared: no accents, case,
    punctuation. (Cached: a large list repeats the same few values thousands of times.)"""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).lower()).split())


def slug(text: str) -> str:
    """ "Accompagnement vers l'emploi" → "accompagnement-vers-l-emploi" (for derived ids)."""
    return key(text).replace(" ", "-")


# -- cells --------------------------------------------------------------------------------


def cell_text(value: Any, nulls: Iterable[str] = ()) -> str | None:
    """A cell as text: numbers without a spurious ".0", dates as AAAA-MM-JJ, nulls None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value).strip()
    lowered = text.lower()
    if lowered in NULLS or lowered in {n.lower() for n in nulls}:
        return None
    return text


def split_list(text: str | None) -> list[str]:
    """A list cell: a JSON array, a PostgreSQL array ``{a,b}``, or values separated by
    ``;`` or new lines — else by commas."""
    if text is None:
        return []
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            return [str(i).strip() for i in items if i is not None and str(i).strip()]
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].replace('"', "")
    separators = r"[;\n]" if re.search(r"[;\n]", text) else ","
    return [part.strip() for part in re.split(separators, text) if part.strip()]


def decimal(text: str) -> str:
    """ "48,909987" → "48.909987" (French decimal comma; no thousands separators)."""
    return text.replace("\u00a0", "").replace(" ", "").replace(",", ".")


# -- files --------------------------------------------------------------------------------


def is_workbook(path: Path) -> bool:
    """XLSX files are ZIP archives: trust the content, not the extension."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) == _ZIP
    except OSError as error:
        raise FichierIllisible(f"{path} : lecture impossible ({error.strerror}).") from error


def sniff_delimiter(first_line: str) -> str:
    """The candidate found most often outside quotes in the header line."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _table(
    name: str,
    lines: Iterator[tuple[int, Sequence[Any]]],
    nulls: Iterable[str],
    saved: date | None,
    *,
    delimited: bool = False,
) -> Table:
    """The header (the first non-empty line) now; the rows as they are read, empty lines
    skipped. ``delimited``: cells are found by counting separators (CSV), so a line with
    fewer cells than the header has its values under the wrong columns."""
    nulls = tuple(nulls)
    for _, raw in lines:
        if any(cell_text(v, nulls) is not None for v in raw):
            headers = [cell_text(v) or "" for v in raw]
            return Table(name, headers, _rows(headers, lines, nulls, delimited), saved)
    raise FichierIllisible(f"{name} est vide (aucune ligne d'en-tête).")


def _rows(
    headers: list[str],
    lines: Iterator[tuple[int, Sequence[Any]]],
    nulls: tuple[str, ...],
    delimited: bool,
) -> Iterator[Row]:
    width = len(headers)
    for line, raw in lines:
        cells = [cell_text(v, nulls) for v in raw]
        if not any(c is not None for c in cells):
            continue
        values: dict[str, str | None] = {}
        problems: list[str] = []
        if delimited and len(cells) < width:
            problems.append(
                f"ligne trop courte : {len(cells)} valeur(s) pour {width} colonnes "
                "(séparateur manquant ? les valeurs seraient décalées)"
            )
        for header, value in zip(headers, cells, strict=False):
            if not header:
                continue
            previous = values.get(header)
            if previous is not None and value is not None and previous != value:
                problems.append(f"colonne « {header} » en double, avec deux valeurs différentes")
            values[header] = previous if previous is not None else value
        extra = [c for c in cells[len(headers) :] if c is not None]
        if extra:
            problems.append(
                f"ligne trop longue : {len(extra)} valeur(s) au-delà de la dernière colonne "
                "(séparateur dans une valeur sans guillemets ?)"
            )
        yield Row(line, values, problems)


def read_csv(
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    nulls: Iterable[str] = (),
) -> Table:
    """A CSV file: encoding from its BOM or by trial, delimiter from its header line."""
    try:
        with path.open("rb") as file:
            head = file.read(65536)
        codec = encoding or _codec(path, head)
        text = path.open(encoding=codec, newline="")  # closed by its rows
    except OSError as error:
        raise FichierIllisible(f"{path} : lecture impossible ({error.strerror}).") from error
    except LookupError as error:
        raise ParametreInvalide(f"Encodage inconnu « {encoding} ».") from error
    if head.startswith(_ZIP):
        text.close()
        raise FichierIllisible(f"{path.name} est un classeur (XLSX), pas un fichier CSV.")
    if _CONTROL.search(head.decode(codec, errors="ignore")):
        text.close()
        raise FichierIllisible(f"{path.name} ne ressemble pas à un fichier CSV (contenu binaire).")
    first_line = head.decode(codec, errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    reader = csv.reader(text, delimiter=delimiter or sniff_delimiter(first_line), strict=True)

    def lines() -> Iterator[tuple[int, list[str]]]:
        start = 1
        try:
            with text:
                for record in reader:
                    if start == 1 and record and record[0].startswith("\ufeff"):
                        record[0] = record[0][1:]
                    yield start, record
                    start = reader.line_num + 1
        except csv.Error as error:
            reason = _CSV_ERRORS.get(str(error), "guillemets mal placés")
            raise FichierIllisible(f"{path.name}, ligne {reader.line_num} : {reason}.") from error
        except UnicodeDecodeError as error:
            raise FichierIllisible(
                f"{path.name} n'est pas encodé en {codec} (ligne {reader.line_num + 1})."
            ) from error

    saved = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    return _table(path.name, lines(), nulls, saved, delimited=True)


def _codec(path: Path, head: bytes) -> str:
    """The file's encoding: its BOM's, else UTF-8 if the whole file is valid UTF-8 (read
    a block at a time), else what French Excel writes by default."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as file:
            while block := file.read(1 << 20):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def read_workbook(
    path: Path, sheets: Sequence[str], *, nulls: Iterable[str] = ()
) -> dict[str, Table]:
    """The named sheets of an XLSX workbook (matched without accents or case); the ones
    it lacks are left out."""
    try:
        # openpyxl reports damaged or truncated files through many exception types
        # (zip, XML, KeyError…): all mean the same thing to the user.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise FichierIllisible(
            f"{path.name} n'est pas un classeur XLSX lisible (fichier tronqué ou abîmé ?)."
        ) from error
    try:
        modified = workbook.properties.modified
        saved = modified.date() if isinstance(modified, datetime) else None
        by_key = {key(ws.title): ws for ws in workbook.worksheets}
        tables: dict[str, Table] = {}
        for wanted in sheets:
            sheet = by_key.get(key(wanted))
            if sheet is None:
                continue
            name = f"feuille « {sheet.title} »"
            numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
            tables[wanted] = _table(name, _damaged_as(path.name, numbered), nulls, saved)
        return tables
    except FichierIllisible:
        raise
    except Exception as error:
        raise FichierIllisible(
            f"{path.name} : classeur XLSX abîmé ou tronqué ({type(error).__name__})."
        ) from error
    # (The workbook stays open while its rows are read; it closes with its last reference.)


def _damaged_as(name: str, rows: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from rows
    except Exception as error:
        raise FichierIllisible(
            f"{name} : classeur XLSX abîmé ou tronqué ({type(error).__name__})."
        ) from error


def sheet_names(path: Path) -> list[str]:
    """The titles of a workbook's sheets (for messages)."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception as error:  # see read_workbook
        raise FichierIllisible(f"{path.name} n'est pas un classeur XLSX lisible.") from error
    try:
        return [str(ws.title) for ws in workbook.worksheets]
    finally:
        workbook.close()
