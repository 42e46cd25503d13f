"""From text cells to data·inclusion v1 values, field by field.

What each field holds (a list? a reference list? a number, a date?) is read from the
schema's own models, so nothing here retypes the vocabulary. People write labels as
often as slugs ("Demandeurs d'emploi", "Gratuit"): both are accepted, plus a few
synonyms kept as data (``data/mappings/modele/synonymes.csv``).
"""

from __future__ import annotations

import csv
import difflib
import enum
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from data_inclusion.schema.v1 import Categorie, Service, Structure
from pydantic import ValidationError

from catalogue.messages import explain as explain_errors
from catalogue.records.closures import END as CLOSED_UNTIL
from catalogue.records.closures import START as CLOSED_FROM
from catalogue.records.duplicates import IDENTIFIERS
from catalogue.records.validation import explain, validate
from catalogue.settings import PROJECT_ROOT
from catalogue.vocabulary import freins
from importers.contract import RecordKind
from importers.tabular import decimal, key, split_list

SYNONYMS_CSV = PROJECT_ROOT / "data" / "mappings" / "modele" / "synonymes.csv"
MODELS: dict[RecordKind, Any] = {"structure": Structure, "service": Service}
_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
# Codes that spreadsheets turn into numbers, losing their leading zeros.
_PADDED = {"code_postal": 5, "code_insee": 5, "siret": 14}


@dataclass(frozen=True)
class FieldType:
    name: str
    many: bool  # a list in the schema
    scalar: type  # str, float, int, date, or the reference list (an Enum)
    required: bool

    @property
    def reference(self) -> type[enum.Enum] | None:
        return self.scalar if issubclass(self.scalar, enum.Enum) else None


def _scalar(annotation: Any) -> tuple[bool, type]:
    """(is it a list, its element type) from a pydantic annotation."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, types.UnionType):
            annotation = args[0] if len(args) == 1 else str
        elif origin in (set, list, frozenset):
            many, annotation = True, args[0]
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            break
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum | float | int | date):
        return many, annotation
    return many, str


@cache
def field_types(kind: RecordKind) -> dict[str, FieldType]:
    """Every field of the schema's model for ``kind``, with what it holds."""
    out: dict[str, FieldType] = {}
    for name, info in MODELS[kind].model_fields.items():
        many, scalar = _scalar(info.annotation)
        out[name] = FieldType(name, many, scalar, info.is_required())
    # Ours, beside the schema's (``catalogue.records.closures`` and ``.duplicates``).
    if kind == "service":
        for name in (CLOSED_FROM, CLOSED_UNTIL):
            out[name] = FieldType(name, False, date, False)
    else:
        out[IDENTIFIERS] = FieldType(IDENTIFIERS, True, str, False)
    return out


@cache
def _synonyms() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    with SYNONYMS_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table.setdefault(row["referentiel"], {})[key(row["valeur"])] = row["slug"]
    return table


def reference_name(reference: type[enum.Enum]) -> str:
    return reference.__name__


@cache
def _lookup(reference: type[enum.Enum]) -> dict[str, str]:
    """Slug, label and synonyms (compared by ``key``) → slug."""
    table: dict[str, str] = {}
    for member in reference:
        table[key(str(member.value))] = str(member.value)
        label = getattr(member, "label", None)
        if label:
            table.setdefault(key(label), str(member.value))
    for synonym, slug in _synonyms().get(reference_name(reference), {}).items():
        table.setdefault(synonym, slug)
    return table


def label_of(member: enum.Enum) -> str:
    return str(getattr(member, "label", None) or member.value)


def reference_value(reference: type[enum.Enum], text: str) -> str | None:
    """The slug a person meant, or None."""
    return _lookup(reference).get(key(text))


def unknown_value(reference: type[enum.Enum], text: str) -> str:
    """Why ``text`` is not in the list, with the closest value when there is one."""
    wanted = key(text)
    if _is_category(reference, text):
        return f"« {text} » est une catégorie : choisissez une ou plusieurs de ses thématiques"
    close = difflib.get_close_matches(wanted, list(_lookup(reference)), n=1, cutoff=0.75)
    hint = ""
    if close:
        member = reference(_lookup(reference)[close[0]])
        # Answer in the writer's terms: a slug for a slug, a label for a label.
        slug_like = " " not in text.strip() and "-" in text
        hint = f" (vouliez-vous dire « {member.value if slug_like else label_of(member)} » ?)"
    elif len(reference) <= 8:
        slugs = [str(m.value) for m in reference]
        hint = f" (attendu : {', '.join(slugs)})"
    return f"valeur inconnue « {text} »{hint}"


def _is_category(reference: type[enum.Enum], text: str) -> bool:
    wanted = key(text)
    return reference_name(reference) == "Thematique" and wanted in {
        key(c.value) for c in Categorie
    } | {key(c.label) for c in Categorie}


def _reference_items(reference: type[enum.Enum], text: str) -> list[str]:
    """A list cell of reference values, where labels may hold commas themselves
    ("Utiliser des services de mobilité douce, partagée ou collective")."""
    parts = split_list(text)
    items: list[str] = []
    start = 0
    while start < len(parts):
        end = len(parts)
        while end > start + 1:
            joined = ", ".join(parts[start:end])
            if reference_value(reference, joined) or _is_category(reference, joined):
                break
            end -= 1
        items.append(", ".join(parts[start:end]))
        start = end
    return items


def _date(text: str) -> str:
    if found := _DATE_FR.match(text):
        day, month, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    if found := _DATE_ISO.match(text):
        return "-".join(found.groups())
    return text


def _code(name: str, text: str) -> str:
    text = text.strip()
    if name == "siret":
        text = re.sub(r"[\s.]", "", text)
    width = _PADDED.get(name)
    if width and text.isdigit() and len(text) == width - 1:
        return text.zfill(width)
    if name == "telephone" and text.isdigit() and len(text) == 9 and text[0] != "0":
        return "0" + text  # a French number that went through a spreadsheet
    return text


def _zone(text: str) -> str:
    if key(text) in ("france", "france entiere", "toute la france", "national"):
        return "france"
    if text.isdigit() and len(text) in (1, 4):
        return text.zfill(len(text) + 1)  # "1" → "01", "1053" → "01053"
    return text


def convert(
    kind: RecordKind,
    cells: Mapping[str, str | list[str] | None],
    *,
    strict: bool,
    names: dict[str, str] | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """v1 values from text cells keyed by field name, and the problems found.

    ``strict``: an unknown reference value is a problem (reported with the closest
    value); otherwise it is passed on for the schema's validation to report.
    ``names`` says how fields are called in the file, for messages ("colonne « Frais »").
    """
    types_ = field_types(kind)
    data: dict[str, Any] = {}
    problems: list[str] = []
    for name, text in cells.items():
        ftype = types_.get(name)
        if ftype is None or text is None:
            continue
        shown = (names or {}).get(name) or f"champ « {name} »"
        if isinstance(text, list):
            items = text if ftype.many else text[:1]
        elif ftype.many and ftype.reference is not None:
            items = _reference_items(ftype.reference, text)
        else:
            items = split_list(text) if ftype.many else [text]
        values: list[Any] = []
        for item in items:
            value = _one(ftype, item)
            if value is None and ftype.reference is not None:
                if strict:
                    problems.append(f"{shown} : {unknown_value(ftype.reference, item)}")
                    continue
                value = item
            values.append(value)
        if ftype.many:
            data[name] = list(dict.fromkeys(values)) or None
        else:
            data[name] = values[0] if values else None
    return data, problems


def _one(ftype: FieldType, text: str) -> Any:
    reference = ftype.reference
    if reference is not None:
        return reference_value(reference, text)
    if ftype.name == "zone_eligibilite":
        return _zone(text)
    if ftype.scalar is float:
        return decimal(text)
    if ftype.scalar is int:
        number = decimal(text)
        return number[:-2] if number.endswith(".0") else number
    if ftype.scalar is date:
        return _date(text)
    if ftype.name in _PADDED or ftype.name == "telephone":
        return _code(ftype.name, text)
    return text


def rejection_reason(kind: RecordKind, data: dict[str, Any], problems: list[str]) -> str:
    """The problems found while reading, then what the schema says about the rest of the
    record, so that one rejection lists everything to fix."""
    reasons = list(problems)
    try:
        validate(kind, data)
    except ValidationError as error:
        reasons.append(explain(error))
    return " ; ".join(reasons)


def field_problems(kind: RecordKind, name: str, value: str | list[str]) -> list[str]:
    """What is wrong with one field's value, whatever the rest of the record (a mapping's
    constant is checked once, not once a row)."""
    data, problems = convert(kind, {name: value}, strict=True)
    if problems:
        return problems
    try:
        validate(kind, data)
    except ValidationError as error:
        return explain_errors(e for e in error.errors() if e["loc"][:1] == (name,))
    return []


@cache
def _freins_by_key() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for frein in freins().values():
        themes = sorted(frein.thematiques)
        table.setdefault(key(frein.libelle), themes)
        table[key(frein.slug)] = themes
    return table


def frein_thematiques(text: str) -> list[str] | None:
    """The thématiques of the frein ``text`` names (by slug or label), or None."""
    return _freins_by_key().get(key(text))
