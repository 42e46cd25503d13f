"""The vocabulary: data·inclusion v1 reference lists, and our barrier types (freins) on top.

Freins are data (``data/freins.csv``): each one includes thématiques or whole categories
(a category slug means all its sub-thématiques) and may exclude some.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from data_inclusion.schema.v1 import Categorie, Thematique

from catalogue.settings import PROJECT_ROOT

FREINS_CSV = PROJECT_ROOT / "data" / "freins.csv"

CATEGORIES: frozenset[str] = frozenset(c.value for c in Categorie)
THEMATIQUES: frozenset[str] = frozenset(t.value for t in Thematique)


def category_of(thematique: str) -> str:
    return thematique.split("--", 1)[0]


def expand_thematiques(slugs: Iterable[str]) -> frozenset[str]:
    """Sub-thématiques meant by a list of thématiques and/or categories."""
    out: set[str] = set()
    for slug in slugs:
        if slug in CATEGORIES:
            out.update(t for t in THEMATIQUES if category_of(t) == slug)
        elif slug in THEMATIQUES:
            out.add(slug)
        else:
            raise ValueError(f"thématique inconnue : {slug!r}")
    return frozenset(out)


@dataclass(frozen=True)
class Frein:
    slug: str
    libelle: str
    thematiques: frozenset[str]


@cache
def freins() -> dict[str, Frein]:
    """The barrier types, in the order of ``data/freins.csv``."""
    with FREINS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    result: dict[str, Frein] = {}
    for row in rows:
        included = expand_thematiques(row["inclut"].split())
        excluded = expand_thematiques(row["exclut"].split())
        result[row["frein"]] = Frein(row["frein"], row["libelle"], included - excluded)
    return result


def freins_of(thematiques: Iterable[str]) -> list[str]:
    """The barrier types a service addresses, given its thématiques."""
    themes = set(thematiques)
    return [f.slug for f in freins().values() if f.thematiques & themes]


def categories_of(thematiques: Iterable[str]) -> list[str]:
    return sorted({category_of(t) for t in thematiques})


_LABELS = {t.value: t.label for t in Thematique} | {c.value: c.label for c in Categorie}


def labels_of(thematiques: Iterable[str]) -> str:
    """The words a person would search for: labels of the thématiques, their categories
    and their freins (so « logement » finds an emergency shelter)."""
    themes = list(thematiques)
    parts = [_LABELS[t] for t in themes if t in _LABELS]
    parts += [_LABELS[c] for c in categories_of(themes) if c in _LABELS]
    parts += [freins()[f].libelle for f in freins_of(themes)]
    return " · ".join(dict.fromkeys(parts))


# The two taxonomies the catalogue publishes as HSDS (api/hsds), and its HSDS importer
# reads back: data·inclusion's thématiques, and our freins over them.
THEMATIQUES_TAXONOMY = "data·inclusion : thématiques"
FREINS_TAXONOMY = "Maillage : freins périphériques"
