"""``/search/services`` as data·inclusion's: Maillage's own search (either backend, the
same eligibility, radius and closures) answering in data·inclusion's shape; with no
place, the filtered list, with no distance, as data·inclusion does."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from api.data_inclusion.queries import (
    ALL_PUBLICS,
    ServiceFilters,
    page_of,
    paginated,
    services_by_uid,
)
from api.search.backend import SearchBackend
from api.search.params import MAX_TAILLE, SearchParams
from api.search.service import build_query
from catalogue.models import SERVICES as _S
from catalogue.settings import Settings


def search_services(
    engine: Engine,
    backend: SearchBackend,
    settings: Settings,
    *,
    code_commune: str | None,
    lat: float | None,
    lon: float | None,
    filters: ServiceFilters,
    page: int,
    size: int,
) -> dict[str, Any]:
    if code_commune is None and lat is None and lon is None:
        stmt = select(_S.c.uid).where(*filters.where()).order_by(_S.c.source, _S.c.id)
        with engine.connect() as conn:
            total, rows = page_of(conn, stmt, page, size)
            services = services_by_uid(conn, [r["uid"] for r in rows])
        items: list[dict[str, Any]] = [
            {"service": services[r["uid"]], "distance": None} for r in rows
        ]
        return paginated(items, total, page, size)
    # Pages of Maillage's search hold 100 results at most: ``pages`` counts those.
    size = min(size, MAX_TAILLE)
    params = SearchParams(
        code_commune=code_commune,
        lat=lat,
        lon=lon,
        freins=filters.freins,
        thematiques=filters.thematiques,
        # data·inclusion: asking for « tous-publics » is asking for every public.
        publics=() if ALL_PUBLICS in filters.publics else filters.publics,
        frais=filters.frais,
        types=filters.types,
        modes_accueil=filters.modes_accueil,
        sources=filters.sources,
        masquer_doublons=filters.exclure_doublons,
        page=page,
        taille=size,
    )
    result = backend.search(build_query(engine, params, settings.search, settings.geocoder))
    uids = [uuid.UUID(hit.uid) for hit in result.hits]
    with engine.connect() as conn:
        services = services_by_uid(conn, uids)
    items = [
        {
            "service": services[uid],
            "distance": None if hit.distance_km is None else round(hit.distance_km),
        }
        for hit, uid in zip(result.hits, uids, strict=True)
        if uid in services  # (gone since the index answered)
    ]
    return paginated(items, result.total, page, size)
