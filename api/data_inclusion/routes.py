"""``/data-inclusion/api/v1``: data·inclusion's API paths over Maillage's catalogue.
Lists are repeated parameters (``?thematiques=a&thematiques=b``) or comma-separated."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Thematique,
    TypeService,
)
from fastapi import APIRouter, Depends, Query

from api.data_inclusion import queries
from api.data_inclusion.search import search_services
from api.deps import BackendDep, EngineDep, SettingsDep
from api.search.params import (
    checked_code_commune,
    checked_coordinates,
    checked_frais,
    checked_freins,
    checked_modes,
    checked_publics,
    checked_sources,
    checked_thematiques,
    checked_types,
    split_values,
)
from catalogue.errors import ParametreInvalide

PREFIX = "/data-inclusion/api/v1"
router = APIRouter(prefix=PREFIX, tags=["Compatibilité data·inclusion"])

DEFAULT_SIZE, MAX_SIZE = 5000, 10000  # data·inclusion's
Values = Annotated[list[str] | None, Query()]
Page = Annotated[int, Query(ge=1, le=100_000, description="Page (à partir de 1).")]
Size = Annotated[int, Query(ge=1, le=MAX_SIZE, description="Éléments par page (10 000 au plus).")]
CodeDepartement = Annotated[str | None, Query(max_length=3, description="Code du département.")]
CodeRegion = Annotated[str | None, Query(max_length=3, description="Code de la région.")]
CodeCommune = Annotated[str | None, Query(max_length=5, description="Code INSEE de la commune.")]
Freins = Annotated[
    list[str] | None,
    Query(description=("Propre à Maillage : freins périphériques (voir /api/v1/referentiels).")),
]


def _place(
    code_commune: str | None, code_departement: str | None, code_region: str | None
) -> queries.Place:
    return queries.Place(
        checked_code_commune(code_commune),
        code_departement.strip().upper() if code_departement else None,
        code_region.strip() if code_region else None,
    )


def service_filters(
    sources: Values = None,
    thematiques: Values = None,
    freins: Freins = None,
    frais: Values = None,
    types: Values = None,
    publics: Values = None,
    modes_accueil: Values = None,
) -> queries.ServiceFilters:
    """The services' filters both lists and search take, checked."""
    return queries.ServiceFilters(
        sources=checked_sources(split_values(sources)),
        thematiques=checked_thematiques(split_values(thematiques)),
        freins=checked_freins(split_values(freins)),
        frais=checked_frais(split_values(frais)),
        types=checked_types(split_values(types)),
        publics=checked_publics(split_values(publics)),
        modes_accueil=checked_modes(split_values(modes_accueil)),
    )


Filters = Annotated[queries.ServiceFilters, Depends(service_filters)]


@router.get(
    "/structures",
    summary="Lister les structures",
    description=(
        "Les structures du catalogue, paginées comme chez data·inclusion, avec "
        "leurs doublons (`doublons`) ; `exclure_doublons` ne garde que la "
        "structure qui représente chaque groupe."
    ),
)
def list_structures(
    engine: EngineDep,
    sources: Values = None,
    reseaux_porteurs: Values = None,
    code_commune: CodeCommune = None,
    code_departement: CodeDepartement = None,
    code_region: CodeRegion = None,
    exclure_doublons: bool = False,
    page: Page = 1,
    size: Size = DEFAULT_SIZE,
) -> dict[str, Any]:
    reseaux = split_values(reseaux_porteurs)
    known = {r.value for r in ReseauPorteur}
    if unknown := [r for r in reseaux if r not in known]:
        raise ParametreInvalide(f"« reseaux_porteurs » : valeur inconnue « {unknown[0][:80]} ».")
    with engine.connect() as conn:
        return queries.list_structures(
            conn,
            sources=checked_sources(split_values(sources)),
            reseaux_porteurs=reseaux,
            place=_place(code_commune, code_departement, code_region),
            exclure_doublons=exclure_doublons,
            page=page,
            size=size,
        )


@router.get(
    "/structures/{id}",
    summary="Une structure, ses doublons et ses services",
    description=(
        "La structure d'identifiant `id`, les autres fiches du même lieu et ses services publiés."
    ),
)
def get_structure(engine: EngineDep, id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return queries.structure_detail(conn, None, id)


@router.get(
    "/structures/{source}/{id}",
    summary="Une structure, par source et identifiant",
    description=(
        "La structure de la source et de l'identifiant donnés, quand deux "
        "sources partagent un identifiant."
    ),
)
def get_structure_of_source(engine: EngineDep, source: str, id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return queries.structure_detail(conn, source, id)


@router.get(
    "/services",
    summary="Lister les services",
    description=(
        "Les services publiés et ouverts aujourd'hui, filtrés comme ceux de "
        "data·inclusion (une catégorie vaut toutes les thématiques de la "
        "catégorie), paginés."
    ),
)
def list_services(
    engine: EngineDep,
    filters: Filters,
    code_commune: CodeCommune = None,
    code_departement: CodeDepartement = None,
    code_region: CodeRegion = None,
    page: Page = 1,
    size: Size = DEFAULT_SIZE,
) -> dict[str, Any]:
    place = _place(code_commune, code_departement, code_region)
    with engine.connect() as conn:
        return queries.list_services(conn, replace(filters, place=place), page, size)


def _service(engine: Any, source: str | None, ident: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return queries.service_detail(conn, source, ident)


@router.get(
    "/services/{id}",
    summary="Un service, avec sa structure",
    description="Le service d'identifiant `id`, avec la structure qui le propose.",
)
def get_service(engine: EngineDep, id: str) -> dict[str, Any]:
    return _service(engine, None, id)


@router.get(
    "/services/{source}/{id}",
    summary="Un service, par source et identifiant",
    description="Le service de la source et de l'identifiant donnés, avec sa structure.",
)
def get_service_of_source(engine: EngineDep, source: str, id: str) -> dict[str, Any]:
    return _service(engine, source, id)


@router.get(
    "/search/services",
    summary="Chercher des services autour d'une commune ou d'un point",
    description="La recherche de Maillage (rayon de 50 km, éligibilité, services fermés "
    "écartés) dans la forme de data·inclusion ; `distance` en km entiers, nulle pour un "
    "service à distance. Sans lieu : la liste filtrée, sans distance. Pages de 100 "
    "résultats au plus.",
)
def search(
    engine: EngineDep,
    backend: BackendDep,
    settings: SettingsDep,
    filters: Filters,
    code_commune: CodeCommune = None,
    lat: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    lon: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    exclure_doublons: bool = False,
    page: Page = 1,
    size: Size = DEFAULT_SIZE,
) -> dict[str, Any]:
    checked_coordinates(lat, lon)
    return search_services(
        engine,
        backend,
        settings,
        code_commune=checked_code_commune(code_commune),
        lat=lat,
        lon=lon,
        filters=replace(filters, exclure_doublons=exclure_doublons),
        page=page,
        size=size,
    )


@router.get(
    "/sources",
    summary="Les sources des données",
    description="Les sources dont le catalogue tient des enregistrements.",
)
def list_sources(engine: EngineDep) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return queries.sources(conn)


REFERENTIELS: dict[str, Any] = {
    "frais": Frais,
    "modes-accueil": ModeAccueil,
    "modes-mobilisation": ModeMobilisation,
    "personnes-mobilisatrices": PersonneMobilisatrice,
    "publics": Public,
    "reseaux-porteurs": ReseauPorteur,
    "thematiques": Thematique,
    "types-services": TypeService,
}


@router.get(
    "/doc/{referentiel}",
    summary="Les valeurs d'un référentiel du schéma",
    description=(
        "Les valeurs, libellés et descriptions d'un des référentiels du schéma data·inclusion v1."
    ),
)
def referentiel(referentiel: str) -> list[dict[str, Any]]:
    enum = REFERENTIELS.get(referentiel)
    if enum is None:
        known = ", ".join(REFERENTIELS)
        raise ParametreInvalide(f"Référentiel inconnu « {referentiel[:40]} » ({known}).")
    items = [{"value": v.value, "label": v.label, "description": v.description} for v in enum]
    return sorted(items, key=lambda item: item["value"])
