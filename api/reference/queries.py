"""Reference lists (for filters and forms) and commune autocomplete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from data_inclusion.schema.v1 import (
    Categorie,
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import ParametreInvalide
from catalogue.geography.names import normalise_name
from catalogue.vocabulary import category_of, freins


def _enum(enum: Any) -> Callable[[], list[dict[str, Any]]]:
    def values() -> list[dict[str, Any]]:
        return [
            {"valeur": item.value, "libelle": item.label, "description": item.description}
            for item in enum
        ]

    return values


def _freins() -> list[dict[str, Any]]:
    return [
        {"valeur": f.slug, "libelle": f.libelle, "thematiques": sorted(f.thematiques)}
        for f in freins().values()
    ]


def _thematiques() -> list[dict[str, Any]]:
    return [{**item, "categorie": category_of(item["valeur"])} for item in _enum(Thematique)()]


REFERENTIELS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "freins": _freins,
    "categories": _enum(Categorie),
    "thematiques": _thematiques,
    "publics": _enum(Public),
    "frais": _enum(Frais),
    "types": _enum(TypeService),
    "modes_accueil": _enum(ModeAccueil),
    "modes_mobilisation": _enum(ModeMobilisation),
    "mobilisable_par": _enum(PersonneMobilisatrice),
    "reseaux_porteurs": _enum(ReseauPorteur),
}


def referentiel(name: str) -> list[dict[str, Any]]:
    if name not in REFERENTIELS:
        raise ParametreInvalide(
            f"Référentiel inconnu « {name[:40]} ». Référentiels : {', '.join(REFERENTIELS)}."
        )
    return REFERENTIELS[name]()


MAX_SUGGESTIONS = 50


def suggest_communes(engine: Engine, q: str, limit: int = 10) -> list[dict[str, Any]]:
    """Communes whose name or postcode starts like ``q``, most populous first."""
    q = q.strip()
    if not q:
        raise ParametreInvalide("« q » est vide : tapez le début d'un nom ou d'un code postal.")
    if len(q) > 100:
        raise ParametreInvalide("« q » : 100 caractères au plus.")
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise ParametreInvalide(f"« limite » doit être compris entre 1 et {MAX_SUGGESTIONS}.")
    if q.isdigit():
        where = "EXISTS (SELECT 1 FROM unnest(c.codes_postaux) cp WHERE cp LIKE :prefix)"
        prefix = q + "%"
    else:
        where = "c.nom_normalise LIKE :prefix"
        prefix = normalise_name(q).replace("%", "").replace("_", "") + "%"
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"""
            SELECT c.code, c.nom, c.departement_code, d.nom AS departement, c.codes_postaux,
                   c.population, ST_Y(c.point) AS latitude, ST_X(c.point) AS longitude
              FROM communes c JOIN departements d ON d.code = c.departement_code
             WHERE c.type = 'COM' AND {where}
             ORDER BY c.population DESC, c.code
             LIMIT :limit
            """
            ),
            {"prefix": prefix, "limit": limit},
        ).all()
    return [
        {
            "code": r.code,
            "nom": r.nom,
            "code_departement": r.departement_code,
            "departement": r.departement,
            "codes_postaux": r.codes_postaux,
            "population": r.population,
            "latitude": r.latitude,
            "longitude": r.longitude,
            "libelle": f"{r.nom} ({', '.join(r.codes_postaux[:3]) or r.departement_code})",
        }
        for r in rows
    ]
