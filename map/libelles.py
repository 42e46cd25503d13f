"""French labels of vocabulary values, for pages (the schema's own labels, and ours)."""

from __future__ import annotations

from enum import Enum
from functools import cache

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    Thematique,
    TypeService,
)

from catalogue.vocabulary import freins

_ENUMS: dict[str, type[Enum]] = {
    "frais": Frais,
    "modes_accueil": ModeAccueil,
    "modes_mobilisation": ModeMobilisation,
    "mobilisable_par": PersonneMobilisatrice,
    "publics": Public,
    "thematiques": Thematique,
    "types": TypeService,
}


@cache
def libelles(kind: str) -> dict[str, str]:
    """Value → label for one list (``freins`` or a data·inclusion reference list)."""
    if kind == "freins":
        return {f.slug: f.libelle for f in freins().values()}
    return {str(item.value): str(item.label) for item in _ENUMS[kind]}  # type: ignore[attr-defined]


def libelle(kind: str, value: str | None) -> str:
    """The label of a value; the value itself when unknown (never a failure)."""
    if value is None:
        return ""
    return libelles(kind).get(value, value)
