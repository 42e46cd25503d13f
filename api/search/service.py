"""Search as the API and the CLI run it: resolve the place, ask a backend, describe hits."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from api.search.backend import SearchBackend
from api.search.location import resolve_location
from api.search.params import (
    SearchParams,
    checked_frais,
    checked_freins,
    checked_modes,
    checked_paging,
    checked_publics,
    checked_q,
    checked_sources,
    checked_thematiques,
    checked_types,
)
from api.search.query import SearchQuery
from api.search.results import describe
from catalogue.settings import GeocoderSettings, SearchSettings


def build_query(
    engine: Engine,
    params: SearchParams,
    settings: SearchSettings,
    geocoder: GeocoderSettings | None = None,
) -> SearchQuery:
    """Check every parameter (French errors) and resolve the location (an ``adresse``
    through the geocoder, when there is one)."""
    page, taille = checked_paging(params.page, params.taille)
    freins = checked_freins(params.freins)
    thematiques = checked_thematiques(params.thematiques)
    publics = checked_publics(params.publics)
    frais = checked_frais(params.frais)
    types = checked_types(params.types)
    modes_accueil = checked_modes(params.modes_accueil)
    sources = checked_sources(params.sources)
    q = checked_q(params.q)
    with engine.connect() as conn:
        location = resolve_location(
            conn,
            code_commune=params.code_commune,
            lat=params.lat,
            lon=params.lon,
            adresse=params.adresse,
            rayon_km=params.rayon_km,
            default_radius_km=settings.default_radius_km,
            max_radius_km=settings.max_radius_km,
            geocoder=geocoder,
        )
    return SearchQuery(
        location=location,
        freins=freins,
        thematiques=thematiques,
        publics=publics,
        frais=frais,
        types=types,
        modes_accueil=modes_accueil,
        sources=sources,
        q=q,
        masquer_doublons=params.masquer_doublons,
        page=page,
        taille=taille,
    )


def run_search(
    engine: Engine,
    backend: SearchBackend,
    params: SearchParams,
    settings: SearchSettings,
    geocoder: GeocoderSettings | None = None,
) -> dict[str, Any]:
    """The full search answer, as served by ``GET /api/v1/search``."""
    query = build_query(engine, params, settings, geocoder)
    result = backend.search(query)
    location = query.location
    commune = location.commune
    return {
        "total": result.total,
        "total_a_distance": result.remote_total,
        "page": query.page,
        "taille": query.taille,
        "moteur": result.engine,
        "localisation": {
            "latitude": location.latitude,
            "longitude": location.longitude,
            "rayon_km": location.radius_km,
            "precision": location.precision,
            "adresse": location.label,
            "commune": {
                "code": commune.code,
                "nom": commune.nom,
                "code_departement": commune.departement_code,
                "code_epci": commune.epci_siren,
            },
        },
        "facettes": result.facets,
        "resultats": describe(engine, result.hits),
    }
