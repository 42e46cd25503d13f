"""Search parameters: parsed, checked against the vocabulary, explained in French.

Shared by the API (query string) and the CLI (options), so both accept exactly the same
thing. Lists may be repeated (``freins=a&freins=b``) or comma-separated (``freins=a,b``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from data_inclusion.schema.v1 import Frais, ModeAccueil, Public, TypeService

from catalogue.errors import ParametreInvalide
from catalogue.vocabulary import CATEGORIES, THEMATIQUES, expand_thematiques, freins

MAX_VALUES = 50
MAX_TAILLE = 100
MAX_PAGE = 1000
_CODE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class SearchParams:
    """Raw user input, as strings and numbers."""

    code_commune: str | None = None
    lat: float | None = None
    lon: float | None = None
    adresse: str | None = None
    rayon_km: float | None = None
    freins: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    q: str | None = None
    masquer_doublons: bool = False
    page: int = 1
    taille: int = 20


def split_values(raw: Iterable[str] | None) -> tuple[str, ...]:
    """``["a,b", "c"]`` → ``("a", "b", "c")``, blanks dropped, order kept, no repeats."""
    values: list[str] = []
    for item in raw or ():
        values.extend(v.strip() for v in item.split(","))
    return tuple(dict.fromkeys(v for v in values if v))


def _checked(name: str, values: tuple[str, ...], allowed: Iterable[str]) -> tuple[str, ...]:
    if len(values) > MAX_VALUES:
        raise ParametreInvalide(f"« {name} » : {MAX_VALUES} valeurs au plus.")
    allowed_set = set(allowed)
    unknown = [v for v in values if v not in allowed_set]
    if unknown:
        shown = ", ".join(sorted(allowed_set)) if len(allowed_set) <= 20 else None
        hint = f" Valeurs possibles : {shown}." if shown else " Voir /api/v1/referentiels."
        raise ParametreInvalide(f"« {name} » : valeur inconnue « {unknown[0][:80]} ».{hint}")
    return values


def checked_freins(values: tuple[str, ...]) -> tuple[str, ...]:
    return _checked("freins", values, freins())


def checked_thematiques(values: tuple[str, ...]) -> tuple[str, ...]:
    """Categories expanded into their sub-thématiques."""
    _checked("thematiques", values, CATEGORIES | THEMATIQUES)
    return tuple(sorted(expand_thematiques(values)))


def checked_publics(values: tuple[str, ...]) -> tuple[str, ...]:
    return _checked("publics", values, (p.value for p in Public))


def checked_frais(values: tuple[str, ...]) -> tuple[str, ...]:
    return _checked("frais", values, (f.value for f in Frais))


def checked_types(values: tuple[str, ...]) -> tuple[str, ...]:
    return _checked("types", values, (t.value for t in TypeService))


def checked_modes(values: tuple[str, ...]) -> tuple[str, ...]:
    return _checked("modes_accueil", values, (m.value for m in ModeAccueil))


def checked_sources(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(values) > MAX_VALUES:
        raise ParametreInvalide(f"« sources » : {MAX_VALUES} valeurs au plus.")
    for value in values:
        if not _SOURCE.match(value):
            raise ParametreInvalide(f"« sources » : nom de source invalide « {value[:80]} ».")
    return values


def checked_code_commune(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip().upper()
    if not _CODE_COMMUNE.match(code):
        raise ParametreInvalide(
            f"« code_commune » : « {code[:20]} » n'est pas un code INSEE (5 caractères, "
            "par exemple 13108)."
        )
    return code


def checked_coordinates(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise ParametreInvalide("« lat » et « lon » vont ensemble : indiquez les deux.")
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ParametreInvalide("« lat » et « lon » doivent être des nombres finis.")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ParametreInvalide(
            "« lat » doit être entre -90 et 90 et « lon » entre -180 et 180 (degrés WGS 84)."
        )
    return lat, lon


def checked_radius(rayon_km: float | None, default: float, maximum: float) -> float:
    if rayon_km is None:
        return default
    if not math.isfinite(rayon_km) or rayon_km <= 0 or rayon_km > maximum:
        raise ParametreInvalide(f"« rayon_km » doit être compris entre 0 et {maximum:g} km.")
    return rayon_km


MAX_Q = 200


def checked_q(q: str | None) -> str | None:
    """The free-text query, trimmed; None when blank."""
    if q is None or not q.strip():
        return None
    if len(q) > MAX_Q:
        raise ParametreInvalide(f"« q » : {MAX_Q} caractères au plus.")
    if any(ord(ch) < 32 for ch in q):
        raise ParametreInvalide("« q » contient des caractères de contrôle.")
    return " ".join(q.split())


def checked_paging(page: int, taille: int) -> tuple[int, int]:
    if not 1 <= page <= MAX_PAGE:
        raise ParametreInvalide(f"« page » doit être compris entre 1 et {MAX_PAGE}.")
    if not 1 <= taille <= MAX_TAILLE:
        raise ParametreInvalide(f"« taille » doit être compris entre 1 et {MAX_TAILLE}.")
    return page, taille
