"""The referent's search as it lives in the URL: parsed leniently (a page never answers a
bare 422), turned into ``SearchParams``, and written back into links (paging, filters),
so that every state can be shared and the back button restores it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from api.search.params import SearchParams, split_values

RAYONS = (5, 10, 20, 30, 50, 100)
RAYON_DEFAUT = 30
TAILLE = 10
MAX_TEXTE = 200


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default
    return value if low <= value <= high else default


def _text(raw: str | None) -> str:
    return (raw or "").strip()[:MAX_TEXTE]


@dataclass(frozen=True)
class Recherche:
    lieu: str = ""
    code_commune: str = ""
    rayon_km: int = RAYON_DEFAUT
    freins: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    q: str = ""
    masquer_doublons: bool = False
    page: int = 1

    @classmethod
    def depuis(cls, query: QueryParams) -> Recherche:
        def values(name: str) -> tuple[str, ...]:
            return split_values(query.getlist(name))

        return cls(
            lieu=_text(query.get("lieu")),
            code_commune=_text(query.get("code_commune"))[:10],
            rayon_km=_int(query.get("rayon_km"), RAYON_DEFAUT, 1, 200),
            freins=values("freins"),
            publics=values("publics"),
            frais=values("frais"),
            modes_accueil=values("modes_accueil"),
            q=_text(query.get("q")),
            masquer_doublons=query.get("masquer_doublons") == "1",
            page=_int(query.get("page"), 1, 1, 1000),
        )

    @property
    def lancee(self) -> bool:
        """A place was given: there is something to search."""
        return bool(self.lieu or self.code_commune)

    @property
    def criteres_avances(self) -> int:
        """How many secondary criteria are set (the form shows them open when any)."""
        return len(self.publics) + len(self.frais) + len(self.modes_accueil) + self.masquer_doublons

    def params(self, **changes: Any) -> SearchParams:
        """The search itself; the chosen commune wins over the typed text."""
        state = replace(self, **changes) if changes else self
        return SearchParams(
            code_commune=state.code_commune or None,
            adresse=None if state.code_commune else state.lieu,
            rayon_km=state.rayon_km,
            freins=state.freins,
            publics=state.publics,
            frais=state.frais,
            modes_accueil=state.modes_accueil,
            q=state.q or None,
            masquer_doublons=state.masquer_doublons,
            page=state.page,
            taille=TAILLE,
        )

    def query(self, **changes: Any) -> list[tuple[str, str]]:
        state = replace(self, **changes) if changes else self
        pairs: list[tuple[str, str]] = [("lieu", state.lieu)]
        if state.code_commune:
            pairs.append(("code_commune", state.code_commune))
        pairs.append(("rayon_km", str(state.rayon_km)))
        for name in ("freins", "publics", "frais", "modes_accueil"):
            pairs.extend((name, value) for value in getattr(state, name))
        if state.q:
            pairs.append(("q", state.q))
        if state.masquer_doublons:
            pairs.append(("masquer_doublons", "1"))
        if state.page > 1:
            pairs.append(("page", str(state.page)))
        return pairs

    def url(self, **changes: Any) -> str:
        return "/recherche?" + urlencode(self.query(**changes))


def pages_around(current: int, last: int, width: int = 2) -> list[int | None]:
    """Page numbers to show, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    out: list[int | None] = []
    for page in shown:
        if out and page - (out[-1] or 0) > 1:
            out.append(None)
        out.append(page)
    return out


def fiche_url(uids: Iterable[str]) -> str:
    return "/fiche?" + urlencode({"services": ",".join(uids)})
