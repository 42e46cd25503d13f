"""``/hsds``: the catalogue as Open Referral's HSDS 3.0 API — ``/``, ``/services``,
``/services/{id}``, ``/organizations``, ``/service_at_locations`` (``postcode`` and
``proximity``), ``/taxonomies`` and ``/taxonomy_terms``; pages of HSDS's ``Page``,
``format=ndjson`` streaming every result."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Select
from sqlalchemy.engine import Engine

from api.deps import EngineDep
from api.hsds import documents, queries
from api.offer.queries import parse_uid
from catalogue.errors import ParametreInvalide
from catalogue.records.closures import today

router = APIRouter(prefix="/hsds", tags=["HSDS 3.0 (Open Referral)"])
HSDS_VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/latest/hsds/overview.html"

PageNumber = Annotated[int, Query(ge=1, le=100_000, description="Page (à partir de 1).")]
PerPage = Annotated[int, Query(ge=1, le=1000, description="Éléments par page (1 000 au plus).")]
Format = Annotated[
    str,
    Query(pattern="^(json|ndjson)$", description="`ndjson` : tous les résultats, un par ligne."),
]
Full = Annotated[bool, Query(description="Objets complets (imbriqués).")]


@dataclass(frozen=True)
class Listing:
    """Which page of a list, or all of it as NDJSON."""

    page: int
    per_page: int
    format: str


def listing(page: PageNumber = 1, per_page: PerPage = 50, format: Format = "json") -> Listing:
    return Listing(page, per_page, format)


ListingDep = Annotated[Listing, Depends(listing)]


@router.get(
    "/",
    summary="Version HSDS de cette API",
    description="La version de HSDS que parle cette API et l'adresse de la description OpenAPI.",
)
def about(request: Request) -> dict[str, str]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE,
        "openapi_url": f"{request.base_url}api/openapi.json",
    }


def _answer(
    engine: Engine, stmt: Select[Any], document: Callable[[Any], dict[str, Any]], asked: Listing
) -> Any:
    if asked.format == "ndjson":

        def lines() -> Iterator[bytes]:
            with engine.connect() as conn:
                for row in queries.every_row(conn, stmt):
                    yield json.dumps(document(row), ensure_ascii=False).encode() + b"\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")
    with engine.connect() as conn:
        found = queries.page(conn, stmt, asked.page, asked.per_page)
    return found.envelope([document(row) for row in found.rows])


def _organization_id(raw: str | None) -> Any:
    if raw is None:
        return None
    uid = parse_uid(raw)
    if uid is None:
        raise ParametreInvalide("« organization_id » : identifiant d'organisation invalide.")
    return uid


def _minimal(row: Any, day: date) -> dict[str, Any]:
    document = documents.service(row, day, full=False)
    return {"id": document["id"], "last_modified": document["last_modified"]}


@router.get(
    "/services",
    summary="Lister les services",
    description=(
        "Les services publiés, au format HSDS 3.0, paginés (`Page`) ou tous en "
        "NDJSON ; les services fermés aujourd'hui y figurent avec leur statut."
    ),
)
def list_services(
    engine: EngineDep,
    asked: ListingDep,
    full: Full = False,
    minimal: Annotated[bool, Query(description="Seulement `id` et `last_modified`.")] = False,
    modified_after: Annotated[date | None, Query(description="Modifiés ce jour ou après.")] = None,
    organization_id: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
) -> Any:
    filters = queries.ServiceFilters(
        modified_after, _organization_id(organization_id), taxonomy_term_id, taxonomy_id
    )
    day = today()

    def document(row: Any) -> dict[str, Any]:
        if minimal:
            return _minimal(row, day)
        return documents.service(row, day, full=full)

    return _answer(engine, queries.services(filters), document, asked)


@router.get(
    "/services/{id}",
    summary="Un service complet",
    description=(
        "Le service complet : son organisation, ses lieux et les termes des "
        "taxonomies qui le décrivent."
    ),
)
def get_service(engine: EngineDep, id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return documents.service(queries.one_service(conn, id), today())


@router.get(
    "/organizations",
    summary="Lister les organisations",
    description=(
        "Les organisations, c'est-à-dire les structures du catalogue, au format HSDS 3.0."
    ),
)
def list_organizations(engine: EngineDep, asked: ListingDep) -> Any:
    return _answer(engine, queries.organizations(), documents.organization, asked)


@router.get(
    "/organizations/{id}",
    summary="Une organisation et ses services",
    description="L'organisation et la liste de ses services.",
)
def get_organization(engine: EngineDep, id: str) -> dict[str, Any]:
    day = today()
    with engine.connect() as conn:
        row = queries.one_organization(conn, id)
        services = queries.services_of(conn, row["structure_uid"])
    return {
        **documents.organization(row),
        "services": [documents.service(s, day, full=False) for s in services],
    }


@router.get(
    "/service_at_locations",
    summary="Où les services reçoivent",
    description=(
        "Les lieux où les services reçoivent le public, près d'un code postal "
        "(`postcode`, `proximity` en mètres), les plus proches d'abord."
    ),
)
def list_service_at_locations(
    engine: EngineDep,
    asked: ListingDep,
    full: Full = False,
    postcode: Annotated[
        str | None, Query(pattern=r"^\d{5}$", description="Code postal (5 chiffres).")
    ] = None,
    proximity: Annotated[
        float | None, Query(gt=0, le=200_000, description="Distance en mètres au code postal.")
    ] = None,
    taxonomy_term_id: str | None = None,
) -> Any:
    if proximity is not None and postcode is None:
        raise ParametreInvalide("« proximity » se donne avec « postcode ».")
    near = queries.Near(postcode, proximity) if postcode else None
    stmt = queries.services(queries.ServiceFilters(taxonomy_term_id=taxonomy_term_id), near)
    day = today()

    def document(row: Any) -> dict[str, Any]:
        links = documents.service_at_locations(row)
        link = (
            links[0] if links else {"id": f"{row['uid']}--sans-lieu", "service_id": str(row["uid"])}
        )
        if full:
            link = {**link, "service": documents.service(row, day, full=False)}
        return link

    return _answer(engine, stmt, document, asked)


@router.get(
    "/taxonomies",
    summary="Les taxonomies : thématiques et freins",
    description=(
        "Les deux taxonomies publiées : les thématiques de data·inclusion et "
        "les freins périphériques de Maillage."
    ),
)
def list_taxonomies() -> dict[str, Any]:
    return queries.Page([], len(documents.TAXONOMIES), 1, 1000).envelope(documents.TAXONOMIES)


@router.get(
    "/taxonomy_terms",
    summary="Les termes des taxonomies",
    description="Les termes des taxonomies, ou ceux d'une seule (`taxonomy_id`).",
)
def list_taxonomy_terms(taxonomy_id: str | None = None) -> dict[str, Any]:
    terms = [t for t in documents.taxonomy_terms() if taxonomy_id in (None, t["taxonomy_id"])]
    return queries.Page([], len(terms), 1, max(1, len(terms))).envelope(terms)
