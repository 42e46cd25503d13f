"""``GET /api/v1/referentiels/{nom}`` and ``GET /api/v1/communes?q=``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import EngineDep, SettingsDep
from api.reference.queries import REFERENTIELS, referentiel, suggest_communes
from catalogue.geocoding.client import GeocodeurIndisponible, search

router = APIRouter(prefix="/api/v1", tags=["Référentiels"])


class Valeur(BaseModel):
    valeur: str = Field(examples=["mobilite"])
    libelle: str = Field(examples=["Mobilité"])
    description: str | None = None
    categorie: str | None = Field(None, description="Pour une thématique : sa catégorie.")
    thematiques: list[str] | None = Field(None, description="Pour un frein : ses thématiques.")


class CommuneSuggestion(BaseModel):
    code: str = Field(description="Code INSEE.", examples=["13108"])
    nom: str = Field(examples=["Tarascon"])
    libelle: str = Field(description="Pour l'affichage.", examples=["Tarascon (13150)"])
    code_departement: str
    departement: str
    codes_postaux: list[str]
    population: int
    latitude: float
    longitude: float


class AdresseSuggestion(BaseModel):
    libelle: str = Field(examples=["12 Rue de la République 13002 Marseille"])
    precision: str = Field(description="« adresse » (un numéro) ou « rue ».")
    code_commune: str | None = Field(None, description="Code INSEE (ou d'arrondissement).")
    latitude: float
    longitude: float


@router.get(
    "/referentiels/{nom}",
    response_model=list[Valeur],
    response_model_exclude_none=True,
    summary="Valeurs possibles d'un filtre",
    description="Référentiels : " + ", ".join(f"`{n}`" for n in REFERENTIELS) + ". Les freins "
    "sont propres à Maillage (chacun regroupe des thématiques) ; les autres viennent du "
    "schéma data·inclusion v1.",
    responses={422: {"description": "Référentiel inconnu."}},
)
def get_referentiel(nom: str) -> list[dict[str, Any]]:
    return referentiel(nom)


@router.get(
    "/communes",
    response_model=list[CommuneSuggestion],
    summary="Autocomplétion des communes",
    description="Communes dont le nom (sans accents ni article) ou un code postal commence "
    "par `q`, les plus peuplées d'abord.",
)
def get_communes(
    engine: EngineDep,
    q: Annotated[
        str, Query(description="Début d'un nom ou d'un code postal.", examples=["tara", "131"])
    ],
    limite: Annotated[int, Query(description="Nombre de suggestions (50 au plus).")] = 10,
) -> list[dict[str, Any]]:
    return suggest_communes(engine, q, limite)


@router.get(
    "/adresses",
    response_model=list[AdresseSuggestion],
    summary="Autocomplétion des adresses",
    description="Adresses et voies de la Base Adresse Nationale qui correspondent à `q`, "
    "selon le géocodeur configuré ; aucune sans géocodeur.",
)
def get_adresses(
    settings: SettingsDep,
    q: Annotated[str, Query(description="Début d'une adresse.", examples=["12 rue de la rép"])],
    limite: Annotated[int, Query(description="Nombre de suggestions (10 au plus).")] = 5,
) -> list[dict[str, Any]]:
    if not settings.geocoder.url or len(q.strip()) < 3:
        return []
    try:
        answers = search(
            settings.geocoder.url,
            q.strip()[:200],
            limit=max(1, min(limite, 10)),
            timeout_s=2.0,
            autocomplete=True,
        )
    except GeocodeurIndisponible:
        return []  # suggestions are a convenience: the search itself says what failed
    return [
        {
            "libelle": a.label,
            "precision": "adresse" if a.type == "housenumber" else "rue",
            "code_commune": a.citycode,
            "latitude": a.latitude,
            "longitude": a.longitude,
        }
        for a in answers
        if a.type in ("housenumber", "street", "locality") and a.label
    ]
