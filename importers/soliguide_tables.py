"""Soliguide's vocabulary: where its mapping tables are, what they say, and small readers of
its loosely typed JSON."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from catalogue.errors import ParametreInvalide
from catalogue.records.columns import html_to_text
from catalogue.settings import PROJECT_ROOT
from importers.loose_json import day as loose_day

MAPPINGS = PROJECT_ROOT / "data" / "mappings" / "soliguide"
SOURCE = "soliguide"
PLACE_URL = "https://soliguide.fr/fr/fiche/{}"

STATUS_REASONS = {
    "DRAFT": "fiche en brouillon sur Soliguide (jamais publiée) : lieu non importé",
    "OFFLINE": "fiche hors ligne sur Soliguide : lieu non importé",
    "PERMANENTLY_CLOSED": "lieu fermé définitivement : non importé",
}
# Soliguide's ``publics`` fields → the ``critere`` column of publics.csv, and how the
# precisions name them ("" for genders: "femmes" says it all).
CRITERIA = (
    ("gender", "genre", ""),
    ("administrative", "administratif", "situation administrative"),
    ("familialle", "familial", "situation familiale"),
    ("other", "autre", "situations particulières"),
)


# -- mapping tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    libelle: str
    thematiques: tuple[str, ...]
    type: str | None


@dataclass(frozen=True)
class PublicValue:
    libelle: str
    publics: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (MAPPINGS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _checked(values: str, allowed: type[Thematique] | type[Public], where: str) -> tuple[str, ...]:
    try:
        return tuple(allowed(value).value for value in values.split())
    except ValueError as error:
        raise ParametreInvalide(f"{where} : {error}.") from error


@cache
def categories() -> dict[str, Category]:
    """Soliguide category → thématiques and service type (thematiques.csv)."""
    table: dict[str, Category] = {}
    for line, row in enumerate(_rows("thematiques.csv"), start=2):
        where = f"data/mappings/soliguide/thematiques.csv, ligne {line}"
        kind = row["type"].strip() or None
        if kind is not None and kind not in {t.value for t in TypeService}:
            raise ParametreInvalide(f"{where} : type de service inconnu « {kind} ».")
        themes = _checked(row["thematiques"], Thematique, where)
        table[row["categorie_soliguide"].strip()] = Category(row["libelle"].strip(), themes, kind)
    return table


@cache
def public_values() -> dict[str, dict[str, PublicValue]]:
    """critère → Soliguide value → label and v1 publics (publics.csv)."""
    table: dict[str, dict[str, PublicValue]] = {}
    for line, row in enumerate(_rows("publics.csv"), start=2):
        where = f"data/mappings/soliguide/publics.csv, ligne {line}"
        publics = _checked(row["publics"], Public, where)
        value = PublicValue(row["libelle"].strip(), publics)
        table.setdefault(row["critere"].strip(), {})[row["valeur_soliguide"].strip()] = value
    return table


def plain_text(value: Any) -> str | None:
    """Soliguide's HTML descriptions as plain text, one paragraph a line."""
    return html_to_text(value) if isinstance(value, str) else None


def day(value: Any) -> date | None:
    """``"2022-03-04 14:38:14.421000"``, ISO strings or MongoDB's ``{"$date": …}``."""
    return loose_day(value.get("$date") if isinstance(value, dict) else value)
