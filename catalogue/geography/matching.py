"""Which of the communes sharing a postcode a source means by a name (pure logic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from catalogue.geography.names import normalise_name


class _Named(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def nom(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def parent_code(self) -> str | None: ...


C = TypeVar("C", bound=_Named)


def match_in_postcode(candidates: Sequence[C], name: str | None) -> C | None:
    """The candidate named ``name``, else one whose name ``name`` starts ("MARSEILLE" for
    "Marseille 1er Arrondissement"), else the only candidate; None when ambiguous.

    ``candidates`` share one postcode and come arrondissements first, then by population.
    """
    wanted = normalise_name(name or "")
    if wanted:
        exact = [c for c in candidates if normalise_name(c.nom) == wanted]
        if exact:
            # "MARSEILLE" in 13001: the one arrondissement of that postcode is more precise.
            arrondissements = [c for c in candidates if c.parent_code == exact[0].code]
            return arrondissements[0] if len(arrondissements) == 1 else exact[0]
        prefixed = [c for c in candidates if normalise_name(c.nom).startswith(wanted + " ")]
        if len(prefixed) == 1 or (prefixed and prefixed[0].type == "ARM"):
            return prefixed[0]
    if len(candidates) == 1:
        return candidates[0]
    return None
