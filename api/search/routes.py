"""``GET /api/v1/search``: thin — parse, call the search service, answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import BackendDep, EngineDep, SettingsDep
from api.search.params import SearchParams, split_values
from api.search.schemas import SearchResponse
from api.search.service import run_search

router = APIRouter(prefix="/api/v1", tags=["Recherche"])


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Chercher des services autour d'un lieu",
    description=(
        "Services d'insertion publiés, éligibles au lieu indiqué et accessibles : sur place "
        "dans le rayon (les plus proches d'abord), ou à distance (après). Le lieu est donné "
        "par **un** de : `code_commune` (code INSEE), `lat` + `lon`, `adresse` (texte libre, "
        "« 13150 Tarascon »). Les listes s'écrivent `freins=mobilite,garde-enfants` ou en "
        "répétant le paramètre ; une valeur quelconque suffit dans une liste, tous les "
        "filtres doivent être satisfaits."
    ),
    responses={
        404: {"description": "Commune inconnue."},
        422: {"description": "Paramètre invalide (message en français)."},
    },
)
def search(
    engine: EngineDep,
    backend: BackendDep,
    settings: SettingsDep,
    code_commune: Annotated[
        str | None, Query(description="Code INSEE de la commune.", examples=["13108"])
    ] = None,
    lat: Annotated[
        float | None, Query(description="Latitude WGS 84.", examples=[43.8059], allow_inf_nan=False)
    ] = None,
    lon: Annotated[
        float | None, Query(description="Longitude WGS 84.", examples=[4.658], allow_inf_nan=False)
    ] = None,
    adresse: Annotated[
        str | None,
        Query(description="Adresse ou commune en texte libre.", examples=["13150 Tarascon"]),
    ] = None,
    rayon_km: Annotated[
        float | None,
        Query(description="Rayon en km (50 par défaut).", examples=[30], allow_inf_nan=False),
    ] = None,
    freins: Annotated[
        list[str] | None,
        Query(
            description="Freins périphériques (voir /api/v1/referentiels/freins).",
            examples=["mobilite"],
        ),
    ] = None,
    thematiques: Annotated[
        list[str] | None,
        Query(
            description="Thématiques data·inclusion, ou catégories (toutes leurs sous-thématiques)."
        ),
    ] = None,
    publics: Annotated[
        list[str] | None, Query(description="Publics (inclut « tous-publics »).")
    ] = None,
    frais: Annotated[list[str] | None, Query(description="Frais : gratuit, payant.")] = None,
    types: Annotated[list[str] | None, Query(description="Types de service.")] = None,
    modes_accueil: Annotated[
        list[str] | None, Query(description="Modes d'accueil : en-presentiel, a-distance.")
    ] = None,
    sources: Annotated[list[str] | None, Query(description="Sources des données.")] = None,
    q: Annotated[
        str | None,
        Query(
            description="Texte libre, en français : tolère les fautes de frappe et les "
            "accents oubliés, connaît les synonymes des référents (« crèche », « CV »…).",
            examples=["garage solidaire"],
        ),
    ] = None,
    masquer_doublons: Annotated[
        bool,
        Query(
            description="Masque les services déjà présents via une autre source (même "
            "structure reliée entre deux sources)."
        ),
    ] = False,
    page: Annotated[int, Query(description="Page (à partir de 1).")] = 1,
    taille: Annotated[int, Query(description="Résultats par page (100 au plus).")] = 20,
) -> dict[str, Any]:
    params = SearchParams(
        code_commune=code_commune,
        lat=lat,
        lon=lon,
        adresse=adresse,
        rayon_km=rayon_km,
        freins=split_values(freins),
        thematiques=split_values(thematiques),
        publics=split_values(publics),
        frais=split_values(frais),
        types=split_values(types),
        modes_accueil=split_values(modes_accueil),
        sources=split_values(sources),
        q=q,
        masquer_doublons=masquer_doublons,
        page=page,
        taille=taille,
    )
    return run_search(engine, backend, params, settings.search, settings.geocoder)
