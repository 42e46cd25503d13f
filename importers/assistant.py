"""``maillage import csv FICHIER --proposer``: a first mapping file for any list, guessed
from its headers (French or English) and a sample of its cells, for a person to review.

Each column is matched against header patterns; a guess is kept only if the column's
cells look the part (a « Site » column of « ALE », « DRA » is no website). Columns whose
cells alone say what they are (e-mail addresses, links, SIRET) are found whatever their
header. The others are listed under ``ignorer``, so that nothing is left out silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from importers import tabular
from importers.repairs import siret_problem

SAMPLE_ROWS = 500
# A guess holds when at least this share of a column's non-empty sample cells fit it.
FITTING = 0.8

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_URL = re.compile(r"^(https?://)?(www\.)?[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d{1,3}([.,]\d+)?$")


def _digits(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


def _coordinate(limit: float) -> Callable[[str], bool]:
    def fits(text: str) -> bool:
        text = text.strip()
        return bool(_NUMBER.match(text)) and abs(float(tabular.decimal(text))) <= limit

    return fits


# What a field's cells look like (fields absent here take any text).
_CELLS: dict[str, Callable[[str], bool]] = {
    "siret": lambda t: _digits(t).isdigit() and len(_digits(t)) in (13, 14),
    "code_postal": lambda t: _digits(t).isdigit() and len(_digits(t)) in (4, 5),
    "code_insee": lambda t: re.fullmatch(r"\d[\dAB]\d{3}|\d{4}", t.strip()) is not None,
    "latitude": _coordinate(90),
    "longitude": _coordinate(180),
    "telephone": lambda t: len(re.sub(r"\D", "", t)) >= 9,
    "courriel": lambda t: _EMAIL.match(t.strip()) is not None,
    "site_web": lambda t: _URL.match(t.strip()) is not None,
    "numero": lambda t: len(t) <= 12 and any(c.isdigit() for c in t),
}

# (field, pattern on the header's key, score): the best-scored guess wins. "numero",
# "type_voie" and "nom_voie" are parts of the address, put together when the list has no
# whole-address column.
_HEADERS: tuple[tuple[str, str, int], ...] = (
    ("siret", r"\bsiret\b", 9),
    ("id", r"^(id|identifiant|identifier|reference|ref)\b", 7),
    ("nom", r"^(nom|name|raison sociale|denomination( sociale)?|nom (de (la|l) )?"
     r"(structure|etablissement|organisme)|structure|organisme|organisation|etablissement)$", 8),
    ("nom", r"\b(denomination|raison sociale|nom|name)\b", 4),
    ("adresse", r"^(adresse|address|rue|voie|street|adresse postale|adresse physique|"
     r"adresse (ligne )?1|address (line )?1|ligne adresse 1)$", 8),
    ("adresse", r"\b(adresse|address|street)\b", 3),
    ("complement_adresse", r"\bcomplement|\b(address (line )?2|adresse (ligne )?2|batiment)$", 7),
    ("complement_adresse", r"^(bp|cs|bp cs|boite postale|tsa|lieu dit)$", 7),
    ("numero", r"^(num(ero)?|n|no)( (de )?(la )?(rue|voie))?$", 8),
    ("type_voie", r"^type (de )?(la )?voie$", 8),
    ("nom_voie", r"^(nom|libelle) (de )?(la )?(rue|voie)$", 8),
    ("code_postal", r"^(code postal|cp|postcode|post code|postal code|zip( code)?|zipcode)$", 9),
    ("code_postal", r"\b(code postal|postcode|zip)\b", 5),
    ("commune", r"^(commune|ville|city|town|localite|municipality|nom (de (la )?)?commune|"
     r"libelle (de (la )?)?commune)$", 9),
    ("commune", r"\b(commune|ville|city)\b", 4),
    ("code_insee", r"\b(code insee|insee|code commune|cog)\b", 8),
    ("latitude", r"\b(latitude|lat)\b", 9),
    ("longitude", r"\b(longitude|lon|lng|long)\b", 9),
    ("telephone", r"\b(telephone|tel|phone|portable|mobile)\b", 8),
    ("courriel", r"\b(courriel|email|e mail|mail|mel|adresse electronique)\b", 9),
    ("site_web", r"\b(site web|site internet|website|web|url|internet|site)\b", 8),
    ("description", r"^(description|presentation|activites?)$", 6),
    ("horaires_accueil", r"\b(horaires|opening hours|hours)\b", 6),
)  # fmt: skip
# Found by their cells alone, whatever their header.
_BY_CELLS: dict[str, Callable[[str], bool]] = {
    "courriel": _CELLS["courriel"],
    "site_web": lambda t: _CELLS["site_web"](t) and not _EMAIL.match(t.strip()),
    "siret": lambda t: siret_problem(_digits(t)) is None,
}
_ORDER = ("id", "nom", "siret", "adresse", "complement_adresse", "code_postal", "commune",
          "code_insee", "latitude", "longitude", "telephone", "courriel", "site_web",
          "description", "horaires_accueil")  # fmt: skip
_MANY = {"complement_adresse"}  # several columns, joined
_ADDRESS_PARTS = ("numero", "type_voie", "nom_voie")


@dataclass
class Proposal:
    """What the assistant guessed: each field's columns, and the columns it left out."""

    path: Path
    source: str
    delimiter: str | None
    fields: dict[str, list[str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    rows_read: int = 0

    def toml(self) -> str:
        return _toml(self)


def _fits(name: str, cells: list[str], checks: dict[str, Callable[[str], bool]] = _CELLS) -> bool:
    check = checks.get(name)
    if check is None or not cells:
        return True
    return sum(1 for c in cells if check(c)) >= FITTING * len(cells)


def _sample(path: Path) -> tuple[tabular.Table, dict[str, list[str]], int]:
    if tabular.is_workbook(path):
        sheet = tabular.sheet_names(path)[0]
        table = tabular.read_workbook(path, [sheet])[sheet]
    else:
        table = tabular.read_csv(path)
    cells: dict[str, list[str]] = {h: [] for h in table.headers if h}
    rows = list(islice(table.rows, SAMPLE_ROWS))
    close = getattr(table.rows, "close", None)
    if close is not None:
        close()  # the rest of the file is not needed
    for row in rows:
        for header, value in row.values.items():
            if value is not None and header in cells:
                cells[header].append(value)
    return table, cells, len(rows)


def propose(path: Path) -> Proposal:
    """Guess a mapping for the list at ``path`` (CSV, or the first sheet of a workbook)."""
    table, cells, count = _sample(path)
    delimiter = None
    if not tabular.is_workbook(path):
        with path.open(encoding="utf-8", errors="ignore") as fh:
            delimiter = tabular.sniff_delimiter(fh.readline().lstrip("\ufeff"))
    proposal = Proposal(path, tabular.slug(path.stem), delimiter, rows_read=count)
    guesses: list[tuple[int, int, str, str]] = []  # (score, -order, field, header)
    for order, header in enumerate(h for h in table.headers if h):
        name = tabular.key(header)
        for field_name, pattern, score in _HEADERS:
            if re.search(pattern, name) and _fits(field_name, cells[header]):
                guesses.append((score, -order, field_name, header))
        for field_name in _BY_CELLS:
            if cells[header] and _fits(field_name, cells[header], _BY_CELLS):
                guesses.append((2, -order, field_name, header))
    taken: set[str] = set()
    for _, _, field_name, header in sorted(guesses, reverse=True):
        if header in taken:
            continue
        if field_name in proposal.fields and field_name not in _MANY:
            continue
        proposal.fields.setdefault(field_name, []).append(header)
        taken.add(header)
    for columns in proposal.fields.values():
        columns.sort(key=table.headers.index)  # the file's order
    parts = [c for part in _ADDRESS_PARTS for c in proposal.fields.pop(part, [])]
    if parts and "adresse" not in proposal.fields:
        proposal.fields["adresse"] = sorted(parts, key=table.headers.index)
    else:
        taken -= set(parts)
    proposal.ignored = [h for h in table.headers if h and h not in taken]
    return proposal


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _cited(columns: list[str]) -> str:
    return " ".join(f"{{{c}}}" for c in columns)


def _structure_lines(proposal: Proposal) -> list[str]:
    fields = {name: proposal.fields[name] for name in _ORDER if name in proposal.fields}
    lines: list[str] = []
    ident = fields.pop("id", None) or fields.get("siret")
    if ident:
        lines.append(f"id = {_string(_cited(ident))}")
    else:
        place = [c for f in ("nom", "adresse", "code_postal", "commune") for c in fields.get(f, [])]
        lines.append("# Pas d'identifiant dans la liste : le nom et le lieu en tiennent lieu.")
        lines.append(f"id = {_string(_cited(place))}")
    if "nom" not in fields:
        lines.append('nom = "À COMPLÉTER"  # aucune colonne ne ressemble à un nom')
    for name, columns in fields.items():
        if name in _MANY and len(columns) > 1:
            listed = ", ".join(_string(c) for c in columns)
            lines.append(f'{name} = {{ colonnes = [{listed}], separateur = ", " }}')
        else:
            lines.append(f"{name} = {_string(_cited(columns))}")
    return lines


def _toml(proposal: Proposal) -> str:
    name = proposal.path.name
    head = [
        f"# Correspondance proposée pour {name} (d'après ses en-têtes et ses "
        f"{proposal.rows_read} premières lignes).",
        "# À relire avant d'importer, puis à essayer sans rien écrire :",
        f"#   maillage import csv {name} --mapping {proposal.source}.toml --essai",
        "# Chaque ligne devient une structure. Pour qu'elle propose aussi un service, ajoutez",
        "# une section [service] (nom, description, thematiques… : data/mappings/README.md).",
        "",
        f"source = {_string(proposal.source)}",
        "",
        "[fichier]",
    ]
    if proposal.delimiter:
        head.append(f"separateur = {_string(proposal.delimiter)}")
    body = _structure_lines(proposal)
    if proposal.ignored:
        head += [
            "# Colonnes non reprises : retirez-en une de cette liste et citez-la dans",
            "# [structure] pour l'importer ; une colonne ni reprise ni ignorée est signalée.",
            "ignorer = [",
            *(f"    {_string(c)}," for c in proposal.ignored),
            "]",
        ]
    return "\n".join([*head, "", "[structure]", *body, ""])
