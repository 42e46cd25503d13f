"""``/services/{uid}`` and ``/structures/{uid}``: everything needed to go there or call,
with the form to report an error. Thin: the sheets come from ``api.offer.queries``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import EngineDep, SettingsDep
from api.offer.queries import service_sheet, structure_sheet
from catalogue.errors import MaillageError
from catalogue.geocoding.nearest import nearest_address
from catalogue.settings import Settings
from map.maps import Lieu, places_map
from map.signalements import MAX_MESSAGE, Cible
from map.templating import Pages, PagesDep

router = APIRouter(include_in_schema=False)


def _lieu(sheet: dict[str, Any], name: str) -> list[Lieu]:
    where = sheet["localisation"]
    if where["latitude"] is None:
        return []
    return [Lieu(where["latitude"], where["longitude"], 0, name)]


def _nearby(settings: Settings, place: dict[str, Any], where: dict[str, Any]) -> str | None:
    """The nearest address of a point its source gave without an address (reverse
    geocoding, when a geocoder is configured)."""
    if place.get("adresse") or where["precision"] != "source" or where["latitude"] is None:
        return None
    return nearest_address(settings.geocoder, where["longitude"], where["latitude"])


def signalement_context(pages: Pages, target: Cible, request: Request) -> dict[str, Any]:
    """What the « Signaler une erreur » form needs (a fresh token for this target)."""
    return {
        "signalement": {
            "cible": target,
            "jeton": pages.jetons.emettre(target),
            "envoye": request.query_params.get("signalement") == "merci",
            "max_message": MAX_MESSAGE,
        }
    }


@router.get("/services/{uid}", response_class=HTMLResponse)
def service_page(
    uid: str, request: Request, engine: EngineDep, settings: SettingsDep, pages: PagesDep
) -> HTMLResponse:
    try:
        service = service_sheet(engine, uid)
        structure = structure_sheet(engine, service["structure"]["uid"])
    except MaillageError as error:
        return pages.error(request, error)
    # Where to go: the service's own place, else its structure's (schema: may be absent).
    lieu = _lieu(service, service["nom"]) or _lieu(structure, structure["nom"])
    adresse_de = service if service["adresse"] or service["commune"] else structure
    point = service if service["localisation"]["latitude"] is not None else structure
    context = {
        "service": service,
        "structure": structure,
        "adresse_de": adresse_de,
        "adresse_proche": _nearby(settings, adresse_de, point["localisation"]),
        "autres": [s for s in structure["services"] if s["uid"] != service["uid"]],
        "carte": places_map(settings.web, lieu),
        **signalement_context(pages, Cible("service", service["uid"]), request),
    }
    return pages.render(request, "service.html", context)


@router.get("/structures/{uid}", response_class=HTMLResponse)
def structure_page(
    uid: str, request: Request, engine: EngineDep, settings: SettingsDep, pages: PagesDep
) -> HTMLResponse:
    try:
        structure = structure_sheet(engine, uid)
    except MaillageError as error:
        return pages.error(request, error)
    context = {
        "structure": structure,
        "adresse_proche": _nearby(settings, structure, structure["localisation"]),
        "carte": places_map(settings.web, _lieu(structure, structure["nom"])),
        **signalement_context(pages, Cible("structure", structure["uid"]), request),
    }
    return pages.render(request, "structure.html", context)
