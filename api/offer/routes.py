"""``GET /api/v1/services/{uid}`` and ``GET /api/v1/structures/{uid}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import EngineDep
from api.offer.queries import service_sheet, structure_sheet
from api.offer.schemas import ServiceFiche, StructureFiche

router = APIRouter(prefix="/api/v1", tags=["Catalogue"])

EXAMPLE_UID = "eb107682-a57b-5be4-a18f-90f2668f7587"


@router.get(
    "/services/{uid}",
    response_model=ServiceFiche,
    summary="Fiche d'un service",
    description="Tous les champs data·inclusion v1 du service, ses freins, sa structure et "
    "sa localisation. `uid` est l'identifiant Maillage donné par la recherche.",
    responses={404: {"description": "Service inconnu, archivé ou non publié."}},
)
def get_service(uid: str, engine: EngineDep) -> dict[str, Any]:
    return service_sheet(engine, uid)


@router.get(
    "/structures/{uid}",
    response_model=StructureFiche,
    summary="Fiche d'une structure, avec ses services",
    description="Tous les champs data·inclusion v1 de la structure et la liste de ses "
    "services publiés.",
    responses={404: {"description": "Structure inconnue ou archivée."}},
)
def get_structure(uid: str, engine: EngineDep) -> dict[str, Any]:
    return structure_sheet(engine, uid)
